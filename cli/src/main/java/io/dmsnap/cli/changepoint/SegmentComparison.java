package io.dmsnap.cli.changepoint;

/**
 * Two adjacent segments of a series compared: the one before a change point and the one from it
 * on. Standard deviations are population ones (divided by n, not n - 1), as Otava reports them.
 *
 * @param pValue the significance test's p-value; NaN when the t-test is undefined (both segments
 *               constant at the same level)
 */
record SegmentComparison(double pValue, double meanBefore, double meanAfter, double stdDevBefore, double stdDevAfter)
{
    /** {@code after / before - 1}, or 0 when the mean before is 0 (Otava's guard). */
    double forwardChange()
    {
        return meanBefore == 0 ? 0 : meanAfter / meanBefore - 1;
    }

    /** {@code before / after - 1}, or 0 when the mean after is 0. */
    double backwardChange()
    {
        return meanAfter == 0 ? 0 : meanBefore / meanAfter - 1;
    }

    /**
     * The larger of the two relative changes in absolute value: what the minimum-magnitude filter
     * compares. Symmetric, so a halving and a doubling both count as 1 (100%).
     */
    double magnitude()
    {
        return Math.max(Math.abs(forwardChange()), Math.abs(backwardChange()));
    }

    /** The p-value the merge step ranks by: an undefined test counts as the least significant. */
    double rankingPValue()
    {
        return Double.isNaN(pValue) ? 1.0 : pValue;
    }

    SegmentComparison withPValue(final double p)
    {
        return new SegmentComparison(p, meanBefore, meanAfter, stdDevBefore, stdDevAfter);
    }
}
