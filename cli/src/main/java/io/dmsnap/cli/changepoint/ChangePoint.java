package io.dmsnap.cli.changepoint;

/**
 * One change point of a series: the level changes at {@code index}.
 *
 * @param index        0-based position of the first point of the new level (at least 1): the
 *                     segment before is [previous change point or 0, index), the one after is
 *                     [index, next change point or the end)
 * @param meanBefore   mean of the segment before
 * @param meanAfter    mean of the segment after
 * @param stdDevBefore population standard deviation (divided by n) of the segment before
 * @param stdDevAfter  population standard deviation of the segment after
 * @param pValue       the significance test's p-value for this split between its neighbours
 * @param verdict      regression or improvement, from the means and the metric's direction
 */
public record ChangePoint(int index, double meanBefore, double meanAfter, double stdDevBefore, double stdDevAfter,
    double pValue, Verdict verdict)
{
    /** {@code (meanAfter / meanBefore - 1) * 100}; 0 when the mean before is 0 (as Otava reports it). */
    public double changePercent()
    {
        return meanBefore == 0 ? 0 : (meanAfter / meanBefore - 1) * 100;
    }

    /**
     * The relative change in either direction, the larger one, in percent: what the minimum
     * magnitude filter compares. A halving and a doubling are both 100.
     */
    public double magnitudePercent()
    {
        return comparison().magnitude() * 100;
    }

    static ChangePoint of(final int index, final SegmentComparison comparison, final Direction direction)
    {
        return new ChangePoint(index, comparison.meanBefore(), comparison.meanAfter(), comparison.stdDevBefore(),
            comparison.stdDevAfter(), comparison.pValue(), direction.verdict(comparison.meanBefore(), comparison.meanAfter()));
    }

    private SegmentComparison comparison()
    {
        return new SegmentComparison(pValue, meanBefore, meanAfter, stdDevBefore, stdDevAfter);
    }
}
