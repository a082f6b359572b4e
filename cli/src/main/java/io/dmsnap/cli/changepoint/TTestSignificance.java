package io.dmsnap.cli.changepoint;

/**
 * Otava's default significance rule: a candidate is tested with {@link OtavaTTest} between the two
 * halves of the interval it splits (the whole interval, not only up to the kappa that maximised
 * q̂). Stateless.
 */
final class TTestSignificance implements SplitSignificance
{
    @Override
    public double candidatePValue(final double[] z, final int[] bounds, final int count, final int interval, final int tau,
        final double q)
    {
        return OtavaTTest.compare(z, bounds[interval], tau, bounds[interval + 1]).pValue();
    }

    @Override
    public SegmentComparison compare(final double[] z, final int from, final int split, final int to)
    {
        return OtavaTTest.compare(z, from, split, to);
    }
}
