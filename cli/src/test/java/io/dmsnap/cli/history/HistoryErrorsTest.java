package io.dmsnap.cli.history;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.result.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.dmsnap.cli.history.SyntheticRuns.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever cannot make a history is bad input: exit code 2, one line {@code dmsnap: <message>}
 * naming the file or option and the problem, nothing on stdout, never a stack trace, and never
 * the output of a history without change points.
 */
final class HistoryErrorsTest
{
    private static CliResult refused(final String... args)
    {
        final CliResult r = CliResult.run(args);
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertFalse(r.errHasStackTrace(), r::toString);
        assertEquals("", r.out, r::toString);
        assertTrue(r.err.startsWith("dmsnap: "), r::toString);
        return r;
    }

    private static void tenRuns(final Path dir)
    {
        SyntheticRuns.history().iops("randwrite", gaussian(1, 10, 0.01, i -> 1000)).writeTo(dir);
    }

    @Test
    void aTruncatedFileIsNamedAndRefusesTheHistory(@TempDir final Path dir) throws Exception
    {
        tenRuns(dir);
        final Path broken = dir.resolve("run-005.json");
        final String text = Files.readString(broken);
        Files.writeString(broken, text.substring(0, text.length() / 2));
        final CliResult r = refused("history", dir.toString());
        assertTrue(r.err.startsWith("dmsnap: " + broken + ": truncated JSON: the document ends at line "), r.err);
        assertTrue(r.err.endsWith(" before it is complete (--skip-unreadable reads the history without such files)\n"),
            r.err);
        assertEquals(1, r.err.lines().count(), r.err);
    }

    @Test
    void skipUnreadableListsTheFilesLeftOut(@TempDir final Path dir) throws Exception
    {
        tenRuns(dir);
        Files.writeString(dir.resolve("run-003.json"), "{\"format\": \"dmsnap-result/1\", \"environment\": ");
        Files.writeString(dir.resolve("notes.json"), "hello");
        final CliResult r = CliResult.run("history", "--skip-unreadable", dir.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(r.out.startsWith("History of " + dir + ": 1 host, 9 runs, 1 series"), r.out);
        assertTrue(r.out.contains("\nSkipped (unreadable, --skip-unreadable):\n"
            + "  notes.json: not valid JSON at line 1, column 1: Unrecognized token 'hello'"), r.out);
        assertTrue(r.out.contains("\n  run-003.json: truncated JSON: the document ends at line 1, column "), r.out);

        final Map<String, Object> json = HistoryCommandTest.json(CliResult.run("history", "--format", "json",
            "--skip-unreadable", dir.toString()));
        final List<Map<String, Object>> skipped = HistoryCommandTest.list(json, "skipped_files");
        assertEquals(List.of(dir.resolve("notes.json").toString(), dir.resolve("run-003.json").toString()),
            skipped.stream().map(s -> s.get("file")).toList());
        assertEquals(9L, json.get("run_count"));
    }

    @Test
    void onlyUnreadableFilesLeaveNoHistory(@TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("a.json"), "");
        Files.writeString(dir.resolve("b.json"), "[]");
        final CliResult r = refused("history", "--skip-unreadable", dir.toString());
        assertEquals("dmsnap: " + dir + ": no readable result file: all 2 were unreadable\n", r.err);
    }

    @Test
    void anEmptyDirectoryHasNoRuns(@TempDir final Path dir) throws Exception
    {
        Files.createDirectory(dir.resolve("empty-host"));
        Files.writeString(dir.resolve("README.md"), "not a result");
        final CliResult r = refused("history", dir.toString());
        assertEquals("dmsnap: " + dir + ": no result files: no *.json file in it or in its subdirectories "
            + "(history reads results/history/<host>/ or results/history/)\n", r.err);
    }

    @Test
    void aDirectoryWithOneFileIsNoHistory(@TempDir final Path dir)
    {
        SyntheticRuns.history().iops("randwrite", new double[] {1000}).writeTo(dir);
        final CliResult r = refused("history", dir.toString());
        assertEquals("dmsnap: " + dir + ": a history needs at least 2 runs of one host, found 1: run-000.json; "
            + "give the directory that holds a host's nightly result files\n", r.err);
    }

    @Test
    void aMissingDirectoryOrAFileInsteadIsNamed(@TempDir final Path dir)
    {
        final Path missing = dir.resolve("nope");
        assertEquals("dmsnap: " + missing + ": no such directory\n", refused("history", missing.toString()).err);
        final Path file = SyntheticRuns.history().iops("randwrite", new double[] {1000}).writeTo(dir).get(0);
        assertTrue(refused("history", file.toString()).err.startsWith("dmsnap: " + file + " is a file; history reads a "
            + "directory of result files, one per run"));
    }

    @Test
    void aRowThatChangesUnitNamesTheRowAndTheFiles(@TempDir final Path dir)
    {
        tenRuns(dir);
        SyntheticRuns.history().row(SyntheticRuns.fioRow("randwrite", "write.iops"), "ops/ms", Direction.HIGHER_IS_BETTER,
            new double[] {1.0}).writeRun(dir.resolve("run-010.json"), 0, SyntheticRuns.FIRST.plusSeconds(864_000));
        final CliResult r = refused("history", dir.toString());
        assertEquals("dmsnap: row randwrite:write.iops [fio, threads=1] {bs=4k, rw=randwrite} of host bench-1 is in ops/s "
            + "(higher is better) in run-000.json but in ops/ms (higher is better) in run-010.json: a series needs one "
            + "unit and direction; move the files of one kind out of the directory\n", r.err);
    }

    @Test
    void aWindowWithoutRunsIsRefused(@TempDir final Path dir)
    {
        tenRuns(dir);
        final CliResult r = refused("history", "--since", "2027-01-01", dir.toString());
        assertEquals("dmsnap: " + dir + ": a history needs at least 2 runs of one host, found none since "
            + "2027-01-01T00:00:00Z (10 runs read); give the directory that holds a host's nightly result files\n", r.err);
    }

    @Test
    void badOptionsAreNamed(@TempDir final Path dir) throws Exception
    {
        tenRuns(dir);
        final String d = dir.toString();
        assertEquals("dmsnap: unknown --format 'xml'; choose text or json\n", refused("history", "--format", "xml", d).err);
        assertEquals("dmsnap: unknown --merge 'best'; choose otava or corrected\n", refused("history", "--merge", "best", d).err);
        assertEquals("dmsnap: --p must be in (0, 1], got 0.0; the default is 0.001\n", refused("history", "--p", "0", d).err);
        assertEquals("dmsnap: --p must be in (0, 1], got 1.5; the default is 0.001\n", refused("history", "--p", "1.5", d).err);
        assertEquals("dmsnap: --window must be at least 4 runs, got 3; the default is 50\n",
            refused("history", "--window", "3", d).err);
        assertEquals("dmsnap: --min-magnitude 'big' is not a percentage; give one such as 2 or 2% (0 keeps changes of any "
            + "size)\n", refused("history", "--min-magnitude", "big", d).err);
        assertEquals("dmsnap: --min-magnitude must be a percentage of 0 or more, got -1\n",
            refused("history", "--min-magnitude", "-1", d).err);
        assertEquals("dmsnap: --seed applies to the permutation test only: add --permutations N (the t-test draws nothing "
            + "at random)\n", refused("history", "--seed", "3", d).err);
        assertEquals("dmsnap: --permutations must be at least 1, got 0; 100 is the usual count\n",
            refused("history", "--permutations", "0", d).err);
        assertEquals("dmsnap: --since 'yesterday' is not a date (2026-01-31, UTC) or an ISO-8601 time "
            + "(2026-01-31T02:00:00Z)\n", refused("history", "--since", "yesterday", d).err);
        assertEquals("dmsnap: --last must be at least 2 runs, got 1; a series needs 4 runs to have a change point\n",
            refused("history", "--last", "1", d).err);
        assertTrue(refused("history", "--p", "small", d).err.startsWith("dmsnap: Invalid value for option '--p': 'small' "
            + "is not a double"));
        assertTrue(refused("history").err.startsWith("dmsnap: Missing required parameter: 'DIR'"));
        assertEquals("dmsnap: --html " + dir + " is a directory; give the page's file name\n",
            refused("history", "--html", d, d).err);
        final Path file = dir.resolve("run-000.json");
        assertEquals("dmsnap: --charts " + file + " is a file; give a directory (created if missing)\n",
            refused("history", "--charts", file.toString(), d).err);
        assertEquals("dmsnap: --otava " + file + " is a file; give a directory (created if missing)\n",
            refused("history", "--otava", file.toString(), d).err);
    }
}
