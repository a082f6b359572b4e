package io.dmsnap.bench.cli;

/**
 * The exit codes of the {@code dmsnap} command. Scripts and nightly jobs branch on them, so they
 * never change meaning.
 */
public final class ExitCodes
{
    /** The command did what it was asked, and every check it ran held. */
    public static final int OK = 0;
    /**
     * The command ran and a check failed: an inspected image violates an invariant, a fio job hit
     * an I/O error or a verify mismatch, a stress oracle was violated.
     */
    public static final int FAILED = 1;
    /** Bad arguments or unusable input: an unknown option, preset, switch or value, a file that is not a COW. */
    public static final int USAGE = 2;
    /** A bug or an environment failure (EX_SOFTWARE): the message names the exception, --debug shows its trace. */
    public static final int INTERNAL_ERROR = 70;

    private ExitCodes()
    {
    }
}
