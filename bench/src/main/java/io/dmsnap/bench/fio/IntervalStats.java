package io.dmsnap.bench.fio;

/**
 * fio's running statistics of per-interval samples (bandwidth or IOPS): min, max, mean and the
 * sum of squared deviations by Welford's method, stdev with n - 1. A thread's samples are added
 * one by one; with group_reporting fio adds the threads' statistics field by field (min, max,
 * mean, deviations and sample counts summed: the threads ran side by side, so a group's figure is
 * their sum), which {@link #sumOf} reproduces. Mutable, runner thread only.
 */
public final class IntervalStats
{
    private double min = Double.MAX_VALUE;
    private double max;
    private double mean;
    private double squares;
    private long samples;

    /** Adds one sample. */
    void add(final double value)
    {
        samples++;
        min = Math.min(min, value);
        max = Math.max(max, value);
        final double delta = value - mean;
        mean += delta / samples;
        squares += delta * (value - mean);
    }

    /** fio's group_reporting sum of threads' statistics. */
    static IntervalStats sumOf(final Iterable<IntervalStats> threads)
    {
        final IntervalStats s = new IntervalStats();
        boolean any = false;
        for (final IntervalStats t : threads)
        {
            if (t.samples == 0)
            {
                continue;
            }
            s.min = any ? s.min + t.min : t.min;
            any = true;
            s.max += t.max;
            s.mean += t.mean;
            s.squares += t.squares;
            s.samples += t.samples;
        }
        return s;
    }

    public long samples()
    {
        return samples;
    }

    public double min()
    {
        return samples == 0 ? 0 : min;
    }

    public double max()
    {
        return max;
    }

    public double mean()
    {
        return mean;
    }

    /** Sample standard deviation (n - 1). */
    public double stdev()
    {
        return samples < 2 ? 0 : Math.sqrt(Math.max(0, squares / (samples - 1)));
    }
}
