package io.dmsnap.bench.fio;

import io.dmsnap.engine.block.NullDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * fio 3.33's log files as real fio writes them (file names PREFIX_type.N.log with the thread
 * number; per-I/O lines "time, value, direction, bs, prio", windowed lines with bs 0, histogram
 * lines "time, direction, bs" and 1856 bins) and fio's bin layout.
 */
@Timeout(30)
final class FioLogFilesTest
{
    private static final long MIB = 1 << 20;

    private static List<FioResult> run(final NullDevice dev, final String... args)
    {
        return new FioRunner(n -> dev, FioProgress.NONE).run(JobFileParser.parseArgs(List.of(args)));
    }

    @Test
    void perIoLogsHaveALinePerIoInFiosColumns(@TempDir final Path dir) throws Exception
    {
        final NullDevice dev = new NullDevice("n", 16 * MIB / 512);
        final String p = dir.resolve("x").toString();
        final List<FioResult> r = run(dev, "--name=a", "--rw=randwrite", "--size=1m", "--numjobs=2",
            "--write_lat_log=" + p, "--write_iops_log=" + p, "--write_bw_log=" + p, "--log_offset=1");
        assertEquals(2, r.size());
        for (final int n : new int[] {1, 2})
        {
            final List<String> clat = Files.readAllLines(dir.resolve("x_clat." + n + ".log"));
            assertEquals(256, clat.size(), "one line per I/O of thread " + n);
            assertTrue(clat.stream().allMatch(l -> l.matches("\\d+, \\d+, 1, 4096, \\d+, 0")), clat.get(0));
            assertEquals(256, Files.readAllLines(dir.resolve("x_lat." + n + ".log")).size());
            assertTrue(Files.readAllLines(dir.resolve("x_iops." + n + ".log")).stream()
                .allMatch(l -> l.matches("\\d+, 1, 1, 4096, \\d+, 0")));
            assertEquals(256, Files.readAllLines(dir.resolve("x_bw." + n + ".log")).size());
            assertEquals(0, Files.size(dir.resolve("x_slat." + n + ".log")), "psync: no slat, as fio");
        }
    }

    @Test
    void windowedAndHistogramLogs(@TempDir final Path dir) throws Exception
    {
        final NullDevice dev = new NullDevice("n", 64 * MIB / 512, 20_000, 512);
        try
        {
            final String p = dir.resolve("w").toString();
            run(dev, "--name=a", "--rw=randrw", "--ioengine=libaio", "--iodepth=2", "--size=8m", "--time_based",
                "--runtime=700ms", "--write_bw_log=" + p, "--write_lat_log=" + p, "--log_avg_msec=100",
                "--write_hist_log=" + p, "--log_hist_msec=200");
            final List<String> bw = Files.readAllLines(dir.resolve("w_bw.1.log"));
            assertTrue(bw.size() >= 8, "a line per direction and 100 ms window: " + bw.size());
            assertTrue(bw.stream().allMatch(l -> l.matches("\\d+, \\d+, [01], 0, 0")), bw.get(0));
            assertTrue(bw.stream().anyMatch(l -> l.matches("\\d+, \\d+, 0, 0, 0")), "reads are logged");
            assertTrue(Files.size(dir.resolve("w_slat.1.log")) > 0, "libaio: slat logged");
            final List<String> hist = Files.readAllLines(dir.resolve("w_clat_hist.1.log"));
            assertTrue(hist.size() >= 4, "a line per direction and 200 ms interval: " + hist.size());
            for (final String line : hist)
            {
                final String[] f = line.split(", ");
                assertEquals(3 + FioLatencyBins.BINS, f.length);
                assertEquals("4096", f[2]);
            }
        }
        finally
        {
            dev.close();
        }
    }

    @Test
    void binsFollowFiosLayout()
    {
        assertEquals(1856, FioLatencyBins.BINS);
        assertEquals(127, FioLatencyBins.index(127));
        assertEquals(128, FioLatencyBins.index(128));
        // fio's json+ key 2864 (seen in real fio output) is the midpoint of bin 409: [2848, 2880)
        assertEquals(409, FioLatencyBins.index(2850));
        assertEquals(2864, FioLatencyBins.value(409));
        assertEquals(FioLatencyBins.BINS - 1, FioLatencyBins.index(Long.MAX_VALUE));
        for (int i = 0; i < FioLatencyBins.BINS - 1; i++)
        {
            assertEquals(i, FioLatencyBins.index(FioLatencyBins.value(i)), "bin " + i + " holds its own value");
        }
    }
}
