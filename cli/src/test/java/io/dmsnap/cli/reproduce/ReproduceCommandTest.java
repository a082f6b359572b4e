package io.dmsnap.cli.reproduce;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dmsnap reproduce} end to end on the quick reproduction's fastest rows (the crash leak and
 * the handover scenarios, seconds each): the table's shape on the terminal and in the Markdown,
 * the result file that compare reads, the HTML page; and bad input.
 */
class ReproduceCommandTest
{
    private static final List<String> IDS = List.of("locking", "reorder", "throttle", "deadlock", "leak", "full-chunk",
        "hash", "handover");

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theFastestRowsPrintTheTableAndWriteMarkdownHtmlAndAResultFileThatCompareReads(@TempDir final Path dir)
        throws Exception
    {
        final Path markdown = dir.resolve("reproduction.md");
        final Path html = dir.resolve("reproduction.html");
        final Path result = dir.resolve("reproduce.json");
        final CliResult r = CliResult.run("reproduce", "--quick", "--only", "leak,c1f0c183", "--markdown",
            markdown.toString(), "--html", html.toString(), "--result", result.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r.toString());

        final List<String> lines = r.out.lines().collect(Collectors.toList());
        final int header = indexOf(lines, "seed commit");
        for (final String column : Outcome.HEADER)
        {
            assertTrue(lines.get(header).contains(column), "header lacks '" + column + "': " + lines.get(header));
        }
        // Two rows in the table's order, whatever --only's order was, then a blank line.
        assertTrue(lines.get(header + 1).startsWith("230c83af"), lines.get(header + 1));
        assertTrue(lines.get(header + 2).startsWith("c1f0c183, seed 003"), lines.get(header + 2));
        assertEquals("", lines.get(header + 3));
        // The leak: v3.12 leaks the seed's 5 chunks in a crash state, today's engine none; same shape, and as large.
        final String leakRow = lines.get(header + 1);
        assertTrue(leakRow.contains("v3.12: up to 5 leaked chunks in one crash state"), leakRow);
        assertTrue(lines.get(header + 1).matches(".*current: 0 in \\d+ states\\s+yes\\s+yes$"), lines.get(header + 1));
        // The scenarios: every fix passes, every bug variant fails as its scenario says; the seed gives no figure.
        assertTrue(lines.get(header + 2).contains("handoverQuiesce=SKIP VIOLATED 1/1"), lines.get(header + 2));
        assertTrue(lines.get(header + 2).contains("passdownTracking=OFF VIOLATED 1/1"), lines.get(header + 2));
        assertTrue(lines.get(header + 2).matches(".*\\s+yes\\s+n/a: the seed gives no figure$"), lines.get(header + 2));
        // Every row states the machine and what its cores cannot show.
        final String cores = Runtime.getRuntime().availableProcessors() + " core";
        assertEquals(2, lines.stream().filter(l -> l.startsWith("  machine: " + cores)).count(), r.out);
        assertEquals(2, lines.stream().filter(l -> l.matches("  what \\d+ cores? cannot show: .+")).count(), r.out);
        assertTrue(r.err.contains("reproduce: --quick, 2 results: expected about"), r.err);
        assertTrue(r.err.contains("[2/2] handover done in"), r.err);

        final List<String> md = Files.readAllLines(markdown, StandardCharsets.UTF_8);
        final int mdHeader = indexOf(md, "| seed commit |");
        assertEquals("|---|---|---|---|---|---|", md.get(mdHeader + 1));
        assertTrue(md.get(mdHeader + 2).startsWith("| 230c83af |"), md.get(mdHeader + 2));
        assertTrue(md.get(mdHeader + 3).startsWith("| c1f0c183, seed 003 |"), md.get(mdHeader + 3));
        assertEquals(7, md.get(mdHeader + 2).chars().filter(c -> c == '|').count(), md.get(mdHeader + 2));

        final ResultSet set = ResultFiles.read(result);
        final Measurement leak = set.measurements().stream()
            .filter(m -> m.key().benchmark().equals("reproduce.leak")
                && m.key().metric().equals("max_leaked_chunks_per_state") && m.key().params().get("side").equals("v3.12"))
            .findFirst().orElseThrow(() -> new AssertionError("no leak row: " + set.measurements()));
        assertEquals(5.0, leak.pooledSamples()[0]);
        final CliResult compare = CliResult.run("compare", result.toString(), result.toString());
        assertEquals(ExitCodes.OK, compare.exitCode, compare.toString());
        assertTrue(compare.out.contains("reproduce.leak"), compare.out);

        final String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.contains("<table>"), "no table in the page");
        assertTrue(page.contains("<img class=\"chart\""), "no chart in the page");
        assertTrue(page.contains("230c83af (leak)"), "no section for the leak");
    }

    @Test
    void anUnknownIdExitsTwoNamingTheValidIds()
    {
        final CliResult r = CliResult.run("reproduce", "--only", "leak,XYZ", "--no-result");
        assertEquals(ExitCodes.USAGE, r.exitCode, r.toString());
        assertTrue(r.err.contains("unknown reproduction 'XYZ'"), r.err);
        assertTrue(r.err.contains(String.join(", ", IDS)), r.err);
        assertFalse(r.errHasStackTrace(), r.err);
        assertEquals("", r.out);
    }

    @Test
    void quickAndFullExcludeEachOther()
    {
        final CliResult r = CliResult.run("reproduce", "--quick", "--full", "--only", "leak", "--no-result");
        assertEquals(ExitCodes.USAGE, r.exitCode, r.toString());
        assertTrue(r.err.contains("--quick and --full exclude each other"), r.err);
    }

    @Test
    void onlyTakesIdsAndSeedCommitsAndKeepsTheTablesOrder()
    {
        final List<Reproduction> chosen = Reproductions.select(List.of("handover", "3f1637f2", "LEAK"));
        assertEquals(List.of("locking", "leak", "handover"), chosen.stream().map(Reproduction::id).toList());
        assertEquals(IDS, Reproductions.all().stream().map(Reproduction::id).toList());
    }

    @Test
    void theTimeLeftFollowsThePaceOfTheRowsSoFar()
    {
        final long[] now = {0};
        final StringWriter text = new StringWriter();
        final List<Reproduction> rows = Reproductions.select(List.of("leak", "handover"));
        final ReproduceProgress progress = new ReproduceProgress(new PrintWriter(text), Depth.QUICK, rows,
            () -> now[0]);
        final double expectedLeak = rows.get(0).expectedSeconds(Depth.QUICK);
        final double expectedHandover = rows.get(1).expectedSeconds(Depth.QUICK);
        assertEquals(expectedHandover, progress.left(0), 1e-9);
        now[0] = (long) (2 * expectedLeak * 1e9);
        progress.finished(0, 2 * expectedLeak);
        // The first row took twice its estimate: the rest is expected to, too.
        assertEquals(2 * expectedHandover, progress.left(0), 1e-6);
        assertEquals(0, progress.left(1), 1e-9);
        assertTrue(text.toString().contains("[1/2] leak done in"), text.toString());
    }

    private static int indexOf(final List<String> lines, final String prefix)
    {
        for (int i = 0; i < lines.size(); i++)
        {
            if (lines.get(i).startsWith(prefix))
            {
                return i;
            }
        }
        throw new AssertionError("no line starts with '" + prefix + "' in:\n" + String.join("\n", lines));
    }
}
