package io.dmsnap.bench.writeback;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * What one {@link WritebackWorkload} run did.
 *
 * @param elapsedNanos       from the first write until the sync completed: everything written reached the device
 * @param writerNanos        from the first write until the writer's last record was in the cache
 * @param bytesWritten       bytes the writer wrote (records)
 * @param records            records written
 * @param bursts             bursts written (1 without bursts)
 * @param bios               bios (runs) the flusher submitted and that completed
 * @param bytesWrittenBack   bytes of those bios
 * @param latencyNanos       per bio, from just before the flusher submitted it to its completion;
 *                           includes any time the submission waited in the device (the COW throttle)
 * @param cache              the page cache's counters at the end
 */
public record WritebackResult(long elapsedNanos, long writerNanos, long bytesWritten, long records, long bursts,
                              long bios, long bytesWrittenBack, Histogram latencyNanos, PageCache.Counters cache)
{
    public double elapsedSeconds()
    {
        return elapsedNanos / (double) TimeUnit.SECONDS.toNanos(1);
    }

    /** Bios completed per second over the whole run. */
    public double iops()
    {
        return elapsedNanos == 0 ? 0 : bios / elapsedSeconds();
    }

    /** Bytes written back per second over the whole run. */
    public double bytesPerSecond()
    {
        return elapsedNanos == 0 ? 0 : bytesWrittenBack / elapsedSeconds();
    }

    /** A latency percentile (0..100) in nanoseconds; 0 when no bio completed. */
    public long latencyPercentile(final double percentile)
    {
        return latencyNanos.getTotalCount() == 0 ? 0 : latencyNanos.getValueAtPercentile(percentile);
    }

    /** The most bytes the device had in flight from the flusher at once. */
    public long peakWritebackBytes()
    {
        return cache.peakWritebackPages() * PageCache.PAGE_BYTES;
    }
}
