package io.dmsnap.bench.fio;

import org.HdrHistogram.Histogram;

/**
 * One latency distribution of one direction (slat, clat or lat), in nanoseconds, with fio's
 * summary figures: min, max, mean, sample standard deviation (n - 1), N and percentiles.
 * Immutable (the histogram is a private copy).
 */
public final class FioLatency
{
    private final Histogram histogram;

    public FioLatency(final Histogram nanos)
    {
        this.histogram = nanos.copy();
    }

    /** Samples: fio's {@code N}. */
    public long count()
    {
        return histogram.getTotalCount();
    }

    public long min()
    {
        return count() == 0 ? 0 : histogram.getMinValue();
    }

    public long max()
    {
        return count() == 0 ? 0 : histogram.getMaxValue();
    }

    public double mean()
    {
        return count() == 0 ? 0 : histogram.getMean();
    }

    public double stdev()
    {
        final long n = count();
        return n < 2 ? 0 : histogram.getStdDeviation() * Math.sqrt((double) n / (n - 1));
    }

    /** The value (ns) at {@code percentile} (0..100). */
    public long percentile(final double percentile)
    {
        return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile);
    }

    /** A copy of the histogram (ns). */
    public Histogram histogram()
    {
        return histogram.copy();
    }
}
