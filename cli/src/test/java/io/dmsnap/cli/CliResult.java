package io.dmsnap.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What one run of the command line printed and returned; runs never read the environment. */
public final class CliResult
{
    public final int exitCode;
    public final String out;
    public final String err;

    private CliResult(final int exitCode, final String out, final String err)
    {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    /** Runs the real command line with DMSNAP_DEBUG treated as unset. */
    public static CliResult run(final String... args)
    {
        return run(Dmsnap.commandLine(false), args);
    }

    /** Runs a command line built by {@link Dmsnap#commandLine(boolean)}, possibly with extra subcommands. */
    public static CliResult run(final CommandLine commandLine, final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exitCode = Dmsnap.run(commandLine, new PrintWriter(out), new PrintWriter(err), args);
        return new CliResult(exitCode, out.toString(), err.toString());
    }

    /** Whether err holds a stack trace (a frame line). */
    public boolean errHasStackTrace()
    {
        return err.contains("\tat ");
    }

    @Override
    public String toString()
    {
        return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
}
