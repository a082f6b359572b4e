package io.dmsnap.bench.fio;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * fio's latency histogram layout (stat.h): values below 128 ns have a bin each; above, every
 * power of two is split into 64 equal bins, in 29 groups, 1856 bins in all, the last one holding
 * everything beyond about 17 s. A bin stands for its midpoint, which is what json+'s {@code bins}
 * keys and the histogram log's columns mean.
 *
 * <p>dmsnap records latencies into HdrHistograms (3 significant digits, finer than fio's 1/64 of
 * a power of two) and converts them here, at report time, bucket by bucket: a bucket lands in
 * the fio bin of its median value, so a count can move by at most one bin width's fraction.
 */
public final class FioLatencyBins
{
    /** fio's FIO_IO_U_PLAT_BITS: 64 bins per power of two. */
    static final int PLAT_BITS = 6;
    static final int PLAT_VAL = 1 << PLAT_BITS;
    static final int GROUPS = 29;
    /** fio's FIO_IO_U_PLAT_NR. */
    public static final int BINS = GROUPS * PLAT_VAL;
    /** fio's largest log_hist_coarseness. */
    public static final int MAX_COARSENESS = 6;

    private FioLatencyBins()
    {
    }

    /** The bin of a latency in ns. */
    public static int index(final long nanos)
    {
        if (nanos <= 0)
        {
            return 0;
        }
        final int msb = 63 - Long.numberOfLeadingZeros(nanos);
        if (msb <= PLAT_BITS)
        {
            return (int) nanos;
        }
        final int errorBits = msb - PLAT_BITS;
        final int base = (errorBits + 1) << PLAT_BITS;
        final int offset = (int) ((PLAT_VAL - 1) & (nanos >>> errorBits));
        return Math.min(BINS - 1, base + offset);
    }

    /** The value (ns) a bin stands for: its midpoint. */
    public static long value(final int index)
    {
        if (index < (PLAT_VAL << 1))
        {
            return index;
        }
        final int errorBits = (index >> PLAT_BITS) - 1;
        final long base = 1L << (errorBits + PLAT_BITS);
        final int k = index % PLAT_VAL;
        return base + (long) ((k + 0.5) * (1L << errorBits));
    }

    /** The counts of a histogram (ns) in fio's bins; a new array of {@link #BINS}. */
    public static long[] of(final Histogram histogram)
    {
        final long[] bins = new long[BINS];
        addTo(bins, histogram);
        return bins;
    }

    /** Adds a histogram's counts (ns) to fio bins. */
    public static void addTo(final long[] bins, final Histogram histogram)
    {
        if (histogram.getTotalCount() == 0)
        {
            return;
        }
        for (final HistogramIterationValue v : histogram.recordedValues())
        {
            bins[index(histogram.medianEquivalentValue(v.getValueIteratedTo()))] += v.getCountAtValueIteratedTo();
        }
    }
}
