package io.dmsnap.cli.tune;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.JsonValues;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultKind;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.Replication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dmsnap tune cow_threshold} through the real command line, with tiny amounts on small stacks:
 * the shapes of what it writes and the engine's accounting, never timings.
 */
@Timeout(180)
final class CowThresholdCommandTest
{
    /** A small, fast stack: 2 snapshots of a 64 MiB origin, 1 MiB per sample. */
    private static final List<String> SMALL = List.of("tune", "cow_threshold", "--snapshots", "2", "--origin-size", "64m",
        "--amount", "1m");

    private static CliResult run(final List<String> base, final String... more)
    {
        final List<String> args = new ArrayList<>(base);
        args.addAll(Arrays.asList(more));
        return CliResult.run(args.toArray(new String[0]));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(final Path file) throws Exception
    {
        return (Map<String, Object>) JsonValues.parse(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(final Map<String, Object> doc)
    {
        return (List<Map<String, Object>>) doc.get("rows");
    }

    private static Map<String, Object> row(final Map<String, Object> doc, final Object threshold)
    {
        return rows(doc).stream().filter(r -> java.util.Objects.equals(r.get("threshold"), threshold)).findFirst()
            .orElseThrow(() -> new AssertionError("no row for " + threshold + " in " + doc));
    }

    @Test
    void aSweepWritesTheTableJsonCsvChartsPageAndResultFile(@TempDir final Path dir) throws Exception
    {
        final CliResult r = run(SMALL, "--origin-profile", "null", "--cow-profile", "null", "--values", "unlimited,0,16",
            "--repeat", "2", "--json", dir.resolve("t.json").toString(), "--csv", dir.resolve("t.csv").toString(),
            "--charts", dir.resolve("charts").toString(), "--html", dir.resolve("t.html").toString(),
            "--result", dir.resolve("result.json").toString());
        assertEquals(0, r.exitCode, r.toString());

        // stdout: the table and the recommendation; stderr: the estimate and progress with the time left.
        assertTrue(r.out.matches("(?s).*\\nthreshold +IOPS +p50 +p99 +p99.9 +time +device time +peak in flight.*"), r.out);
        assertTrue(r.out.contains("Recommended snapshot_cow_threshold: "), r.out);
        assertTrue(r.err.contains("tune: calibration on 1 MiB: threshold 0 "), r.err);
        assertTrue(r.err.contains("tune: 6 samples of 1 MiB: expected about"), r.err);
        assertTrue(r.err.contains("tune: [6/6] chunk 4k, threshold 16, repeat 2/2: "), r.err);
        assertTrue(r.err.contains("left"), r.err);

        // JSON: one row per value, unlimited as null, the figures the issue names.
        final Map<String, Object> doc = json(dir.resolve("t.json"));
        assertEquals("dmsnap-tune/1", doc.get("format"));
        assertEquals(3, rows(doc).size());
        for (final Map<String, Object> row : rows(doc))
        {
            for (final String key : List.of("threshold", "iops", "p99_us", "peak_inflight", "peak_copy_bytes", "seconds",
                "p50_us", "p999_us", "mean_copy_bytes", "chunk_kb", "samples"))
            {
                assertTrue(row.containsKey(key), key + " in " + row);
            }
            assertEquals(2L, row.get("samples"));
            assertTrue(((Number) row.get("seconds")).doubleValue() > 0);
            assertNull(row.get("device_seconds"), "no device is timed");
        }
        assertNull(row(doc, null).get("threshold"));
        assertEquals("unlimited", row(doc, null).get("threshold_label"));
        // The accounting: at 0 the one flusher waits while any copy is in flight, so a snapshot holds at
        // most 1; at 16 at most 17 (threshold + one submitter).
        assertEquals(1L, row(doc, 0L).get("peak_inflight"));
        assertTrue((Long) row(doc, 16L).get("peak_inflight") <= 17);
        assertTrue((Long) row(doc, 0L).get("peak_copy_bytes") < (Long) row(doc, 16L).get("peak_copy_bytes")
            || (Long) row(doc, 16L).get("peak_inflight") == 1);
        assertTrue(doc.containsKey("recommended"));
        final Object recommended = doc.get("recommended");
        assertTrue(recommended == null || List.of(0L, 16L).contains(recommended), "recommended " + recommended);
        assertTrue(((String) doc.get("recommendation")).startsWith("Recommended snapshot_cow_threshold: "));

        // CSV: a header and one line per value.
        final List<String> csv = Files.readAllLines(dir.resolve("t.csv"));
        assertEquals(String.join(",", TuneReport.CSV_COLUMNS), csv.get(0));
        assertEquals(4, csv.size());
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("4,unlimited,2,")), csv.toString());
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("4,0,2,") && l.contains(",,1,")), "no device time, peak 1: " + csv);

        // Charts and page.
        for (final String png : List.of("cow_threshold-throughput.png", "cow_threshold-p99.png", "cow_threshold-memory.png"))
        {
            final byte[] bytes = Files.readAllBytes(dir.resolve("charts").resolve(png));
            assertEquals("PNG", new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII), png);
        }
        final String html = Files.readString(dir.resolve("t.html"));
        assertEquals(3, html.split("<img ", -1).length - 1, "three charts");
        assertFalse(html.contains("<script"));

        // The result file: what compare and history read; a replicate per repeat.
        final ResultSet set = ResultFiles.read(dir.resolve("result.json"));
        assertEquals(ResultKind.DMSNAP, set.kind());
        assertEquals(3 * 8, set.measurements().size(), "8 metrics per value (no device time on null devices)");
        for (final Measurement m : set.measurements())
        {
            assertEquals("tune.cow_threshold.writeback", m.key().benchmark());
            assertEquals(2, m.replicateCount());
            assertEquals(Replication.REPLICATED, m.replication());
            assertTrue(List.of("unlimited", "0", "16").contains(m.key().params().get("cow_threshold")), m.key().id());
            assertEquals("2", m.key().params().get("snapshots"));
        }
        assertTrue(r.err.contains("Result file: " + dir.resolve("result.json")), r.err);
    }

    @Test
    void aFioWorkloadOnTimedDevicesReportsDeviceTimeAndKeepsTheSoftLimit(@TempDir final Path dir) throws Exception
    {
        final CliResult r = run(SMALL, "--workload", "origin-randwrite", "--workers", "2", "--iodepth", "4",
            "--origin-profile", "latency=20us", "--cow-profile", "latency=50us", "--values", "0,4,unlimited",
            "--repeat", "1", "--json", dir.resolve("f.json").toString(), "--no-result");
        assertEquals(0, r.exitCode, r.toString());
        final Map<String, Object> doc = json(dir.resolve("f.json"));
        assertEquals("origin-randwrite", doc.get("workload"));
        for (final Map<String, Object> row : rows(doc))
        {
            assertTrue(((Number) row.get("device_seconds")).doubleValue() > 0, "timed devices: " + row);
        }
        // Two workers: at most threshold + 2 copies in flight per snapshot (both may pass the check at once).
        assertTrue((Long) row(doc, 0L).get("peak_inflight") <= 2);
        assertTrue((Long) row(doc, 4L).get("peak_inflight") <= 6);
        // Unlimited: the 2 x 4 writes in flight, plus one. As in the kernel's copy_callback, a copy
        // counts as ended only after pending_complete has released its writes, so a released write
        // whose worker writes again can start a new copy while the old one still counts.
        assertTrue((Long) row(doc, null).get("peak_inflight") <= 9, () -> "unlimited: " + row(doc, null));
    }

    @Test
    void chunkSizesAreASecondDimension(@TempDir final Path dir) throws Exception
    {
        final CliResult r = run(SMALL, "--origin-profile", "null", "--cow-profile", "null", "--values", "0,64",
            "--chunk-size", "4k,16k", "--repeat", "1", "--json", dir.resolve("c.json").toString(), "--charts",
            dir.resolve("charts").toString(), "--no-result");
        assertEquals(0, r.exitCode, r.toString());
        final Map<String, Object> doc = json(dir.resolve("c.json"));
        assertEquals(4, rows(doc).size());
        assertEquals(List.of(4L, 4L, 16L, 16L), rows(doc).stream().map(x -> x.get("chunk_kb")).toList());
        assertEquals(2, ((List<?>) doc.get("by_chunk")).size());
        assertTrue(Files.isRegularFile(dir.resolve("charts").resolve("cow_threshold-heatmap.png")));
        assertTrue(r.out.contains("chunk 16k:"), r.out);
        assertTrue(r.out.contains("Recommended snapshot_cow_threshold for all chunk sizes: "), r.out);
    }

    @Test
    @SuppressWarnings("unchecked")
    void liveStepsTheThresholdWhileIoRuns(@TempDir final Path dir) throws Exception
    {
        final CliResult r = run(SMALL, "--origin-profile", "latency=100us", "--cow-profile", "latency=200us",
            "--values", "unlimited,0,8", "--repeat", "1", "--live", "--step", "300ms", "--json",
            dir.resolve("l.json").toString(), "--charts", dir.resolve("charts").toString(), "--no-result");
        assertEquals(0, r.exitCode, r.toString());
        final Map<String, Object> live = (Map<String, Object>) json(dir.resolve("l.json")).get("live");
        final List<Map<String, Object>> steps = (List<Map<String, Object>>) live.get("steps");
        assertEquals(3, steps.size());
        assertEquals(Arrays.asList(null, 0L, 8L), steps.stream().map(s -> s.get("threshold")).toList());
        for (final Map<String, Object> s : steps)
        {
            assertTrue(s.containsKey("settle_ms") && s.containsKey("iops") && s.containsKey("inflight_at_change"), s.toString());
        }
        assertTrue(r.out.contains("live run (chunk 4k): the threshold changed while I/O ran"), r.out);
        assertTrue(Files.isRegularFile(dir.resolve("charts").resolve("cow_threshold-live-inflight.png")));
        assertTrue(Files.isRegularFile(dir.resolve("charts").resolve("cow_threshold-live-throughput.png")));
    }

    @Test
    void badInputIsAUsageErrorThatNamesTheProblem()
    {
        final List<List<String>> cases = List.of(
            List.of("--values", "0,-4", "'-4'"),
            List.of("--values", "0,many", "'many'"),
            List.of("--values", "8,8", "8 is given twice"),
            List.of("--origin-profile", "ssd", "bad value for --origin-profile: 'ssd'"),
            List.of("--cow-profile", "latency=1ms,dist=uniform", "bad value for --cow-profile"),
            List.of("--cow-profile", "hdd,rpm=0", "bad value for --cow-profile"),
            List.of("--workload", "dt", "unknown workload 'dt'; valid workloads: writeback, origin-randwrite, snapshot-randwrite"),
            List.of("--repeat", "0", "--repeat"),
            List.of("--chunk-size", "3k", "power of two"),
            List.of("--duration", "10s", "--amount and --duration exclude each other"),
            List.of("--iodepth", "4", "--iodepth applies to the fio workloads"),
            List.of("--throughput-tolerance", "150%", "--throughput-tolerance"),
            List.of("--dirty-background", "2m", "must be below the dirty limit"),
            List.of("--set", "throttle=NONE", "tune sets the throttle and snapshot_cow_threshold itself"),
            List.of("--cow-threshold", "64", "--cow-threshold sets one value"),
            List.of("--step", "1s", "give --live too"));
        for (final List<String> c : cases)
        {
            final List<String> args = new ArrayList<>(SMALL);
            args.addAll(c.subList(0, c.size() - 1));
            final CliResult r = CliResult.run(args.toArray(new String[0]));
            assertEquals(2, r.exitCode, c + ": " + r);
            assertTrue(r.err.startsWith("dmsnap: "), c + ": " + r.err);
            assertTrue(r.err.contains(c.get(c.size() - 1)), c + ": " + r.err);
            assertFalse(r.errHasStackTrace(), r.err);
            assertEquals("", r.out, "nothing ran: " + c);
        }
    }

    @Test
    void helpSaysWhatQuickDoesAndTuneNeedsAParameter()
    {
        final CliResult help = CliResult.run("tune", "cow_threshold", "--help");
        assertEquals(0, help.exitCode);
        assertTrue(help.out.contains("--quick"), help.out);
        assertTrue(help.out.replaceAll("\\s+", " ").contains("finishes within 10 minutes on 2 cores"), help.out);
        assertTrue(help.out.contains("--live"), help.out);
        final CliResult missing = CliResult.run("tune");
        assertEquals(2, missing.exitCode, missing.toString());
        final CliResult listed = CliResult.run("--help");
        assertTrue(listed.out.contains("tune"), listed.out);
    }
}
