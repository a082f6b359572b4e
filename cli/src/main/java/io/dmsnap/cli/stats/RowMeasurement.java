package io.dmsnap.cli.stats;

/**
 * The statistics of one base/candidate pair before the family's adjustment and verdict: what
 * {@link FamilyComparison} and {@link AaCalibration} both need.
 */
record RowMeasurement(SampleSummary base, SampleSummary candidate, CombinedRankTest test, ChangeInterval change,
    HodgesLehmann shift, double planningCvPercent)
{
    /**
     * Measures one row.
     *
     * @param name the row's name, for messages and the row's seed
     * @throws IllegalArgumentException naming the row when a sample is unusable
     */
    static RowMeasurement of(final String name, final double[] base, final double[] candidate,
        final PercentChangeBootstrap bootstrap, final long seed)
    {
        try
        {
            final SampleSummary baseSummary = SampleSummary.of(Samples.check(base, "base sample", 1));
            final SampleSummary candidateSummary = SampleSummary.of(Samples.check(candidate, "candidate sample", 1));
            return new RowMeasurement(baseSummary, candidateSummary, RankTests.combined(base, candidate),
                bootstrap.interval(base, candidate, PercentChangeBootstrap.rowSeed(seed, name)),
                HodgesLehmann.of(base, candidate), Power.planningCvPercent(baseSummary, candidateSummary));
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("row " + name + ": " + e.getMessage(), e);
        }
    }
}
