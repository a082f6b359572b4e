package io.dmsnap.cli;

import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.common.VersionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class DmsnapTest
{
    /** A subcommand that fails the way a bug would. */
    @Command(name = "explode", description = "Throws.")
    static final class ExplodingCommand implements Callable<Integer>
    {
        @Override
        public Integer call()
        {
            throw new IllegalStateException("chunk table corrupted");
        }
    }

    /** A subcommand whose bad input surfaces wrapped in a picocli exception. */
    @Command(name = "wrapped", description = "Throws a wrapped bad-input exception.")
    static final class WrappedBadInputCommand implements Callable<Integer>
    {
        @Override
        public Integer call()
        {
            throw new CommandLine.PicocliException("wrapper",
                new IllegalArgumentException("chunk size must be a power of 2"));
        }
    }

    private static CliResult runWithTestCommands(final boolean debugFromEnvironment, final String... args)
    {
        final CommandLine commandLine = Dmsnap.commandLine(debugFromEnvironment);
        commandLine.addSubcommand(new ExplodingCommand());
        commandLine.addSubcommand(new WrappedBadInputCommand());
        return CliResult.run(commandLine, args);
    }

    @Test
    void helpListsEverySubcommandWithItsDescriptionAndExitsZero()
    {
        final CliResult r = CliResult.run("--help");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(r.out.startsWith("Usage: dmsnap"), r::toString);
        assertTrue(r.out.contains("Commands:"), r::toString);
        final CommandLine reference = Dmsnap.commandLine(false);
        assertTrue(reference.getSubcommands().containsKey("presets"));
        assertTrue(reference.getSubcommands().containsKey("help"));
        for (final CommandLine sub : reference.getSubcommands().values())
        {
            final String name = sub.getCommandName();
            // The command list shows a command's header, or its description when it has no header.
            final String[] header = sub.getCommandSpec().usageMessage().header();
            final String summary = header.length > 0 ? header[0] : sub.getCommandSpec().usageMessage().description()[0];
            final String firstWords = summary.split(";")[0];
            assertTrue(Pattern.compile("(?m)^\\s+" + Pattern.quote(name) + "\\s+\\S").matcher(r.out).find(),
                () -> "no line for " + name + " in\n" + r.out);
            assertTrue(r.out.replaceAll("\\s+", " ").contains(firstWords), () -> name + " description missing: " + r);
        }
        assertTrue(r.out.contains("--version") && r.out.contains("--debug"), r::toString);
        assertEquals("", r.err);
    }

    @Test
    void publicRunEntryPointPrintsToTheGivenWriters()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exitCode = Dmsnap.run(new PrintWriter(out), new PrintWriter(err), "presets");
        assertEquals(ExitCodes.OK, exitCode, err::toString);
        assertTrue(out.toString().startsWith("preset "), out::toString);
        assertEquals("", err.toString());
    }

    @Test
    void versionNamesTheProgramItsVersionCommitJavaAndOs()
    {
        final CliResult r = CliResult.run("--version");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        final String line = r.out.strip();
        assertTrue(Pattern.matches("dmsnap \\d+\\.\\d+\\.\\d+\\S* \\(git \\S+\\), Java \\S+ .+, .+", line), line);
        assertFalse(line.contains("${"), () -> "resource was not filtered: " + line);
        assertTrue(line.contains("Java " + System.getProperty("java.runtime.version")), line);
        assertTrue(line.contains(System.getProperty("os.name")), line);
        assertEquals(line, VersionInfo.line());
    }

    @Test
    void gitCommitComesFromTheSystemPropertyWhenSet()
    {
        final String previous = System.getProperty(VersionInfo.GIT_COMMIT_PROPERTY);
        try
        {
            System.setProperty(VersionInfo.GIT_COMMIT_PROPERTY, "abc1234");
            assertTrue(CliResult.run("--version").out.contains("(git abc1234)"));
            System.clearProperty(VersionInfo.GIT_COMMIT_PROPERTY);
            assertFalse(VersionInfo.gitCommit().isBlank());
            assertFalse(VersionInfo.gitCommit().contains("${"));
        }
        finally
        {
            if (previous == null)
            {
                System.clearProperty(VersionInfo.GIT_COMMIT_PROPERTY);
            }
            else
            {
                System.setProperty(VersionInfo.GIT_COMMIT_PROPERTY, previous);
            }
        }
    }

    @Test
    void subcommandsInheritVersionHelpAndDebug()
    {
        final CliResult version = CliResult.run("presets", "--version");
        assertEquals(ExitCodes.OK, version.exitCode, version::toString);
        assertTrue(version.out.startsWith("dmsnap "), version::toString);
        final CliResult help = CliResult.run("presets", "--help");
        assertEquals(ExitCodes.OK, help.exitCode, help::toString);
        assertTrue(help.out.startsWith("Usage: dmsnap presets"), help::toString);
        assertTrue(help.out.contains("--debug") && help.out.contains("--preset") && help.out.contains("--set"),
            help::toString);
    }

    @Test
    void helpSubcommandPrintsTheUsageOfTheNamedCommand()
    {
        final CliResult r = CliResult.run("help", "presets");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(r.out.startsWith("Usage: dmsnap presets"), r::toString);
    }

    @Test
    void missingSubcommandIsAUsageError()
    {
        final CliResult r = CliResult.run();
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.startsWith("dmsnap: Missing required subcommand"), r::toString);
        assertTrue(r.err.contains("Try 'dmsnap --help' for usage."), r::toString);
        assertEquals("", r.out);
    }

    @Test
    void mistypedSubcommandGetsASuggestionAndAHint()
    {
        final CliResult r = CliResult.run("preset");
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.contains("'preset'"), r::toString);
        assertTrue(r.err.contains("presets"), r::toString);
        assertTrue(r.err.contains("Try 'dmsnap --help' for usage."), r::toString);
        assertFalse(r.errHasStackTrace(), r::toString);
    }

    @Test
    void unknownOptionOfASubcommandPointsAtThatSubcommandsHelp()
    {
        final CliResult r = CliResult.run("presets", "--bogus");
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.startsWith("dmsnap: Unknown option: '--bogus'"), r::toString);
        assertTrue(r.err.strip().endsWith("Try 'dmsnap presets --help' for usage."), r::toString);
        assertFalse(r.errHasStackTrace(), r::toString);
    }

    @Test
    void internalErrorNamesTheExceptionWithoutAStackTrace()
    {
        final CliResult r = runWithTestCommands(false, "explode");
        assertEquals(ExitCodes.INTERNAL_ERROR, r.exitCode, r::toString);
        assertTrue(r.err.startsWith(
            "dmsnap: internal error: java.lang.IllegalStateException: chunk table corrupted"), r::toString);
        assertTrue(r.err.contains("--debug"), r::toString);
        assertFalse(r.errHasStackTrace(), r::toString);
    }

    @Test
    void debugOptionOnEitherLevelAddsTheStackTrace()
    {
        for (final String[] args : new String[][] {{"--debug", "explode"}, {"explode", "--debug"}})
        {
            final CliResult r = runWithTestCommands(false, args);
            assertEquals(ExitCodes.INTERNAL_ERROR, r.exitCode, r::toString);
            assertTrue(r.err.startsWith("dmsnap: internal error: java.lang.IllegalStateException"), r::toString);
            assertTrue(r.errHasStackTrace(), r::toString);
            assertTrue(r.err.contains("ExplodingCommand.call"), r::toString);
        }
    }

    @Test
    void debugFromTheEnvironmentAddsTheStackTrace()
    {
        final CliResult r = runWithTestCommands(true, "explode");
        assertEquals(ExitCodes.INTERNAL_ERROR, r.exitCode, r::toString);
        assertTrue(r.errHasStackTrace(), r::toString);
    }

    @Test
    void environmentVariableValuesThatMeanYes()
    {
        assertTrue(ExecutionErrorHandler.debugFromEnvironment("1"));
        assertTrue(ExecutionErrorHandler.debugFromEnvironment("true"));
        assertTrue(ExecutionErrorHandler.debugFromEnvironment("YES"));
        assertFalse(ExecutionErrorHandler.debugFromEnvironment(null));
        assertFalse(ExecutionErrorHandler.debugFromEnvironment(""));
        assertFalse(ExecutionErrorHandler.debugFromEnvironment("0"));
    }

    @Test
    void badInputWrappedByPicocliIsStillAUsageError()
    {
        final CliResult r = runWithTestCommands(false, "wrapped");
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertEquals("dmsnap: chunk size must be a power of 2", r.err.strip(), r::toString);
    }
}
