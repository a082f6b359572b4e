package io.dmsnap.cli;

import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.common.IoReason;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.PicocliException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Reports an exception thrown by a subcommand while it runs.
 *
 * <p>By convention of the engine, an {@link IllegalArgumentException} means bad input (an unknown
 * preset, switch or value, a refused combination); its message already names the problem and the
 * valid choices, so it is printed as {@code dmsnap: <message>} with exit code
 * {@link ExitCodes#USAGE}. Picocli may wrap such an exception in one of its own, so the cause
 * chain of picocli wrappers is looked through. An {@link UncheckedIOException} is a file the
 * command could not read or write (a job file that is a directory, an unwritable {@code --output},
 * a full disk): {@code dmsnap: <what>: <the operating system's reason>}, also exit code
 * {@link ExitCodes#USAGE}, since the user can mend it. Anything else is a bug:
 * {@code dmsnap: internal error: <class>: <message>}, exit code {@link ExitCodes#INTERNAL_ERROR}.
 * The stack trace is printed only when asked for, with {@code --debug} or {@code DMSNAP_DEBUG=1}.
 */
final class ExecutionErrorHandler implements IExecutionExceptionHandler
{
    static final String DEBUG_OPTION = "--debug";

    private final boolean debugFromEnvironment;

    /** @param debugFromEnvironment whether the environment asks for stack traces ({@code DMSNAP_DEBUG=1}) */
    ExecutionErrorHandler(final boolean debugFromEnvironment)
    {
        this.debugFromEnvironment = debugFromEnvironment;
    }

    @Override
    public int handleExecutionException(final Exception ex, final CommandLine command, final ParseResult parseResult)
    {
        final PrintWriter err = command.getErr();
        final boolean debug = debugFromEnvironment || debugRequested(parseResult);
        final IllegalArgumentException badInput = badInput(ex);
        final UncheckedIOException io = ioFailure(ex);
        final int exitCode;
        if (badInput != null)
        {
            err.println(Dmsnap.NAME + ": " + badInput.getMessage());
            exitCode = ExitCodes.USAGE;
        }
        else if (io != null)
        {
            err.println(Dmsnap.NAME + ": " + io.getMessage().replaceFirst("^[\\w.]+Exception: ", "") + ": "
                + IoReason.of(io));
            exitCode = ExitCodes.USAGE;
        }
        else
        {
            err.println(Dmsnap.NAME + ": internal error: " + ex.getClass().getName()
                + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
            if (!debug)
            {
                err.println("Run with " + DEBUG_OPTION + " or DMSNAP_DEBUG=1 to see the stack trace.");
            }
            exitCode = ExitCodes.INTERNAL_ERROR;
        }
        if (debug)
        {
            ex.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }

    /** The bad-input exception inside {@code ex}, looking through picocli's wrappers only; else null. */
    static IllegalArgumentException badInput(final Throwable ex)
    {
        final Throwable t = unwrapped(ex);
        return t instanceof IllegalArgumentException ? (IllegalArgumentException) t : null;
    }

    /** The file failure inside {@code ex}, looking through picocli's wrappers only; else null. */
    static UncheckedIOException ioFailure(final Throwable ex)
    {
        final Throwable t = unwrapped(ex);
        return t instanceof UncheckedIOException ? (UncheckedIOException) t : null;
    }

    /** {@code ex} without the picocli exceptions wrapped around it. */
    private static Throwable unwrapped(final Throwable ex)
    {
        Throwable t = ex;
        while (t instanceof PicocliException && t.getCause() != null)
        {
            t = t.getCause();
        }
        return t;
    }

    /** Whether {@code --debug} was given on the top command or on any subcommand on the way down. */
    private static boolean debugRequested(final ParseResult parseResult)
    {
        for (ParseResult level = parseResult; level != null; level = level.subcommand())
        {
            if (level.hasMatchedOption(DEBUG_OPTION))
            {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code DMSNAP_DEBUG} holds a value that means yes. */
    static boolean debugFromEnvironment(final String value)
    {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes"));
    }
}
