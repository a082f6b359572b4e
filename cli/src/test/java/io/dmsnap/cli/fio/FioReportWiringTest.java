package io.dmsnap.cli.fio;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the job-file language hands to the reports and log writers: flushes in fio's sync figures,
 * log files from command-line options, percentile_list and lat_percentiles, bytes of varying I/O
 * sizes. The expected forms are real fio 3.33's on a regular file.
 */
@Timeout(120)
final class FioReportWiringTest
{
    private static CliResult fio(final String... args)
    {
        final List<String> all = new ArrayList<>(List.of("fio", "--no-result", "--target=raw", "--device=memory",
            "--origin-size=16m"));
        all.addAll(Arrays.asList(args));
        return CliResult.run(all.toArray(new String[0]));
    }

    private static JsonNode job(final CliResult r)
    {
        assertEquals(0, r.exitCode, r.toString());
        return Json.MAPPER.readTree(r.out).get("jobs").get(0);
    }

    private static Set<String> keys(final JsonNode node)
    {
        final Set<String> keys = new TreeSet<>();
        node.propertyNames().forEach(keys::add);
        return keys;
    }

    @Test
    void fsyncFillsFiosSyncObject()
    {
        // fio 3.33, --rw=write --size=1m --bs=4k --fsync=4: sync.total_ios 63 (no flush after the last write,
        // the job ends first), lat_ns with N = 63 and percentiles.
        final JsonNode job = job(fio("--name=s", "--rw=write", "--size=1m", "--fsync=4", "--output-format=json"));
        final JsonNode sync = job.get("sync");
        assertEquals(63, sync.get("total_ios").asLong(), sync.toString());
        assertEquals(63, sync.get("lat_ns").get("N").asLong(), sync.toString());
        assertTrue(sync.get("lat_ns").get("max").asLong() > 0, sync.toString());
        assertTrue(sync.get("lat_ns").has("percentile"), sync.toString());
        assertEquals(256, job.get("write").get("total_ios").asLong());
        final JsonNode plain = job(fio("--name=p", "--rw=write", "--size=1m", "--output-format=json"));
        assertEquals(0, plain.get("sync").get("total_ios").asLong());
        assertFalse(plain.get("sync").get("lat_ns").has("percentile"), "no percentiles without flushes, as fio");
    }

    @Test
    void fsyncPrintsFiosSyncLinesAndIssuedCount()
    {
        final CliResult r = fio("--name=s", "--rw=write", "--size=1m", "--fsync=4");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("\n  fsync/fdatasync/sync_file_range:\n    sync ("), r.out);
        assertTrue(r.out.contains("\n    sync percentiles ("), r.out);
        assertTrue(r.out.contains("issued rwts: total=0,256,0,63 short=0,0,0,0 dropped=0,0,0,0"), r.out);
        final CliResult plain = fio("--name=p", "--rw=write", "--size=1m");
        assertFalse(plain.out.contains("fsync/fdatasync"), plain.out);
    }

    @Test
    void logOptionsOnTheCommandLineWriteFiosLogs(@TempDir final Path dir) throws IOException
    {
        final String prefix = dir.resolve("cl").toString();
        final CliResult r = fio("--write_lat_log=" + prefix, "--write_iops_log", prefix, "--log_avg_msec=0",
            "--name=w", "--rw=write", "--bssplit=4k/50:16k/50", "--size=1m");
        assertEquals(0, r.exitCode, r.toString());
        final List<String> lat = Files.readAllLines(dir.resolve("cl_lat.1.log"));
        final List<String> iops = Files.readAllLines(dir.resolve("cl_iops.1.log"));
        assertFalse(lat.isEmpty());
        assertEquals(lat.size(), iops.size(), "one line per I/O in both logs");
        long bytes = 0;
        for (final String line : lat)
        {
            final String[] f = line.split(", ");
            assertEquals(5, f.length, line);
            assertEquals("1", f[2], line);
            final long bs = Long.parseLong(f[3]);
            assertTrue(bs == 4096 || bs == 16384, "bs column is the I/O's own size: " + line);
            bytes += bs;
        }
        assertEquals(1 << 20, bytes, "the I/Os of one pass cover the job's size");
    }

    @Test
    void averagedLogFromTheCommandLine(@TempDir final Path dir) throws IOException
    {
        // However late the runner samples: at least one window (the run outlasts a period), each
        // ending on a log_avg_msec boundary, times increasing, at most one line per period of the run.
        final String prefix = dir.resolve("avg").toString();
        final long t0 = System.nanoTime();
        final CliResult r = fio("--write_bw_log=" + prefix, "--log_avg_msec=100", "--name=w", "--rw=randwrite",
            "--size=4m", "--time_based", "--runtime=600ms");
        final long wallMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, r.exitCode, r.toString());
        final List<String> bw = Files.readAllLines(dir.resolve("avg_bw.1.log"));
        assertFalse(bw.isEmpty(), "a 600 ms run logs at least one 100 ms window");
        assertTrue(bw.size() <= wallMillis / 100, "one line per 100 ms of the run at most: " + bw);
        long last = -1;
        for (final String line : bw)
        {
            final String[] f = line.split(", ");
            final long time = Long.parseLong(f[0]);
            assertEquals(0, time % 100, "windows end on log_avg_msec boundaries: " + line);
            assertTrue(time > last, "one line per window, in order: " + bw);
            last = time;
            assertEquals("1", f[2], "writes only: " + line);
            assertEquals("0", f[3], "an averaged line has bs 0, as fio: " + line);
        }
    }

    @Test
    void percentileListChangesTheReportedPercentiles()
    {
        final JsonNode job = job(fio("--name=r", "--rw=write", "--size=1m", "--percentile_list=99.9:50",
            "--output-format=json"));
        assertEquals(Set.of("50.000000", "99.900000"), keys(job.get("write").get("clat_ns").get("percentile")));
        assertFalse(job.get("write").get("lat_ns").has("percentile"), "lat percentiles are off by default, as fio");
        final JsonNode lat = job(fio("--name=r", "--rw=write", "--size=1m", "--lat_percentiles=1", "--output-format=json"));
        assertEquals(17, keys(lat.get("write").get("lat_ns").get("percentile")).size());
        final CliResult text = fio("--name=r", "--rw=write", "--size=1m", "--percentile_list=99:50:1", "--lat_percentiles=1");
        assertEquals(0, text.exitCode, text.toString());
        // fio 3.33 prints "|   1th=[   1080],  50th=[   1240],  99th=[2023424]" for this list: labels with the
        // list's own precision, sorted.
        assertTrue(text.out.matches("(?s).*\n    clat percentiles \\([un]?sec\\):\n     \\|   1th=\\[ *\\d+\\],  50th=\\[ *\\d+\\],"
            + "  99th=\\[ *\\d+\\]\n.*"), text.out);
        assertTrue(text.out.contains("\n    lat percentiles ("), text.out);
        final CliResult bad = fio("--name=r", "--rw=write", "--size=1m", "--percentile_list=50:101");
        assertEquals(2, bad.exitCode);
        assertTrue(bad.err.contains("percentile_list"), bad.err);
    }

    @Test
    void statusIntervalPrintsInterimJsonDocumentsThenTheFinalOne()
    {
        // fio 3.33, --status-interval=1 --time_based --runtime=3 --output-format=json: one full JSON
        // document a second with the figures so far (total_ios growing), then the final one.
        final CliResult r = fio("--status-interval=1", "--name=s", "--rw=randwrite", "--size=1m", "--time_based",
            "--runtime=3", "--output-format=json");
        assertEquals(0, r.exitCode, r.toString());
        final List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = Json.MAPPER.readerFor(JsonNode.class).readValues(r.out))
        {
            it.forEachRemaining(documents::add);
        }
        assertTrue(documents.size() >= 3, documents.size() + " documents in " + r.out);
        long previous = -1;
        for (final JsonNode document : documents)
        {
            final JsonNode job = document.get("jobs").get(0);
            assertEquals("s", job.get("jobname").asString(), job.toString());
            final long ios = job.get("write").get("total_ios").asLong();
            assertTrue(ios >= previous, ios + " after " + previous);
            previous = ios;
        }
        assertTrue(previous > 0, r.out);
        assertTrue(documents.get(0).get("jobs").get(0).get("write").get("runtime").asLong()
            < documents.get(documents.size() - 1).get("jobs").get(0).get("write").get("runtime").asLong(), r.out);
    }

    @Test
    void statusIntervalRepeatsTheNormalReportWithTheHeaderOnce()
    {
        final CliResult r = fio("--status-interval=500ms", "--name=s", "--rw=randread", "--size=1m", "--time_based",
            "--runtime=2");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(count(r.out, "s: (groupid=0, jobs=1): err= 0") >= 3, r.out);
        assertTrue(count(r.out, "Run status group 0 (all jobs):") >= 3, r.out);
        assertEquals(1, count(r.out, "s: (g=0): rw=randread"), r.out);
        assertEquals(1, count(r.out, "Starting 1 "), r.out);
    }

    @Test
    void statusIntervalAppendsEveryReportToTheOutputFile(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("report.txt");
        final CliResult r = fio("--status-interval=1s", "--output=" + file, "--name=s", "--rw=write", "--size=1m",
            "--time_based", "--runtime=2", "--minimal");
        assertEquals(0, r.exitCode, r.toString());
        final List<String> lines = Files.readAllLines(file);
        assertTrue(lines.size() >= 2, lines.toString());
        for (final String line : lines)
        {
            assertTrue(line.startsWith("3;") && line.contains(";s;0;0;"), line);
        }
    }

    @Test
    void badStatusIntervalExits2NamingTheOption()
    {
        for (final String bad : List.of("--status-interval=soon", "--status-interval=0", "--status-interval=-1"))
        {
            final CliResult r = fio(bad, "--name=r", "--rw=read", "--size=1m");
            assertEquals(2, r.exitCode, bad + ": " + r);
            assertTrue(r.err.contains("--status-interval"), r.err);
            assertFalse(r.errHasStackTrace());
        }
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

    @Test
    void mixedBlockSizesReportTheirBytes()
    {
        final JsonNode job = job(fio("--name=m", "--rw=write", "--bssplit=4k/50:16k/50", "--size=1m", "--output-format=json"));
        assertEquals(1 << 20, job.get("write").get("io_bytes").asLong());
        assertTrue(job.get("write").get("total_ios").asLong() < 256, "fewer I/Os than with 4k blocks alone");
    }
}
