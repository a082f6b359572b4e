package io.dmsnap.cli.changepoint;

/**
 * Whether a split of a series is real. The bisection asks it about each best candidate (and stops
 * at the first that fails); the merge step asks it again about every change point between its
 * current neighbours. Implementations hold scratch space: one instance serves one detection at a
 * time.
 */
interface SplitSignificance
{
    /**
     * The p-value of a candidate split. The window's current intervals are
     * {@code [bounds[i], bounds[i+1])} for {@code i < count - 1}; the candidate splits interval
     * {@code interval} at {@code tau}, with divergence {@code q} (its best q̂).
     */
    double candidatePValue(double[] z, int[] bounds, int count, int interval, int tau, double q);

    /** The segments {@code [from, split)} and {@code [split, to)} compared, with this test's p-value. */
    SegmentComparison compare(double[] z, int from, int split, int to);
}
