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
        // What holds however late the runner thread samples: a window is logged at a boundary of
        // its period (a multiple of it, each direction's times increasing, at most one per period
        // of the run), every direction that did I/O is logged, and the histogram lines hold no
        // more I/O than the run reports (the last, partial interval is not logged, as in fio).
        final NullDevice dev = new NullDevice("n", 64 * MIB / 512, 20_000, 512);
        try
        {
            final String p = dir.resolve("w").toString();
            final long t0 = System.nanoTime();
            final FioResult r = run(dev, "--name=a", "--rw=randrw", "--ioengine=libaio", "--iodepth=2", "--size=8m",
                "--time_based", "--runtime=700ms", "--write_bw_log=" + p, "--write_lat_log=" + p,
                "--log_avg_msec=100", "--write_hist_log=" + p, "--log_hist_msec=200").get(0);
            final long wallMillis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(r.read().ios() > 0 && r.write().ios() > 0, "both directions did I/O");
            final List<String> bw = Files.readAllLines(dir.resolve("w_bw.1.log"));
            assertTrue(bw.stream().allMatch(l -> l.matches("\\d+, \\d+, [01], 0, 0")), bw.get(0));
            assertWindows(bw, 100, 2, wallMillis);
            assertTrue(Files.size(dir.resolve("w_slat.1.log")) > 0, "libaio: slat logged");
            final List<String> hist = Files.readAllLines(dir.resolve("w_clat_hist.1.log"));
            final long[] logged = new long[2];
            for (final String line : hist)
            {
                final String[] f = line.split(", ");
                assertEquals(3 + FioLatencyBins.BINS, f.length);
                assertEquals("4096", f[2]);
                for (int i = 3; i < f.length; i++)
                {
                    logged[Integer.parseInt(f[1])] += Long.parseLong(f[i]);
                }
            }
            assertWindows(hist, 200, 1, wallMillis);
            assertTrue(logged[0] <= r.read().ios() && logged[1] <= r.write().ios(),
                "histogram lines hold the run's I/O at most: " + java.util.Arrays.toString(logged));
        }
        finally
        {
            dev.close();
        }
    }

    /**
     * Lines "time, x, direction, ...": each direction logged at least once, its times increasing
     * multiples of {@code periodMillis}, no more lines than periods in the run. A direction appears
     * in a line where the window saw it; {@code directionColumn} is its column.
     */
    private static void assertWindows(final List<String> lines, final long periodMillis, final int directionColumn,
                                      final long wallMillis)
    {
        final long[] last = {-1, -1};
        final int[] count = new int[2];
        for (final String line : lines)
        {
            final String[] f = line.split(", ");
            final long time = Long.parseLong(f[0]);
            final int d = Integer.parseInt(f[directionColumn]);
            assertEquals(0, time % periodMillis, "a window ends on a boundary: " + line);
            assertTrue(time > last[d], "times increase per direction: " + line);
            last[d] = time;
            count[d]++;
        }
        for (int d = 0; d < 2; d++)
        {
            assertTrue(count[d] >= 1, "direction " + d + " logged: " + lines);
            assertTrue(count[d] <= wallMillis / periodMillis, "one line per period at most: " + lines);
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
