package io.dmsnap.cli.history;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.JsonValues;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.result.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.dmsnap.cli.history.SyntheticRuns.gaussian;
import static io.dmsnap.cli.history.SyntheticRuns.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dmsnap history} on synthetic directories of real result files, through the command line. */
final class HistoryCommandTest
{
    @SuppressWarnings("unchecked")
    static Map<String, Object> json(final CliResult r)
    {
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        return (Map<String, Object>) JsonValues.parse(r.out);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(final Map<String, Object> json, final String name)
    {
        return (List<Map<String, Object>>) json.get(name);
    }

    static double number(final Map<String, Object> json, final String name)
    {
        return ((Number) json.get(name)).doubleValue();
    }

    @Test
    void flatNoisyHistoryHasNoChangePoint(@TempDir final Path dir)
    {
        SyntheticRuns.history().iops("randwrite", gaussian(11, 30, 0.03, i -> 1000))
            .latency("randwrite", gaussian(12, 30, 0.03, i -> 200_000)).writeTo(dir);
        final CliResult r = CliResult.run("history", dir.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(r.out.startsWith("History of " + dir + ": 1 host, 30 runs, 2 series, 0 change points (0 regressions)\n"),
            r.out);
        assertTrue(r.out.contains("Value of a run: the median of the row's samples"), r.out);
        assertTrue(r.out.contains("Host bench-1: 30 runs, 2026-01-01T02:00:00Z (run-000.json) to 2026-01-30T02:00:00Z "
            + "(run-029.json)\n  2 of 2 series without a change point\n"), r.out);
        assertEquals("", r.err);
        assertEquals(List.of(), list(json(CliResult.run("history", "--format", "json", dir.toString())), "change_points"));
    }

    /** A seeded 5% drop of IOPS at run 15 of 30 with 3% noise: one regression, found where it starts. */
    @Test
    void fivePercentStepIsFoundWhereItStarts(@TempDir final Path dir)
    {
        SyntheticRuns.history().iops("randwrite", gaussian(3, 30, 0.03, step(15, 1000, 950))).writeTo(dir);
        final Map<String, Object> json = json(CliResult.run("history", "--format", "json", dir.toString()));
        final List<Map<String, Object>> points = list(json, "change_points");
        assertEquals(1, points.size(), points::toString);
        final Map<String, Object> p = points.get(0);
        final int index = ((Number) p.get("index")).intValue();
        assertTrue(Math.abs(index - 15) <= 1, "index " + index);
        assertEquals("regression", p.get("direction"));
        assertEquals("randwrite", p.get("benchmark"));
        assertEquals(Map.of("bs", "4k", "rw", "randwrite"), p.get("params"));
        assertEquals(dir.resolve(String.format("run-%03d.json", index)).toString(), p.get("file"));
        assertEquals(SyntheticRuns.commit(index), p.get("commit"));
        final double change = number(p, "change_percent");
        assertTrue(change < -2 && change > -8, "change " + change);
        assertTrue(number(p, "p") < 0.001, p::toString);

        final CliResult text = CliResult.run("history", dir.toString());
        assertTrue(text.out.contains("1 change point (1 regression)"), text.out);
        assertTrue(text.out.contains("\n    time                  commit   file          index  change  p        verdict     means\n"
            + "  randwrite:write.iops [fio, threads=1] {bs=4k, rw=randwrite}\n"
            + "    2026-01-" + (index + 1) + "T02:00:00Z  " + SyntheticRuns.commit(index).substring(0, 7)
            + "  run-0" + index + ".json  " + index + "/30  " + HistoryFormat.percent(change) + "   "), text.out);
        assertTrue(text.out.contains("  regression  "), text.out);
        assertTrue(text.out.contains("  0 of 1 series without a change point"), text.out);
    }

    @Test
    void aFasterThroughputAndALowerLatencyAreImprovements(@TempDir final Path dir)
    {
        SyntheticRuns.history().iops("randwrite", gaussian(21, 30, 0.01, step(12, 1000, 1100)))
            .latency("randwrite", gaussian(22, 30, 0.01, step(20, 200_000, 180_000))).writeTo(dir);
        final List<Map<String, Object>> points = list(json(CliResult.run("history", "--format", "json", dir.toString())),
            "change_points");
        assertEquals(2, points.size(), points::toString);
        // Row by row: the latency row's id sorts first.
        assertEquals(20L, points.get(0).get("index"));
        assertEquals("write.clat.p99", points.get(0).get("metric"));
        assertEquals("improvement", points.get(0).get("direction"));
        assertTrue(number(points.get(0), "change_percent") < -8, points::toString);
        assertEquals(12L, points.get(1).get("index"));
        assertEquals("write.iops", points.get(1).get("metric"));
        assertEquals("improvement", points.get(1).get("direction"));
        assertTrue(number(points.get(1), "change_percent") > 8, points::toString);
    }

    /** +10% at run 20 and back at run 40: an improvement, then a regression. */
    @Test
    void twoStepsGiveTwoChangePoints(@TempDir final Path dir)
    {
        SyntheticRuns.history().iops("randread", gaussian(31, 60, 0.01, i -> i >= 20 && i < 40 ? 1100 : 1000)).writeTo(dir);
        final List<Map<String, Object>> points = list(json(CliResult.run("history", "--format", "json", dir.toString())),
            "change_points");
        assertEquals(2, points.size(), points::toString);
        assertEquals(20L, points.get(0).get("index"));
        assertEquals("improvement", points.get(0).get("direction"));
        assertEquals(40L, points.get(1).get("index"));
        assertEquals("regression", points.get(1).get("direction"));
        assertEquals(dir.resolve("run-040.json").toString(), points.get(1).get("file"));
    }

    /**
     * Runs 10 to 14 lack the row (a benchmark skipped for a week): its series holds 25 runs, the
     * index counts those, and the file names the run. A row present in only some runs does not
     * disturb the others.
     */
    @Test
    void missingRowsLeaveGapsAndIndicesCountTheSeries(@TempDir final Path dir)
    {
        final double[] gappy = gaussian(41, 30, 0.01, step(20, 1000, 900));
        for (int i = 10; i < 15; i++)
        {
            gappy[i] = Double.NaN;
        }
        SyntheticRuns.history().iops("gappy", gappy).iops("steady", gaussian(42, 30, 0.01, i -> 500)).writeTo(dir);
        final Map<String, Object> json = json(CliResult.run("history", "--format", "json", dir.toString()));
        final List<Map<String, Object>> points = list(json, "change_points");
        assertEquals(1, points.size(), points::toString);
        final Map<String, Object> p = points.get(0);
        assertEquals("gappy", p.get("benchmark"));
        assertEquals(15L, p.get("index"), "run 20 is the 16th run with the row");
        assertEquals(25L, p.get("series_length"));
        assertEquals(20L, p.get("run_position"));
        assertEquals(dir.resolve("run-020.json").toString(), p.get("file"));
        final List<Map<String, Object>> series = list(list(json, "hosts").get(0), "series");
        assertEquals(List.of(25L, 30L), series.stream().map(s -> s.get("length")).toList());
        assertEquals(30L, json.get("run_count"));
    }

    /** results/history/ with a directory per host: one series per host and row, never mixed. */
    @Test
    void severalHostsKeepTheirOwnSeries(@TempDir final Path dir)
    {
        SyntheticRuns.history().host("alpha").iops("randwrite", gaussian(51, 30, 0.01, i -> 1000)).writeTo(dir.resolve("alpha"));
        SyntheticRuns.history().host("beta").iops("randwrite", gaussian(52, 24, 0.01, step(12, 2000, 1800)))
            .writeTo(dir.resolve("beta"));
        final Map<String, Object> json = json(CliResult.run("history", "--format", "json", dir.toString()));
        assertEquals(2L, json.get("host_count"));
        assertEquals(54L, json.get("run_count"));
        assertEquals(2L, json.get("series_count"));
        final List<Map<String, Object>> hosts = list(json, "hosts");
        assertEquals(List.of("alpha", "beta"), hosts.stream().map(h -> h.get("host")).toList());
        assertEquals(30, list(hosts.get(0), "runs").size());
        assertEquals(24, list(hosts.get(1), "runs").size());
        final List<Map<String, Object>> points = list(json, "change_points");
        assertEquals(1, points.size(), points::toString);
        assertEquals("beta", points.get(0).get("host"));
        assertEquals(12L, points.get(0).get("index"));
        assertEquals(dir.resolve("beta").resolve("run-012.json").toString(), points.get(0).get("file"));

        final CliResult text = CliResult.run("history", dir.toString());
        assertTrue(text.out.contains("\nHost alpha: 30 runs"), text.out);
        assertTrue(text.out.contains("\nHost beta: 24 runs"), text.out);
        assertTrue(text.out.contains(" beta/run-012.json "), text.out);

        // One host's directory alone is that host's history.
        final Map<String, Object> beta = json(CliResult.run("history", "--format", "json", dir.resolve("beta").toString()));
        assertEquals(1L, beta.get("host_count"));
        assertEquals(1, list(beta, "change_points").size());
    }

    @Test
    void jsonHasTheDocumentedShape(@TempDir final Path dir)
    {
        SyntheticRuns.history().iops("randwrite", gaussian(3, 30, 0.03, step(15, 1000, 950)))
            .row(SyntheticRuns.fioRow("randwrite", "write.something"), "widgets", Direction.UNKNOWN,
                gaussian(4, 30, 0.03, i -> 10))
            .writeTo(dir);
        final Map<String, Object> json = json(CliResult.run("history", "--format", "json", "--window", "30",
            "--min-magnitude", "1.5%", dir.toString()));
        for (final String member : List.of("directory", "value", "settings", "host_count", "run_count", "series_count",
            "change_point_count", "regression_count", "change_points", "hosts", "skipped_files", "notes"))
        {
            assertTrue(json.containsKey(member), member + " missing: " + json.keySet());
        }
        assertEquals(Map.of("p", 0.001, "min_magnitude_percent", 1.5, "window", 30L, "merge", "otava", "test", "t-test"),
            Map.of("p", ((Map<?, ?>) json.get("settings")).get("p"),
                "min_magnitude_percent", ((Map<?, ?>) json.get("settings")).get("min_magnitude_percent"),
                "window", ((Map<?, ?>) json.get("settings")).get("window"),
                "merge", ((Map<?, ?>) json.get("settings")).get("merge"),
                "test", ((Map<?, ?>) json.get("settings")).get("test")));
        assertEquals(1L, json.get("series_count"), "the row without a direction is not a series");
        assertEquals(List.of("randwrite:write.something [fio, threads=1] {bs=4k, rw=randwrite}"),
            list(json, "hosts").get(0).get("undirected_rows"));
        final Map<String, Object> p = list(json, "change_points").get(0);
        for (final String member : List.of("host", "row", "benchmark", "mode", "threads", "params", "metric", "unit", "index",
            "series_length", "run_position", "file", "time", "commit", "change_percent", "magnitude_percent", "p",
            "direction", "mean_before", "mean_after"))
        {
            assertTrue(p.containsKey(member), member + " missing: " + p.keySet());
        }
        assertTrue(p.get("params") instanceof Map, p::toString);
        assertTrue(p.get("p") instanceof Double, p::toString);
        assertTrue(p.get("index") instanceof Long, p::toString);
        assertEquals("ops/s", p.get("unit"));
        assertEquals(number(p, "change_percent"), (number(p, "mean_after") / number(p, "mean_before") - 1) * 100, 1e-9);

        final CliResult text = CliResult.run("history", dir.toString());
        assertTrue(text.out.contains("  1 row not analysed, the files do not say which way is better: "
            + "randwrite:write.something [fio, threads=1] {bs=4k, rw=randwrite}\n"), text.out);
    }

    @Test
    void sinceAndLastLimitTheRuns(@TempDir final Path dir)
    {
        SyntheticRuns.history().iops("randwrite", gaussian(31, 60, 0.005, i -> i >= 20 && i < 40 ? 1100 : 1000)).writeTo(dir);
        // From run 10 on (2026-01-11): the series starts there, so the steps are at 10 and 30.
        final Map<String, Object> since = json(CliResult.run("history", "--format", "json", "--since", "2026-01-11",
            dir.toString()));
        assertEquals(50L, since.get("run_count"));
        assertEquals(List.of(10L, 30L), list(since, "change_points").stream().map(p -> p.get("index")).toList());
        assertEquals(List.of("host bench-1: 10 runs before 2026-01-11T00:00:00Z left out (--since)"), since.get("notes"));
        assertEquals("2026-01-11T00:00:00Z", ((Map<?, ?>) since.get("settings")).get("since"));

        // The last 30 runs are 30..59: only the step back at 40, index 10.
        final Map<String, Object> last = json(CliResult.run("history", "--format", "json", "--last", "30", dir.toString()));
        assertEquals(30L, last.get("run_count"));
        final List<Map<String, Object>> points = list(last, "change_points");
        assertEquals(List.of(10L), points.stream().map(p -> p.get("index")).toList());
        assertEquals(dir.resolve("run-040.json").toString(), points.get(0).get("file"));

        // Both: since run 10, then its last 25 runs (35..59).
        final Map<String, Object> both = json(CliResult.run("history", "--format", "json", "--since",
            "2026-01-11T00:00:00Z", "--last", "25", dir.toString()));
        assertEquals(25L, both.get("run_count"));
        assertEquals(List.of(5L), list(both, "change_points").stream().map(p -> p.get("index")).toList());
    }

    @Test
    void permutationTestAndCorrectedMerge(@TempDir final Path dir)
    {
        SyntheticRuns.history().iops("randwrite", gaussian(21, 30, 0.01, step(12, 1000, 1100))).writeTo(dir);
        final Map<String, Object> json = json(CliResult.run("history", "--format", "json", "--permutations", "200",
            "--seed", "7", "--merge", "corrected", dir.toString()));
        final Map<?, ?> settings = (Map<?, ?>) json.get("settings");
        assertEquals("permutation", settings.get("test"));
        assertEquals(200L, settings.get("permutations"));
        assertEquals(7L, settings.get("seed"));
        assertEquals("corrected", settings.get("merge"));
        assertEquals(List.of(12L), list(json, "change_points").stream().map(p -> p.get("index")).toList());
        // Seeded: the same output twice.
        assertEquals(CliResult.run("history", "--format", "json", "--permutations", "200", "--seed", "7", "--merge",
            "corrected", dir.toString()).out, CliResult.run("history", "--format", "json", "--permutations", "200",
            "--seed", "7", "--merge", "corrected", dir.toString()).out);
    }

    @Test
    void chartsAreOnePngPerSeriesWithSafeNames(@TempDir final Path dir) throws Exception
    {
        final Path runs = dir.resolve("runs");
        SyntheticRuns.history().iops("randwrite", gaussian(3, 30, 0.03, step(15, 1000, 950)))
            .latency("randwrite", gaussian(4, 30, 0.03, i -> 200_000))
            .row(SyntheticRuns.jmhRow("fio_origin_randwrite_throughput", "v5.0"), "ops/s", Direction.HIGHER_IS_BETTER,
                gaussian(5, 30, 0.01, step(10, 500, 550)))
            .writeTo(runs);
        final Path charts = dir.resolve("charts");
        final CliResult r = CliResult.run("history", "--charts", charts.toString(), runs.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertEquals("dmsnap history: 3 charts written to " + charts + "\n", r.err);
        final List<String> names;
        try (Stream<Path> files = Files.list(charts))
        {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of(
            "bench-1_io.dmsnap.bench.jmh.fio.FioBenchmarks.fio_origin_randwrite_throughput_score_thrpt_threads_2_preset_v5.0_store_N.png",
            "bench-1_randwrite_write.clat.p99_fio_threads_1_bs_4k_rw_randwrite.png",
            "bench-1_randwrite_write.iops_fio_threads_1_bs_4k_rw_randwrite.png"), names);
        for (final String name : names)
        {
            final byte[] png = Files.readAllBytes(charts.resolve(name));
            assertEquals((byte) 0x89, png[0], name);
            assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII), name);
            assertTrue(png.length > 5_000, name + " is " + png.length + " bytes: no chart drawn");
        }
    }

    @Test
    void htmlPageHoldsEveryChartAndTheTable(@TempDir final Path dir) throws Exception
    {
        final Path runs = dir.resolve("runs");
        SyntheticRuns.history().iops("randwrite", gaussian(3, 30, 0.03, step(15, 1000, 950)))
            .latency("randwrite", gaussian(4, 30, 0.03, i -> 200_000)).writeTo(runs);
        final Path page = dir.resolve("out").resolve("history.html");
        final CliResult r = CliResult.run("history", "--html", page.toString(), runs.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertEquals("dmsnap history: page written to " + page + "\n", r.err);
        final String html = Files.readString(page);
        assertEquals(2, html.split("src=\"data:image/svg\\+xml;base64,", -1).length - 1, "one chart per series");
        assertTrue(html.contains("<tr class=\"regressed\"><td class=\"text\">randwrite:write.iops [fio, threads=1] "
            + "{bs=4k, rw=randwrite}</td><td>bench-1</td>"), html);
        assertTrue(html.contains("<details><summary>1 series without a change point</summary>"), html);
        assertFalse(html.contains("<script"), "a report carries no script");
    }

    @Test
    void otavaExportWritesOneCsvPerHostAndPrintsTheCommand(@TempDir final Path dir) throws Exception
    {
        final Path runs = dir.resolve("history");
        SyntheticRuns.history().host("alpha").iops("randwrite", gaussian(3, 6, 0.03, i -> 1000))
            .latency("randwrite", gaussian(4, 6, 0.03, i -> 200_000)).writeTo(runs.resolve("alpha"));
        SyntheticRuns.history().host("beta").iops("randwrite", gaussian(5, 5, 0.03, i -> 2000)).writeTo(runs.resolve("beta"));
        final Path otava = dir.resolve("otava");
        final CliResult r = CliResult.run("history", "--otava", otava.toString(), runs.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(r.out.contains("\nOtava export in " + otava + ":\n"
            + "  host alpha: alpha.csv, alpha.otava.yaml\n"
            + "    cd " + otava + " && otava --config-file alpha.otava.yaml analyze alpha --since 2025-12-31 -P 0.001 -M 0.02 "
            + "--window 50\n"
            + "  host beta: beta.csv, beta.otava.yaml\n"
            + "    cd " + otava + " && otava --config-file beta.otava.yaml analyze beta --since 2025-12-31 -P 0.001 -M 0.02 "
            + "--window 50\n"), r.out);
        final List<String> alpha = Files.readAllLines(otava.resolve("alpha.csv"));
        assertEquals("time,commit,randwrite_write.clat.p99_fio_threads_1_bs_4k_rw_randwrite,"
            + "randwrite_write.iops_fio_threads_1_bs_4k_rw_randwrite", alpha.get(0));
        assertEquals(7, alpha.size(), "a header and 6 runs");
        final double[] iops = gaussian(3, 6, 0.03, i -> 1000);
        assertTrue(alpha.get(1).startsWith("2026-01-01T02:00:00+00:00," + SyntheticRuns.commit(0) + ","), alpha.get(1));
        assertEquals(iops[0], Double.parseDouble(alpha.get(1).split(",")[3]), 1e-9);
        assertEquals(6, Files.readAllLines(otava.resolve("beta.csv")).size());
        final String config = Files.readString(otava.resolve("alpha.otava.yaml"));
        assertTrue(config.contains("        direction: -1\n"), config);
        assertTrue(config.contains("        direction: 1\n"), config);

        final Map<String, Object> json = json(CliResult.run("history", "--format", "json", "--otava", otava.toString(),
            runs.toString()));
        final Map<?, ?> export = (Map<?, ?>) json.get("otava");
        assertEquals(otava.toString(), export.get("directory"));
        assertEquals(2, ((List<?>) export.get("exports")).size());
    }

    @Test
    void otavaLeavesOutRunsWithoutStartTimeAndSaysWhenItsResultsCanDiffer(@TempDir final Path dir) throws Exception
    {
        final Path runs = dir.resolve("runs");
        final SyntheticRuns history = SyntheticRuns.history().iops("randwrite", gaussian(3, 6, 0.03, i -> 1000));
        history.writeTo(runs);
        history.writeRun(runs.resolve("run-005.json"), 5, null);
        final Path otava = dir.resolve("otava");
        final CliResult r = CliResult.run("history", "--merge", "corrected", "--otava", otava.toString(), runs.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(r.out.contains("\n    left out, no start time: run-005.json\n"
            + "  Otava merges with its own rule: with --merge corrected its change points can differ.\n"), r.out);
        assertEquals(6, Files.readAllLines(otava.resolve("bench-1.csv")).size(), "a header and the 5 timed runs");

        final Map<?, ?> export = (Map<?, ?>) json(CliResult.run("history", "--format", "json", "--merge", "corrected",
            "--otava", otava.toString(), runs.toString())).get("otava");
        assertEquals("Otava merges with its own rule: with --merge corrected its change points can differ",
            export.get("caveat"));
        assertEquals(List.of("run-005.json"), ((Map<?, ?>) ((List<?>) export.get("exports")).get(0)).get("left_out"));
    }

    @Test
    void otavaSaysWhenThereIsNothingToExport(@TempDir final Path dir)
    {
        final Path runs = dir.resolve("runs");
        SyntheticRuns.history().row(SyntheticRuns.fioRow("randwrite", "gc.count"), "counts", Direction.UNKNOWN,
            gaussian(1, 5, 0.1, i -> 10)).writeTo(runs);
        final Path otava = dir.resolve("otava");
        final CliResult r = CliResult.run("history", "--otava", otava.toString(), runs.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertEquals("dmsnap history: nothing written to " + otava + ": no analysed series has a run with a start time\n", r.err);
        assertTrue(r.out.contains("History of " + runs + ": 1 host, 5 runs, 0 series, 0 change points"), r.out);
        assertFalse(Files.exists(otava.resolve("bench-1.csv")));
    }

    /** Without options the command analyses as {@link HistoryOptions#nightly()} does, the API's defaults. */
    @Test
    void defaultsAreTheNightlyOptions(@TempDir final Path dir)
    {
        SyntheticRuns.history().iops("randwrite", gaussian(1, 5, 0.01, i -> 1000)).writeTo(dir);
        final Map<?, ?> settings = (Map<?, ?>) json(CliResult.run("history", "--format", "json", dir.toString()))
            .get("settings");
        final io.dmsnap.cli.changepoint.ChangePointDetector nightly = HistoryOptions.nightly().detector();
        assertEquals(nightly.pValue(), settings.get("p"));
        assertEquals(nightly.minMagnitudePercent(), settings.get("min_magnitude_percent"));
        assertEquals((long) nightly.window(), settings.get("window"));
        assertEquals("otava", settings.get("merge"));
        assertEquals("t-test", settings.get("test"));
        assertEquals(2.0, nightly.minMagnitudePercent());
    }

    @Test
    void helpListsTheOptions()
    {
        final CliResult r = CliResult.run("history", "--help");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        for (final String option : List.of("--format", "--p", "--min-magnitude", "--window", "--merge", "--permutations",
            "--seed", "--since", "--last", "--skip-unreadable", "--charts", "--html", "--otava", "Exit codes:"))
        {
            assertTrue(r.out.contains(option), option + " not in\n" + r.out);
        }
    }
}
