package io.dmsnap.cli.matrix;

import io.dmsnap.cli.Dmsnap;
import io.dmsnap.cli.JsonValues;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.report.PageText;
import io.dmsnap.cli.result.JmhSettings;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.Replication;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dmsnap matrix} end to end, in this JVM (forks 0) with iterations of 100 ms: the JMH
 * benchmarks run on the real stack, the tables and the result file come out of real results.
 */
@Timeout(60)
final class MatrixCommandTest
{
    private static final class Run
    {
        final int exitCode;
        final String out;
        final String err;

        Run(final String... args)
        {
            final StringWriter o = new StringWriter();
            final StringWriter e = new StringWriter();
            exitCode = Dmsnap.run(new PrintWriter(o), new PrintWriter(e), args);
            out = o.toString();
            err = e.toString();
        }

        @Override
        public String toString()
        {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    @BeforeAll
    static void allowConcurrentJmhRuns()
    {
        // JMH refuses to start while another JMH process on the machine holds its lock file; this
        // smoke run measures nothing, so it may run next to one.
        System.setProperty("jmh.ignoreLock", "true");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTinyMatrixPrintsTheTablesAndWritesTheResultFile(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("m.json");
        final Run r = new Run("matrix", "--benchmarks", "fio_origin_randwrite_throughput",
            "--workers", "1,2", "--warmup", "1x100ms", "--measurement", "1x100ms", "--forks", "0", "--no-live",
            "--output", file.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);

        // One line per finished point, on stderr.
        assertTrue(r.err.contains("4 points"), r::toString);
        for (int i = 1; i <= 4; i++)
        {
            assertTrue(r.err.contains("[" + i + "/4] fio_origin_randwrite_throughput workers="), r::toString);
        }
        assertFalse(r.err.contains("\r"), "a live line without a console");

        // The seed's table form, with the seed's ratio where the seed has one.
        final List<String> lines = List.of(r.out.split("\n"));
        final int throughput = lines.indexOf(lines.stream().filter(l -> l.startsWith("fio_origin_randwrite_throughput, store N"))
            .findFirst().orElseThrow());
        assertEquals(List.of("workers", "before", "after", "after/before", "seed", "after/before"),
            List.of(lines.get(throughput + 1).trim().split("\\s+")));
        for (int row = 0; row < 2; row++)
        {
            final String[] cells = lines.get(throughput + 2 + row).trim().split("\\s+");
            assertEquals(String.valueOf(row + 1), cells[0]);
            assertTrue(Double.parseDouble(cells[1]) > 0 && Double.parseDouble(cells[2]) > 0, r::toString);
            assertEquals(Double.parseDouble(cells[2]) / Double.parseDouble(cells[1]), Double.parseDouble(cells[3]),
                0.006 + 0.01 * Double.parseDouble(cells[3]), r::toString);
            // One iteration a side: the ratio cannot be told from noise, so it is marked.
            assertEquals("~", cells[4], r::toString);
            assertEquals(row == 0 ? "1.15" : "1.22", cells[5]);
        }
        assertEquals("~ not tested: fewer than 4 iteration scores on a side (1+1).", lines.get(throughput + 4));
        assertEquals(1, lines.stream().filter(l -> l.startsWith("fio_")).count(), "one table per benchmark and store");
        assertTrue(r.out.contains("Result file: " + file), r::toString);

        // The result file: the environment, the run with a summary row and the JMH result of every point.
        final Map<String, Object> doc = (Map<String, Object>) JsonValues.parse(Files.readString(file, StandardCharsets.UTF_8));
        assertEquals("dmsnap-result/1", doc.get("format"));
        final Map<String, Object> env = (Map<String, Object>) doc.get("environment");
        assertEquals((long) Runtime.getRuntime().availableProcessors(), ((Map<String, Object>) env.get("cpu")).get("cores"));
        final Map<String, Object> run = (Map<String, Object>) doc.get("run");
        assertEquals(0L, ((Map<String, Object>) run.get("options")).get("forks"));
        assertEquals(4, ((List<Object>) run.get("summary")).size());
        final List<Map<String, Object>> jmh = (List<Map<String, Object>>) ((Map<String, Object>) doc.get("raw")).get("jmh");
        assertEquals(4, jmh.size());
        final TreeSet<String> seen = new TreeSet<>();
        for (final Map<String, Object> result : jmh)
        {
            final Map<String, Object> params = (Map<String, Object>) result.get("params");
            final String benchmark = (String) result.get("benchmark");
            seen.add(benchmark.substring(benchmark.lastIndexOf('.') + 1) + " t=" + result.get("threads") + " "
                + params.get("preset") + " " + params.get("store"));
            assertEquals("thrpt", result.get("mode"));
            final Map<String, Object> primary = (Map<String, Object>) result.get("primaryMetric");
            assertTrue(((Number) primary.get("score")).doubleValue() > 0, result::toString);
        }
        assertEquals(new TreeSet<>(List.of("fio_origin_randwrite_throughput t=1 current N",
            "fio_origin_randwrite_throughput t=1 v5.0 N", "fio_origin_randwrite_throughput t=2 current N",
            "fio_origin_randwrite_throughput t=2 v5.0 N")), seen);

        // Read back: one row per point, in the run's environment, its one iteration as a sample.
        final ResultSet set = ResultFiles.read(file);
        assertEquals(4, set.measurements().size());
        for (final Measurement m : set.measurements())
        {
            assertEquals("ops/s", m.unit());
            assertEquals(Replication.SINGLE_VALUE, m.replication(), "forks 0 and 1 iteration: one value");
            assertTrue(m.pooledSamples()[0] > 0, m::toString);
        }
        assertEquals(Optional.of(Runtime.getRuntime().availableProcessors()), set.environment().cores());
        assertTrue(set.environment().engine().isEmpty(), "two presets: no one engine setup");
        assertEquals(List.of(new JmhSettings.Phase(1, "100 ms")), set.environment().jmh().orElseThrow().measurement());

        // The HTML report next to the result file, drawn from it: a values and a gain chart.
        final Path html = dir.resolve("m.html");
        assertTrue(r.out.contains("Report: " + html), r::toString);
        final String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(PageText.headings(page).contains("h2 Matrix m.json"), page);
        assertTrue(PageText.headings(page).contains("h3 fio_origin_randwrite_throughput, store N"), page);
        assertEquals(2, PageText.images(page));
    }

    @Test
    void noReportWritesTheResultFileAlone(@TempDir final Path dir)
    {
        final Path file = dir.resolve("alone.json");
        final Run r = new Run("matrix", "--benchmarks", "fio_raw_device_randread_throughput", "--workers", "1",
            "--warmup", "0x100ms", "--measurement", "1x100ms", "--forks", "0", "--no-live", "--no-report",
            "--output", file.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(Files.exists(file));
        assertFalse(Files.exists(dir.resolve("alone.html")));
        assertFalse(r.out.contains("Report:"), r::toString);
    }

    @Test
    void badArgumentsFailBeforeAnythingRuns(@TempDir final Path dir)
    {
        final Path file = dir.resolve("never.json");
        for (final String[] args : new String[][] {
            {"matrix", "--benchmarks", "fio_nothing", "--output", file.toString()},
            {"matrix", "--presets", "v5.0,nosuch", "--output", file.toString()},
            {"matrix", "--quick", "--full", "--output", file.toString()},
            {"matrix", "--set", "locking=SIDEWAYS", "--output", file.toString()},
            {"matrix", "--warmup", "lots", "--output", file.toString()}})
        {
            final Run r = new Run(args);
            assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
            assertTrue(r.err.startsWith("dmsnap: "), r::toString);
            assertFalse(Files.exists(file));
        }
    }
}
