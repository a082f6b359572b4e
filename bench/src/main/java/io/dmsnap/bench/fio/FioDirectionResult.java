package io.dmsnap.bench.fio;

import org.HdrHistogram.Histogram;

/**
 * What one direction (read or write) of a reported job did: bytes, I/Os, runtime, the slat, clat
 * and lat distributions (nanoseconds) and the per-interval bandwidth and IOPS samples. Derived
 * figures use fio's definitions: IOPS = ios * 1000 / runtime_ms, bandwidth in bytes/s and KiB/s,
 * stdev with n - 1; a direction without I/O has runtime 0, as in fio. Immutable.
 */
public final class FioDirectionResult
{
    /** fio's default percentile_list. */
    public static final double[] PERCENTILES =
        {1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};

    private final long ioBytes;
    private final long ios;
    private final long runtimeMillis;
    private final FioLatency clat;
    private final FioLatency slat;
    private final FioLatency lat;
    private final IntervalStats bw;
    private final IntervalStats iops;

    /** A direction with clat only (lat = clat, no slat, no interval samples). */
    public FioDirectionResult(final long blockSize, final long runtimeMillis, final Histogram clatNanos)
    {
        this(clatNanos.getTotalCount() * blockSize, runtimeMillis, clatNanos, new Histogram(3), clatNanos,
            new IntervalStats(), new IntervalStats());
    }

    /**
     * @param ioBytes bytes of the measured I/Os (their sizes vary with bssplit, bsrange and bs=r,w)
     * @param bw per-interval bandwidth samples in KiB/s
     * @param iops per-interval IOPS samples
     */
    public FioDirectionResult(final long ioBytes, final long runtimeMillis, final Histogram clatNanos,
                              final Histogram slatNanos, final Histogram latNanos, final IntervalStats bw,
                              final IntervalStats iops)
    {
        this.clat = new FioLatency(clatNanos);
        this.slat = new FioLatency(slatNanos);
        this.lat = new FioLatency(latNanos);
        this.ios = clat.count();
        this.ioBytes = ioBytes;
        this.runtimeMillis = ios == 0 ? 0 : runtimeMillis;
        this.bw = bw;
        this.iops = iops;
    }

    public long ioBytes()
    {
        return ioBytes;
    }

    public long ios()
    {
        return ios;
    }

    /** fio's runtime in milliseconds (the longest of the reported threads); 0 without I/O. */
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

    public FioLatency clat()
    {
        return clat;
    }

    /** Submission latency; empty (N = 0) for sync engines, as in fio. */
    public FioLatency slat()
    {
        return slat;
    }

    /** Total latency, slat + clat per I/O. */
    public FioLatency lat()
    {
        return lat;
    }

    /** Per-interval bandwidth samples (KiB/s), bw_avg_time apart. */
    public IntervalStats bwSamples()
    {
        return bw;
    }

    /** Per-interval IOPS samples, iops_avg_time apart. */
    public IntervalStats iopsSamples()
    {
        return iops;
    }

    public long clatMin()
    {
        return clat.min();
    }

    public long clatMax()
    {
        return clat.max();
    }

    public double clatMean()
    {
        return clat.mean();
    }

    /** Sample standard deviation (n - 1), as fio prints it. */
    public double clatStdev()
    {
        return clat.stdev();
    }

    /** The clat value (ns) at {@code percentile} (0..100). */
    public long clatPercentile(final double percentile)
    {
        return clat.percentile(percentile);
    }

    /** A copy of the completion latency histogram (ns). */
    public Histogram clatHistogram()
    {
        return clat.histogram();
    }
}
