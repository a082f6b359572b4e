package io.dmsnap.cli;

import io.dmsnap.cli.common.ExitCodes;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Reports a command line that picocli could not parse (unknown option, missing value, value of
 * the wrong type, missing subcommand): the problem, "did you mean" suggestions for a mistyped
 * name, and one line that says where the usage is. Never a stack trace; exit code
 * {@link ExitCodes#USAGE}.
 */
final class UsageErrorHandler implements IParameterExceptionHandler
{
    @Override
    public int handleParseException(final ParameterException ex, final String[] args)
    {
        final CommandLine command = ex.getCommandLine();
        final PrintWriter err = command.getErr();
        err.println(Dmsnap.NAME + ": " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCodes.USAGE;
    }
}
