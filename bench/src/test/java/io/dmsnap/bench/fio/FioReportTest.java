package io.dmsnap.bench.fio;

import io.dmsnap.engine.block.NullDevice;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class FioReportTest
{
    private static final long MIB = 1 << 20;

    /** A finished result with known latencies: 1000 writes of 1..1000 us in 1 s. */
    private static FioResult knownResult()
    {
        final Histogram clat = new Histogram(3);
        for (int i = 1; i <= 1000; i++)
        {
            clat.recordValue(i * 1000L);
        }
        final FioJob job = FioJob.of("randwrite", Map.of("rw", "randwrite", "bs", "4k", "iodepth", "32",
            "ioengine", "libaio", "numjobs", "4"));
        return new FioResult(job, 0, 4, new FioDirectionResult(4096, 1000, new Histogram(3)),
            new FioDirectionResult(4096, 1000, clat), 1000, 0, null, 0, null, 0, new long[] {1000}, new double[] {1000});
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final Object o)
    {
        return (Map<String, Object>) o;
    }

    /** Strict reading: duplicate names and text after the document are errors; integers are Long. */
    private static Object parse(final String text)
    {
        return JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build().readValue(text, Object.class);
    }

    @Test
    void jsonRoundTripHasFioKeysAndUnits()
    {
        final StringWriter text = new StringWriter();
        FioJsonReport.print(new PrintWriter(text), "dmsnap-fio-test", Map.of("direct", "1"), List.of(knownResult()));
        final Map<String, Object> root = map(parse(text.toString()));
        assertEquals("fio-3.33", root.get("fio version"), "fio's form, which fio's tools accept");
        assertEquals("dmsnap-fio-test", root.get("dmsnap version"));
        assertTrue(String.valueOf(root.get("time")).matches("[A-Z][a-z]{2} [A-Z][a-z]{2} [ 1-3]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}"),
            "C's ctime form: " + root.get("time"));
        assertTrue(root.get("timestamp") instanceof Long);
        assertEquals("1", map(root.get("global options")).get("direct"));
        final List<?> jobs = (List<?>) root.get("jobs");
        assertEquals(1, jobs.size());
        final Map<String, Object> job = map(jobs.get(0));
        assertEquals("randwrite", job.get("jobname"));
        assertEquals(0L, job.get("groupid"));
        assertEquals(0L, job.get("error"));
        final Map<String, Object> options = map(job.get("job options"));
        assertEquals("randwrite", options.get("rw"));
        assertEquals("32", options.get("iodepth"));
        assertEquals("4", options.get("numjobs"));
        assertEquals("4k", options.get("bs"));
        final Map<String, Object> write = map(job.get("write"));
        assertEquals(4_096_000L, write.get("io_bytes"));
        assertEquals(4000L, write.get("io_kbytes"));
        assertEquals(4_096_000L, write.get("bw_bytes"));
        assertEquals(4000L, write.get("bw"));
        assertEquals(1000.0, (Double) write.get("iops"), 1e-9);
        assertEquals(1000L, write.get("runtime"));
        assertEquals(1000L, write.get("total_ios"));
        final Map<String, Object> clat = map(write.get("clat_ns"));
        assertEquals(1000L, clat.get("N"));
        assertEquals(1000L, clat.get("min"));
        assertTrue((Long) clat.get("max") >= 1_000_000L);
        assertEquals(500_500.0, (Double) clat.get("mean"), 500_500 * 0.001);
        final Map<String, Object> percentiles = map(clat.get("percentile"));
        assertEquals(17, percentiles.size());
        assertTrue(percentiles.containsKey("1.000000"));
        assertTrue(percentiles.containsKey("99.900000"));
        assertTrue(percentiles.containsKey("99.990000"));
        assertEquals(500_000.0, (Long) percentiles.get("50.000000"), 500_000 * 0.001);
        assertEquals(1000L, map(write.get("lat_ns")).get("N"));
        assertEquals(0L, map(write.get("slat_ns")).get("N"));
        assertEquals(0L, map(job.get("read")).get("total_ios"));
        assertEquals(0L, map(job.get("trim")).get("io_bytes"));
        // the three bucket maps split all I/Os between them; 1..1000 us: about 25% from 750 us to 1 ms
        double sum = 0;
        for (final String name : List.of("latency_ns", "latency_us", "latency_ms"))
        {
            for (final Object v : map(job.get(name)).values())
            {
                sum += (Double) v;
            }
        }
        assertEquals(100.0, sum, 1e-6);
        assertEquals(25.0, (Double) map(job.get("latency_us")).get("1000"), 0.5);
        assertTrue(map(job.get("latency_ms")).containsKey(">=2000"));
    }

    @Test
    void percentileKeysUseFiosFormat()
    {
        assertEquals("1.000000", FioJsonReport.percentileKey(1));
        assertEquals("99.950000", FioJsonReport.percentileKey(99.95));
    }

    @Test
    void textReportHasFiosLayout()
    {
        final StringWriter text = new StringWriter();
        FioTextReport.print(new PrintWriter(text), List.of(knownResult()));
        final String[] lines = text.toString().split("\n");
        assertTrue(lines[0].matches("randwrite: \\(groupid=0, jobs=4\\): err= 0: pid=\\d+: .+"), lines[0]);
        // fio's num2str: up to four digits before the unit (4000KiB, not 3.91MiB); kB for base 10
        assertEquals("  write: IOPS=1000, BW=4000KiB/s (4096kB/s)(4000KiB/1000msec); 0 zone resets", lines[1]);
        // display_lat: min 1000 ns is not above 2000 ns, so fio stays in nsec
        assertTrue(lines[2].startsWith("    clat (nsec): min=1000, max=1000."), lines[2]);
        assertTrue(lines[3].startsWith("     lat (nsec): min=1000, max=1000."), lines[3]);
        assertEquals("    clat percentiles (usec):", lines[4], "percentile values from ~10 us up: usec, as fio");
        assertTrue(Pattern.matches("     \\|  1\\.00th=\\[ +\\d+\\],  5\\.00th=\\[ +\\d+\\], 10\\.00th=\\[ +\\d+\\],"
            + " 20\\.00th=\\[ +\\d+\\],", lines[5]), lines[5]);
        assertTrue(lines[9].startsWith("     | 99.99th=["), lines[9]);
        assertTrue(lines[9].endsWith("]"), lines[9]);
        final String all = text.toString();
        assertTrue(all.contains("\n  cpu          : usr="), all);
        assertTrue(all.contains("\n  IO depths    : 1="), all);
        assertTrue(all.contains("\n     submit    : 0="), all);
        assertTrue(all.contains("\n     complete  : 0="), all);
        assertTrue(all.contains("\n     issued rwts: total=0,1000,0,0 short=0,0,0,0 dropped=0,0,0,0\n"), all);
        assertTrue(all.contains("\n     latency   : target=0, window=0, percentile=100.00%, depth="), all);
        assertTrue(Pattern.compile("\n  lat \\(usec\\)   : (\\d+=\\d+\\.\\d\\d%(, )?){1,5}\n").matcher(all).find(), all);
        assertTrue(all.contains("Run status group 0 (all jobs):"));
        assertTrue(all.contains("  WRITE: bw=4000KiB/s (4096kB/s), 4000KiB/s-4000KiB/s (4096kB/s-4096kB/s), io=4000KiB (4096kB), "
            + "run=1000-1000msec"), all);
    }

    @Test
    void percentileBlockChoosesItsUnitFromThePercentilesAsFio()
    {
        final StringWriter text = new StringWriter();
        FioTextReport.printPercentiles(new PrintWriter(text), "clat", knownResult().write().clat(), JobPercentiles.DEFAULT);
        // the 1st percentile is ~10 us (above 2 us) and the largest above 99999 ns: usec, though min is 1 us
        assertTrue(text.toString().startsWith("    clat percentiles (usec):"), text::toString);
        final java.util.regex.Matcher median = Pattern.compile(" 50\\.00th=\\[ *(\\d+)\\]").matcher(text.toString());
        assertTrue(median.find(), text::toString);
        assertEquals(500, Long.parseLong(median.group(1)), 1);
    }

    @Test
    void histogramLogIsReadableWithHistogramLogReader(@TempDir final Path dir) throws Exception
    {
        final NullDevice dev = new NullDevice("n", 64 * MIB / 512, 10_000, 512);
        final String prefix = dir.resolve("run").toString();
        try
        {
            // Whatever the scheduling: the log holds every I/O the run reports, in intervals that
            // follow one another inside the run, at most one per log_hist_msec of the run and one
            // more for the part after the last boundary.
            final long startMillis = System.currentTimeMillis();
            final long t0 = System.nanoTime();
            final List<FioResult> results = new FioRunner(name -> dev, FioProgress.NONE).run(JobFileParser.parseArgs(
                List.of("--name=h", "--rw=randwrite", "--ioengine=libaio", "--iodepth=4", "--time_based",
                    "--runtime=350ms", "--size=4m", "--write_hdr_log=" + prefix, "--log_hist_msec=100")));
            final long wallMillis = (System.nanoTime() - t0) / 1_000_000;
            final long endMillis = System.currentTimeMillis();
            final Path file = dir.resolve("run_clat_hdr.1.hlog");
            assertTrue(Files.exists(file));
            assertTrue(Files.readString(file).contains("#[Histogram log format version"));
            final HistogramLogReader reader = new HistogramLogReader(file.toFile());
            long total = 0;
            final List<long[]> spans = new java.util.ArrayList<>();
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null)
            {
                assertEquals("write", h.getTag());
                total += ((Histogram) h).getTotalCount();
                spans.add(new long[] {h.getStartTimeStamp(), h.getEndTimeStamp()});
            }
            reader.close();
            assertEquals(results.get(0).write().ios(), total, "every I/O is in the log");
            assertTrue(!spans.isEmpty() && spans.size() <= 1 + wallMillis / 100, "intervals " + spans.size());
            for (int i = 0; i < spans.size(); i++)
            {
                final long[] s = spans.get(i);
                assertTrue(s[0] <= s[1] && s[0] >= startMillis - 1 && s[1] <= endMillis + 1, "inside the run: " + i);
                assertTrue(i == 0 || s[0] >= spans.get(i - 1)[1] - 1, "intervals follow one another: " + i);
            }
            assertNotNull(results.get(0).timelineIops());
            // a 500 ms bandwidth sample needs the thread to have run through the whole interval
            assertTrue(results.get(0).timelineIops().length <= results.get(0).runtimeMillis() / 500,
                "samples " + results.get(0).timelineIops().length + " in " + results.get(0).runtimeMillis() + " ms");
        }
        finally
        {
            dev.close();
        }
    }
}
