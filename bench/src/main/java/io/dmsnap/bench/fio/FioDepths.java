package io.dmsnap.bench.fio;

/**
 * fio's buckets for "IO depths" ({@code iodepth_level}: 1, 2, 4, 8, 16, 32, >=64, each the lower
 * bound of its range) and for "submit"/"complete" ({@code iodepth_submit},
 * {@code iodepth_complete}: 0, 4, 8, 16, 32, 64, >=64, each the upper bound of its range).
 */
public final class FioDepths
{
    public static final int LEVELS = 7;
    /** JSON keys and text labels of the depth buckets. */
    public static final String[] DEPTH_KEYS = {"1", "2", "4", "8", "16", "32", ">=64"};
    /** JSON keys and text labels of the submit/complete buckets. */
    public static final String[] BATCH_KEYS = {"0", "4", "8", "16", "32", "64", ">=64"};

    private FioDepths()
    {
    }

    /** The depth bucket of {@code depth} requests in flight. */
    static int depthLevel(final int depth)
    {
        if (depth >= 64)
        {
            return 6;
        }
        if (depth >= 32)
        {
            return 5;
        }
        if (depth >= 16)
        {
            return 4;
        }
        if (depth >= 8)
        {
            return 3;
        }
        if (depth >= 4)
        {
            return 2;
        }
        return depth >= 2 ? 1 : 0;
    }

    /** The submit/complete bucket of {@code n} I/Os handled at once. */
    static int batchLevel(final int n)
    {
        if (n > 64)
        {
            return 6;
        }
        if (n > 32)
        {
            return 5;
        }
        if (n > 16)
        {
            return 4;
        }
        if (n > 8)
        {
            return 3;
        }
        if (n > 4)
        {
            return 2;
        }
        return n > 0 ? 1 : 0;
    }

    /** Percent of the total in each bucket (all zero for an empty total). */
    public static double[] percents(final long[] counts)
    {
        long total = 0;
        for (final long c : counts)
        {
            total += c;
        }
        final double[] p = new double[counts.length];
        for (int i = 0; i < counts.length; i++)
        {
            p[i] = total == 0 ? 0 : 100.0 * counts[i] / total;
        }
        return p;
    }
}
