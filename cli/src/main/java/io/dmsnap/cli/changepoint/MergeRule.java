package io.dmsnap.cli.changepoint;

/**
 * Which change points the merge step re-tests after it removes one. Removing a point joins its two
 * segments, so both neighbours now face a longer segment and their statistics change.
 */
public enum MergeRule
{
    /**
     * As Apache Otava (0.8) and Hunter do: re-test the point that took the removed one's place in
     * the list (its right neighbour) and the one after it, which has not changed. The left
     * neighbour keeps the statistics it had against the removed point, so it can survive, and be
     * reported, with a p-value it no longer has against its real neighbours. Reproduces Otava's
     * results exactly; the default for that reason.
     */
    OTAVA,
    /** Re-test both real neighbours of the removed point: every statistic is against current neighbours. */
    CORRECTED
}
