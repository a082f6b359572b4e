package io.dmsnap.cli.matrix;

import io.dmsnap.cli.report.HtmlPage;
import io.dmsnap.cli.report.PageText;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The matrix page of a known result file: tables, marks, seed, oversubscription, environment, charts. */
@Timeout(60)
final class MatrixReportTest
{
    private static String page(final ResultSet set)
    {
        return MatrixReport.page(set).render();
    }

    private static String f2(final double value)
    {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    @Test
    void theTablesShowTheKnownFiguresWithTheSeedAndTheMarks(@TempDir final Path dir) throws Exception
    {
        final Path file = MatrixFixture.write(dir.resolve("m.json"), 2, true, MatrixFixture.COMMIT);
        final String html = page(ResultFiles.read(file));

        // One table per benchmark, each: a header and one row per worker count, in the seed's form.
        final List<List<String>> rows = PageText.rows(html);
        final List<List<String>> tableRows = new ArrayList<>();
        for (final List<String> row : rows)
        {
            if (row.size() == 5)
            {
                tableRows.add(row);
            }
        }
        assertEquals(4 * 5, tableRows.size(), rows::toString);
        for (int b = 0; b < MatrixFixture.BENCHMARKS.size(); b++)
        {
            final boolean throughput = MatrixFixture.throughput(b);
            final String ratio = throughput ? "after/before" : "before/after";
            assertEquals(List.of("workers", "before", "after", ratio, "seed " + ratio), tableRows.get(5 * b));
            for (int w = 0; w < MatrixFixture.WORKERS.size(); w++)
            {
                final int workers = MatrixFixture.WORKERS.get(w);
                final double before = MatrixFixture.score(b, w, false);
                final double after = MatrixFixture.score(b, w, true);
                final double gain = throughput ? after / before : before / after;
                final List<String> expected = List.of(workers + (workers > 2 ? "*" : ""),
                    throughput ? String.format(Locale.ROOT, "%.0f", before) : f2(before),
                    throughput ? String.format(Locale.ROOT, "%.0f", after) : f2(after),
                    f2(gain) + (workers == 4 ? " ~" : ""), f2(MatrixFixture.seedGain(b, w)));
                assertEquals(expected, tableRows.get(5 * b + 1 + w), MatrixFixture.BENCHMARKS.get(b) + " " + workers);
            }
        }
        // The latency figures are JMH's scores from the run summary, not the means of the iterations.
        assertEquals("16.27", tableRows.get(5 + 1).get(1));
        // The seed's figures at 1 worker, origin randwrite throughput: 66421 / 57708.
        assertEquals("1.15", tableRows.get(1).get(4));

        // The oversubscribed rows are set apart, and each table explains both marks.
        assertEquals(4 * 2, PageText.rowsOfClass(html, "oversubscribed").size());
        final String text = PageText.text(html);
        assertEquals(4, count(text, "* 4 and 8 workers on 2 cores measure oversubscription."));
        assertEquals(4, count(text, "~ within the noise: Mann-Whitney U test on 5+5 iteration scores gives p >= 0.05."));
        assertTrue(text.contains("This machine has 2 cores: 4 and 8 workers on 2 cores measure oversubscription"), text);
        assertTrue(text.contains("Compare the presets as ratios within this run"), text);
    }

    @Test
    void theHtmlTablesAreTheTerminalsTables(@TempDir final Path dir) throws Exception
    {
        // The same points printed for the terminal: every printed row is a row of the page.
        final Path file = MatrixFixture.write(dir.resolve("m.json"), 2, true, MatrixFixture.COMMIT);
        final ResultSet set = ResultFiles.read(file);
        final StoredMatrix matrix = StoredMatrix.of(set);
        final StringWriter printed = new StringWriter();
        MatrixTables.print(new PrintWriter(printed), MatrixTables.tables(matrix.layout(), matrix.points(), 2));
        final List<List<String>> pageRows = PageText.rows(page(set));
        int compared = 0;
        for (final String line : printed.toString().split("\n"))
        {
            if (line.matches("^\\d+\\*?\\s.*"))
            {
                final List<String> cells = new ArrayList<>(Arrays.asList(line.trim().split("\\s+")));
                if (cells.contains("~"))
                {
                    final int at = cells.indexOf("~");
                    cells.set(at - 1, cells.get(at - 1) + " ~");
                    cells.remove(at);
                }
                assertTrue(pageRows.contains(cells), "printed row " + cells + " is not on the page");
                compared++;
            }
        }
        assertEquals(16, compared);
    }

    @Test
    void theEnvironmentAndTheSettingsAreListed(@TempDir final Path dir) throws Exception
    {
        final Path file = MatrixFixture.write(dir.resolve("m.json"), 2, true, MatrixFixture.COMMIT);
        final String html = page(ResultFiles.read(file));
        final List<List<String>> rows = PageText.rows(html);
        assertTrue(rows.contains(List.of("commit", MatrixFixture.COMMIT
            + " (dirty: the working tree had uncommitted changes)")), rows::toString);
        assertTrue(rows.contains(List.of("started", "2026-12-06T09:07:56Z")));
        assertTrue(rows.contains(List.of("JDK", "Debian 17.0.15+6-Debian-1deb12u1 (OpenJDK 64-Bit Server VM)")));
        assertTrue(rows.contains(List.of("CPU", MatrixFixture.CPU)));
        assertTrue(rows.contains(List.of("cores", "2")));
        assertTrue(rows.contains(List.of("OS", "Linux 6.1.0 amd64")));
        assertTrue(rows.contains(List.of("presets", "before v5.0, after current")));
        assertTrue(rows.contains(List.of("warm-up", "6 x 1 s")));
        assertTrue(rows.contains(List.of("measurement", "5 x 1 s")));
        assertTrue(rows.contains(List.of("command", "dmsnap matrix --quick")));
        assertTrue(PageText.headings(html).contains("h2 Matrix m.json"), PageText.headings(html)::toString);
    }

    @Test
    void everyTableHasAValuesChartAndAGainChartWithTheSeedBesideOurs(@TempDir final Path dir) throws Exception
    {
        final Path file = MatrixFixture.write(dir.resolve("m.json"), 2, true, MatrixFixture.COMMIT);
        final ResultSet set = ResultFiles.read(file);
        final HtmlPage page = MatrixReport.page(set);
        assertEquals(8, page.charts().size());
        assertEquals(8, PageText.images(page.render()));

        final StoredMatrix matrix = StoredMatrix.of(set);
        final List<MatrixTables.Table> tables = MatrixTables.tables(matrix.layout(), matrix.points(), 2);
        final MatrixTables.Table originThroughput = tables.get(0);
        final XYChart values = MatrixReport.valuesChart(originThroughput, matrix.layout(), OptionalInt.of(2));
        // x is log2 of the workers; one line per preset with the scores; a range bar per point.
        assertArrayEquals(new double[] {0, 1, 2, 3}, xs(values.getSeries("v5.0 (before)")), 0);
        assertArrayEquals(new double[] {57708, 63415, 67276, 60564}, ys(values.getSeries("v5.0 (before)")), 1e-6);
        final XYSeries range = values.getSeries("current (after) range at 4");
        assertNotNull(range, () -> "no such series");
        assertArrayEquals(new double[] {67276 * 1.02 * 0.9, 67276 * 1.02 * 1.1}, ys(range), 1e-6);
        assertFalse(range.isShowInLegend());
        assertEquals("4*", values.getStyler().getXAxisTickLabelsFormattingFunction().apply(2.0));
        assertEquals("2", values.getStyler().getXAxisTickLabelsFormattingFunction().apply(1.0));

        final XYChart gain = MatrixReport.gainChart(originThroughput, matrix.layout(), OptionalInt.of(2));
        final double[] seed = ys(gain.getSeries(MatrixReport.SEED));
        assertArrayEquals(new double[] {66421.0 / 57708, 77589.0 / 63415, 98839.0 / 67276, 109258.0 / 60564}, seed, 1e-12);
        // Ours within the noise at 4 workers: drawn as the marked point, the others as plain points.
        final String ours = "ours (current vs v5.0)";
        assertArrayEquals(new double[] {2}, xs(gain.getSeries("~ within the noise")), 0);
        assertArrayEquals(new double[] {0, 1, 3}, xs(gain.getSeries(ours + " points")), 0);
        assertArrayEquals(new double[] {0, 1, 2, 3}, xs(gain.getSeries(ours)), 0);
    }

    @Test
    void withoutARunSectionTheOlderPresetIsBeforeAndScoresAreMeans(@TempDir final Path dir) throws Exception
    {
        final Path file = MatrixFixture.write(dir.resolve("bare.json"), 2, false, MatrixFixture.COMMIT);
        final ResultSet set = ResultFiles.read(file);
        final StoredMatrix matrix = StoredMatrix.of(set);
        assertEquals("v5.0", matrix.layout().before());
        assertEquals("current", matrix.layout().after());
        assertFalse(matrix.presetsRecorded());
        assertFalse(matrix.scoresFromSummary());
        final String text = PageText.text(page(set));
        assertTrue(text.contains("The source does not name before and after: the older preset, v5.0, is taken as before."),
            text);
        assertTrue(text.contains("Scores are the means of the iteration scores"), text);
        // The mean of the latency iterations is the base figure (16.25), not JMH's score (16.27).
        assertTrue(PageText.rows(page(set)).contains(List.of("1", "16.25", "13.27", "1.22", "1.22")));
    }

    @Test
    void anUnknownCoreCountMarksNothingAndSaysSo(@TempDir final Path dir) throws Exception
    {
        final Path file = MatrixFixture.write(dir.resolve("m.json"), null, true, MatrixFixture.COMMIT);
        final String html = page(ResultFiles.read(file));
        assertTrue(PageText.rowsOfClass(html, "oversubscribed").isEmpty());
        final String text = PageText.text(html);
        assertTrue(text.contains("does not record the machine's core count"), text);
        assertFalse(text.contains("measure oversubscription"), text);
        assertTrue(PageText.rows(html).contains(List.of("cores", "not recorded")));
    }

    @Test
    void enoughCoresMeanNoOversubscription()
    {
        final MatrixLayout layout = new MatrixLayout(List.of(io.dmsnap.bench.jmh.fio.FioBenchmarkName.parse(
            MatrixFixture.BENCHMARKS.get(0))), List.of("N"), "v5.0", "current", List.of(1, 2, 4, 8), List.of());
        assertTrue(MatrixReport.coresText(layout, OptionalInt.of(8)).startsWith("This machine has 8 cores: every worker "
            + "count has a core of its own"));
        assertTrue(MatrixReport.coresText(layout, OptionalInt.of(1)).startsWith("This machine has 1 core: 2, 4 and 8 "
            + "workers on 1 core measure oversubscription"));
    }

    @Test
    void theLegacyFixtureReadsWithItsSummaryAndOptions()
    {
        final ResultSet set = ResultFiles.read(MatrixFixture.resultFixture("matrix-legacy.json"));
        assertTrue(MatrixReport.isMatrix(set));
        final StoredMatrix matrix = StoredMatrix.of(set);
        assertTrue(matrix.presetsRecorded());
        assertTrue(matrix.scoresFromSummary());
        assertEquals(List.of(1), matrix.layout().workers());
        assertEquals(List.of("N"), matrix.layout().stores());
        // JMH's latency score of v5.0 from the summary, not the mean of its two iterations (34.26).
        final MatrixPoint point = matrix.points().stream()
            .filter(p -> p.benchmark().name().equals("fio_origin_randwrite_latency") && p.preset().equals("v5.0"))
            .findFirst().orElseThrow();
        assertEquals(34.315820709219885, point.score(), 0);
        assertEquals(2, point.iterations().length);
        assertTrue(matrix.run().orElseThrow().arguments().contains("--benchmarks"));
        final String html = page(set);
        assertEquals(4, PageText.images(html));
        // Two iterations a side: the gains are not tested, and the page says why.
        assertTrue(PageText.text(html).contains("~ not tested: fewer than 4 iteration scores on a side (2+2)."));
    }

    @Test
    void resultsThatAreNoMatrixAreRefused()
    {
        final ResultSet jmh = ResultFiles.read(MatrixFixture.resultFixture("jmh-thrpt-gc.json"));
        assertFalse(MatrixReport.isMatrix(jmh));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MatrixReport.append(new HtmlPage("x"), jmh));
        assertTrue(e.getMessage().contains("not a matrix result"), e.getMessage());
    }

    private static int count(final String text, final String part)
    {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1))
        {
            n++;
        }
        return n;
    }

    private static double[] xs(final XYSeries series)
    {
        assertNotNull(series);
        return series.getXData();
    }

    private static double[] ys(final XYSeries series)
    {
        assertNotNull(series);
        return series.getYData();
    }

    @Test
    void aPresetAloneIsNoMatrix(@TempDir final Path dir) throws Exception
    {
        // The same rows without the "after" preset: nothing to compare.
        final Path file = MatrixFixture.write(dir.resolve("m.json"), 2, false, MatrixFixture.COMMIT);
        final ResultSet full = ResultFiles.read(file);
        final ResultSet onlyBefore = new ResultSet(full.source(), full.kind(), full.environment(),
            full.measurements().stream().filter(m -> m.key().params().get("preset").equals("v5.0")).toList(),
            full.files(), full.notes());
        assertFalse(MatrixReport.isMatrix(onlyBefore));
    }
}
