package io.dmsnap.cli.matrix;

import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * Whether "before" and "after" differ by more than the run-to-run noise, from their iteration
 * scores (each measurement iteration of each fork is one sample: one fresh snapshot, one mean or
 * one ops/s figure). The test is benchstat's default: a two-sided Mann-Whitney U test at
 * {@link #ALPHA}. It compares ranks, not means, so one iteration that caught a multi-millisecond
 * stall (a 76 us mean among 5 us ones is seen on a 2-core virtual machine) cannot decide the
 * verdict on its own, and it assumes nothing about the distribution. commons-math3 (JMH's own
 * statistics library) computes the p-value from the normal approximation without continuity
 * correction.
 *
 * <p>Why the iterations and not JMH's score error: for a latency point JMH's error comes from every
 * single operation as if each were independent, so with a million samples it is tiny even when two
 * runs of the same code differ by 20%. The iteration is the unit that repeats.
 *
 * <p>Below {@link #MIN_SAMPLES} per side the exact test cannot reach p < 0.05 at all (n = 3 + 3:
 * 0.1 at best), while the normal approximation would claim it can, so no verdict is given.
 */
final class Significance
{
    /** Differences with a p-value at or above this are reported as noise. */
    static final double ALPHA = 0.05;
    /** Fewest samples per side for a verdict (benchstat's rule for the U test). */
    static final int MIN_SAMPLES = 4;

    private Significance()
    {
    }

    /** The two-sided p-value of "same distribution", or NaN below {@link #MIN_SAMPLES} on either side. */
    static double pValue(final double[] before, final double[] after)
    {
        if (before.length < MIN_SAMPLES || after.length < MIN_SAMPLES)
        {
            return Double.NaN;
        }
        return new MannWhitneyUTest().mannWhitneyUTest(before, after);
    }

    /** True when the p-value shows a difference; false for noise or too few samples. */
    static boolean significant(final double[] before, final double[] after)
    {
        final double p = pValue(before, after);
        return !Double.isNaN(p) && p < ALPHA;
    }
}
