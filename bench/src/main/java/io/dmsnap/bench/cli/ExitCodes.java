package io.dmsnap.bench.cli;

/**
 * The exit codes of the {@code dmsnap} command. Scripts and nightly jobs branch on them, so they
 * never change meaning: later subcommands that report a verdict (a regression, a failed oracle)
 * use codes of their own above {@link #USAGE}.
 */
public final class ExitCodes
{
    /** The command did what it was asked. */
    public static final int OK = 0;
    /** A bug or an environment failure: the message names the exception, --debug shows its trace. */
    public static final int INTERNAL_ERROR = 1;
    /** Bad arguments: an unknown option, preset, switch or value, or a refused combination. */
    public static final int USAGE = 2;

    private ExitCodes()
    {
    }
}
