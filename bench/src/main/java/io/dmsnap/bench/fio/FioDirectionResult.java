package io.dmsnap.bench.fio;

import org.HdrHistogram.Histogram;

/**
 * What one direction (read or write) of a job group did: bytes, I/Os, runtime and the completion
 * latency histogram (nanoseconds). Derived figures use fio's definitions: IOPS = ios * 1000 /
 * runtime_ms, bandwidth in bytes/s and KiB/s, stdev with n - 1. Immutable after construction (the
 * histogram is a private copy).
 */
public final class FioDirectionResult
{
    /** fio's default percentile_list. */
    public static final double[] PERCENTILES =
        {1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};

    private final long ioBytes;
    private final long ios;
    private final long runtimeMillis;
    private final Histogram clat;

    public FioDirectionResult(final long blockSize, final long runtimeMillis, final Histogram clatNanos)
    {
        this(runtimeMillis, clatNanos, -1, blockSize);
    }

    private FioDirectionResult(final long runtimeMillis, final Histogram clatNanos, final long ioBytes, final long blockSize)
    {
        this.clat = clatNanos.copy();
        this.ios = clat.getTotalCount();
        this.ioBytes = ioBytes >= 0 ? ioBytes : ios * blockSize;
        this.runtimeMillis = runtimeMillis;
    }

    /** A direction whose I/Os had varying sizes: {@code ioBytes} counted as they completed. */
    public static FioDirectionResult ofBytes(final long ioBytes, final long runtimeMillis, final Histogram clatNanos)
    {
        return new FioDirectionResult(runtimeMillis, clatNanos, ioBytes, 0);
    }

    public long ioBytes()
    {
        return ioBytes;
    }

    public long ios()
    {
        return ios;
    }

    /** fio's runtime of the group in milliseconds (the longest worker's measured time). */
    public long runtimeMillis()
    {
        return runtimeMillis;
    }

    public double iops()
    {
        return runtimeMillis == 0 ? 0 : ios * 1000.0 / runtimeMillis;
    }

    public long bwBytes()
    {
        return runtimeMillis == 0 ? 0 : (long) (ioBytes * 1000.0 / runtimeMillis);
    }

    /** Bandwidth in KiB/s, as fio's integer {@code bw}. */
    public long bwKib()
    {
        return bwBytes() / 1024;
    }

    public long clatMin()
    {
        return ios == 0 ? 0 : clat.getMinValue();
    }

    public long clatMax()
    {
        return ios == 0 ? 0 : clat.getMaxValue();
    }

    public double clatMean()
    {
        return ios == 0 ? 0 : clat.getMean();
    }

    /** Sample standard deviation (n - 1), as fio prints it. */
    public double clatStdev()
    {
        return ios < 2 ? 0 : clat.getStdDeviation() * Math.sqrt((double) ios / (ios - 1));
    }

    /** The clat value (ns) at {@code percentile} (0..100). */
    public long clatPercentile(final double percentile)
    {
        return ios == 0 ? 0 : clat.getValueAtPercentile(percentile);
    }

    /** A copy of the latency histogram (ns). */
    public Histogram clatHistogram()
    {
        return clat.copy();
    }
}
