package io.dmsnap.cli.reportcmd;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.matrix.MatrixFixture;
import io.dmsnap.cli.report.PageText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dmsnap report} through the real command line. */
@Timeout(120)
final class ReportCommandTest
{
    @Test
    void aMatrixFileGetsItsReportNextToIt(@TempDir final Path dir) throws Exception
    {
        final Path file = MatrixFixture.write(dir.resolve("matrix-1.json"), 2, true, MatrixFixture.COMMIT);
        final CliResult r = CliResult.run("report", file.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        final Path html = dir.resolve("matrix-1.html");
        assertEquals("Report: " + html + " (8 charts)\n", r.out);
        assertEquals("", r.err);
        final String page = Files.readString(html, StandardCharsets.UTF_8);
        assertEquals("dmsnap report: matrix-1.json", PageText.headings(page).get(0).substring(3));
        assertEquals(8, PageText.images(page));
    }

    @Test
    void severalInputsAreSectionsOfOnePage(@TempDir final Path dir) throws Exception
    {
        final Path matrix = MatrixFixture.write(dir.resolve("m.json"), 2, true, MatrixFixture.COMMIT);
        final Path html = dir.resolve("out/all.html");
        final CliResult r = CliResult.run("report", matrix.toString(), MatrixFixture.resultFixture("jmh-thrpt-gc.json")
            .toString(), MatrixFixture.resultFixture("fio-runs").toString(), "--output", html.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        final String page = Files.readString(html, StandardCharsets.UTF_8);
        final List<String> sections = PageText.headings(page).stream().filter(h -> h.startsWith("h2 ")).toList();
        assertEquals(List.of("h2 Matrix m.json", "h2 jmh-thrpt-gc.json", "h2 fio-runs"), sections);
        assertEquals("dmsnap report: 3 inputs", PageText.headings(page).get(0).substring(3));
        assertTrue(r.out.startsWith("Report: " + html + " ("), r::toString);
    }

    @Test
    void everyChartCanBeWrittenAsAPng(@TempDir final Path dir) throws Exception
    {
        final Path file = MatrixFixture.write(dir.resolve("m.json"), 2, true, MatrixFixture.COMMIT);
        final Path pngs = dir.resolve("charts");
        final CliResult r = CliResult.run("report", file.toString(), "--png", pngs.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(r.out.contains("Charts: 8 PNG files in " + pngs), r::toString);
        try (Stream<Path> files = Files.list(pngs))
        {
            final List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(8, names.size());
            assertEquals("01-fio-origin-randwrite-throughput-store-n.png", names.get(0));
            assertEquals("02-fio-origin-randwrite-throughput-after-before.png", names.get(1));
            for (final String name : names)
            {
                final byte[] png = Files.readAllBytes(pngs.resolve(name));
                assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII), name);
            }
        }
    }

    @Test
    void badInputIsRefusedNamingTheFileAndNoPageIsWritten(@TempDir final Path dir) throws Exception
    {
        final Path good = MatrixFixture.write(dir.resolve("good.json"), 2, true, MatrixFixture.COMMIT);
        final Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, "{\"format\": \"dmsnap-result/1\", \"rows\": [");
        final Path missing = dir.resolve("missing.json");
        final Path empty = Files.createDirectories(dir.resolve("empty"));
        final Path html = dir.resolve("never.html");
        for (final String[] args : new String[][] {
            {"report", good.toString(), missing.toString(), "-o", html.toString()},
            {"report", good.toString(), truncated.toString(), "-o", html.toString()},
            {"report", good.toString(), empty.toString(), "-o", html.toString()}})
        {
            final CliResult r = CliResult.run(args);
            assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
            assertTrue(r.err.startsWith("dmsnap: "), r::toString);
            assertEquals(1, r.err.strip().split("\n").length, "one line: " + r.err);
            assertTrue(r.err.startsWith("dmsnap: " + args[2] + ": "), r::toString);
            assertFalse(r.errHasStackTrace(), r::toString);
            assertFalse(Files.exists(html), "no partial report");
        }
        final CliResult missingOne = CliResult.run("report", missing.toString(), "-o", html.toString());
        assertEquals("dmsnap: " + missing + ": no such file or directory\n", missingOne.err);
        final CliResult cut = CliResult.run("report", truncated.toString(), "-o", html.toString());
        assertTrue(cut.err.contains("truncated JSON"), cut::toString);
        final CliResult nothing = CliResult.run("report", empty.toString(), "-o", html.toString());
        assertTrue(nothing.err.contains("empty directory"), nothing::toString);
    }

    @Test
    void theReportNeverOverwritesAnInput(@TempDir final Path dir) throws Exception
    {
        final Path file = MatrixFixture.write(dir.resolve("m.json"), 2, true, MatrixFixture.COMMIT);
        final String before = Files.readString(file);
        final CliResult r = CliResult.run("report", file.toString(), "--output", file.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.contains("would overwrite the input"), r::toString);
        assertEquals(before, Files.readString(file));

        final CliResult toDir = CliResult.run("report", file.toString(), "--output", dir.toString());
        assertEquals(ExitCodes.USAGE, toDir.exitCode, toDir::toString);
        assertTrue(toDir.err.contains("is a directory"), toDir::toString);
    }

    @Test
    void aSavedComparisonIsDrawnWithCompareSections(@TempDir final Path dir) throws Exception
    {
        final Path base = MatrixFixture.write(dir.resolve("base.json"), 2, true, MatrixFixture.COMMIT);
        final Path candidate = MatrixFixture.write(dir.resolve("candidate.json"), 2, true,
            "fedcba9876543210fedcba9876543210fedcba98");
        final Path comparison = dir.resolve("cmp.json");
        final CliResult compared = CliResult.run("compare", base.toString(), candidate.toString(), "--format", "json",
            "--output", comparison.toString());
        assertTrue(compared.exitCode == ExitCodes.OK || compared.exitCode == ExitCodes.FAILED, compared::toString);

        final CliResult r = CliResult.run("report", comparison.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        final String page = Files.readString(dir.resolve("cmp.html"), StandardCharsets.UTF_8);
        final List<String> headings = PageText.headings(page);
        assertTrue(headings.stream().anyMatch(h -> h.startsWith("h2 Comparison: ")), headings::toString);
        assertTrue(headings.contains("h3 Rows"), headings::toString);
        assertTrue(PageText.images(page) > 0, "the comparison's charts are on the page");
    }

    @Test
    void aHistoryIsDrawnWithItsSeries(@TempDir final Path dir) throws Exception
    {
        // Two nightly runs of different commits: a history, not repeated runs; and the same runs
        // under results/history/<host>/ given as the parent of the host directories.
        final Path history = Files.createDirectories(dir.resolve("history/bench-1"));
        MatrixFixture.write(history.resolve("run-1.json"), 2, true, MatrixFixture.COMMIT);
        MatrixFixture.write(history.resolve("run-2.json"), 2, true, "fedcba9876543210fedcba9876543210fedcba98");
        for (final Path input : new Path[] {history, dir.resolve("history")})
        {
            final Path html = dir.resolve(input.getFileName() + "-report.html");
            final CliResult r = CliResult.run("report", input.toString(), "-o", html.toString());
            assertEquals(ExitCodes.OK, r.exitCode, r::toString);
            final String page = Files.readString(html, StandardCharsets.UTF_8);
            final List<String> headings = PageText.headings(page);
            assertTrue(headings.contains("h2 Change points"), headings::toString);
            assertTrue(headings.stream().anyMatch(h -> h.startsWith("h2 Host ")), headings::toString);
            assertTrue(PageText.images(page) > 0, "a chart per series");
        }
    }

    @Test
    void repeatedRunsOfOneCommitArePooled(@TempDir final Path dir) throws Exception
    {
        final Path runs = Files.createDirectories(dir.resolve("runs"));
        MatrixFixture.write(runs.resolve("run-1.json"), 2, true, MatrixFixture.COMMIT);
        MatrixFixture.write(runs.resolve("run-2.json"), 2, true, MatrixFixture.COMMIT);
        final CliResult r = CliResult.run("report", runs.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        final String page = Files.readString(dir.resolve("runs.html"), StandardCharsets.UTF_8);
        final String text = PageText.text(page);
        assertTrue(text.contains("2 runs merged"), text);
        // Ten iterations a side now, the means of both files: the same gains, tested on 10+10.
        assertTrue(text.contains("~ within the noise: Mann-Whitney U test on 10+10 iteration scores gives p >= 0.05."),
            text);
    }

    @Test
    void helpNamesTheOptionsAndNoInputIsAUsageError()
    {
        final CliResult help = CliResult.run("report", "--help");
        assertEquals(ExitCodes.OK, help.exitCode);
        for (final String option : new String[] {"FILE...", "--output", "--png"})
        {
            assertTrue(help.out.contains(option), help::toString);
        }
        final CliResult none = CliResult.run("report");
        assertEquals(ExitCodes.USAGE, none.exitCode, none::toString);
        assertTrue(none.err.contains("FILE"), none::toString);
    }

    @Test
    void slugsAreFileNames()
    {
        assertEquals("fio-origin-randwrite-throughput-after-before",
            ReportCommand.slug("fio_origin_randwrite_throughput: after/before"));
        assertEquals("chart", ReportCommand.slug("~~~"));
        assertEquals(60, ReportCommand.slug("x".repeat(100)).length());
    }
}
