package io.dmsnap.bench.fio;

import org.HdrHistogram.Histogram;

/**
 * fio's latency distribution buckets (io_u_lat): percent of I/Os with a latency up to 2, 4, 10,
 * 20, 50, 100, 250, 500, 750, 1000 units, for nanoseconds and microseconds, and for milliseconds
 * the same plus 2000 and beyond. A bucket holds what the previous one does not, so the three
 * together add up to 100%.
 */
final class FioLatencyBuckets
{
    static final long[] BOUNDS = {2, 4, 10, 20, 50, 100, 250, 500, 750, 1000};
    /** The millisecond buckets' labels (the last is ">=2000"). */
    static final String[] MS_LABELS = {"2", "4", "10", "20", "50", "100", "250", "500", "750", "1000", "2000", ">=2000"};

    private FioLatencyBuckets()
    {
    }

    /** Percents of the ns (unit 1), us (1000) or ms (1000000, 12 buckets) map. */
    static double[] percents(final Histogram h, final long unit)
    {
        final boolean ms = unit == 1_000_000;
        final double[] p = new double[ms ? BOUNDS.length + 2 : BOUNDS.length];
        final long total = h.getTotalCount();
        if (total == 0)
        {
            return p;
        }
        long below = unit == 1 ? 0 : atOrBelow(h, unit);   // the previous map's last bucket ends at 1000 of it
        for (int i = 0; i < BOUNDS.length; i++)
        {
            final long upTo = atOrBelow(h, BOUNDS[i] * unit);
            p[i] = 100.0 * (upTo - below) / total;
            below = upTo;
        }
        if (ms)
        {
            final long upTo = atOrBelow(h, 2000 * unit);
            p[BOUNDS.length] = 100.0 * (upTo - below) / total;
            p[BOUNDS.length + 1] = 100.0 * (total - upTo) / total;
        }
        return p;
    }

    private static long atOrBelow(final Histogram h, final long value)
    {
        return h.getCountBetweenValues(0, value);
    }
}
