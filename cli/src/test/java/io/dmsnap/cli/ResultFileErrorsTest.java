package io.dmsnap.cli;

import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The contract the commands that read results (compare, history, report) build on: a file that
 * cannot be read is bad input, one line naming the file and the problem, exit code 2, never a
 * stack trace and never the exit code of a clean comparison.
 */
final class ResultFileErrorsTest
{
    /** Reads a result the way a consuming command does. */
    @Command(name = "read-result")
    static final class ReadResultCommand implements Callable<Integer>
    {
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters
        private Path path;

        @Override
        public Integer call()
        {
            final ResultSet set = ResultFiles.read(path);
            spec.commandLine().getOut().println(set.measurements().size() + " rows");
            return ExitCodes.OK;
        }
    }

    private static CliResult run(final String... args)
    {
        final CommandLine commandLine = Dmsnap.commandLine(false);
        commandLine.addSubcommand(new ReadResultCommand());
        return CliResult.run(commandLine, args);
    }

    @Test
    void anUnreadableResultIsBadInputWithTheFileNamed(@TempDir final Path dir) throws Exception
    {
        final Path truncated = dir.resolve("run.json");
        Files.writeString(truncated, "[{\"benchmark\": \"b\", \"mode\": \"thrpt\", \"threads\": 1, \"primaryMetric\": {");
        final CliResult r = run("read-result", truncated.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertEquals("dmsnap: " + truncated + ": truncated JSON: the document ends at line 1, column 70 before it is "
            + "complete\n", r.err);
        assertFalse(r.errHasStackTrace(), r::toString);
        assertEquals("", r.out);

        final CliResult empty = run("read-result", dir.resolve("nothing-here").toString());
        assertEquals(ExitCodes.USAGE, empty.exitCode, empty::toString);
        final Path emptyDir = Files.createDirectory(dir.resolve("runs"));
        final CliResult none = run("read-result", emptyDir.toString());
        assertEquals(ExitCodes.USAGE, none.exitCode, none::toString);
        assertEquals("dmsnap: " + emptyDir + ": empty directory: no *.json result file in it\n", none.err);
    }
}
