package io.dmsnap.bench.matrix;

import org.apache.commons.math3.stat.inference.TTest;

/**
 * Whether "before" and "after" differ by more than the run-to-run noise, from their iteration
 * scores (each measurement iteration of each fork is one sample: one fresh snapshot, one mean or
 * one ops/s figure). Welch's two-sided t-test, which does not assume equal variances; commons-math3
 * is JMH's own statistics library.
 *
 * <p>Why the iterations and not JMH's score error: for a latency point JMH's error comes from every
 * single operation as if each were independent, so with a million samples it is tiny even when two
 * runs of the same code differ by 20%. On a noisy 2-core machine the iteration is the unit that
 * repeats. With 3 iterations a side the test only flags large, consistent differences: more
 * iterations or forks ({@code --measurement}, {@code --forks}) sharpen it.
 */
final class Significance
{
    /** Differences with a p-value at or above this are reported as noise. */
    static final double ALPHA = 0.05;

    private Significance()
    {
    }

    /**
     * The two-sided p-value of "same mean", or NaN when either side has fewer than 2 samples.
     * Two sides without any variance are equal (p = 1) or different (p = 0) by their values.
     */
    static double pValue(final double[] before, final double[] after)
    {
        if (before.length < 2 || after.length < 2)
        {
            return Double.NaN;
        }
        if (variance(before) == 0 && variance(after) == 0)
        {
            return mean(before) == mean(after) ? 1.0 : 0.0;
        }
        return new TTest().tTest(before, after);
    }

    /** True when the p-value shows a difference; false for noise or too few samples. */
    static boolean significant(final double[] before, final double[] after)
    {
        final double p = pValue(before, after);
        return !Double.isNaN(p) && p < ALPHA;
    }

    private static double mean(final double[] values)
    {
        double sum = 0;
        for (final double v : values)
        {
            sum += v;
        }
        return sum / values.length;
    }

    private static double variance(final double[] values)
    {
        final double m = mean(values);
        double sum = 0;
        for (final double v : values)
        {
            sum += (v - m) * (v - m);
        }
        return sum / (values.length - 1);
    }
}
