package io.dmsnap.cli.stats;

/**
 * Everything the comparison found for one row.
 *
 * @param name the row's name
 * @param direction which way the metric improves
 * @param bandPercent the row's band
 * @param base descriptive statistics of the base values
 * @param candidate descriptive statistics of the candidate values
 * @param test the rank tests; {@code test.pValue()} is the raw p-value
 * @param adjustedP the p-value after Holm's adjustment over the family
 * @param change percent change of the medians with its bootstrap interval (and the row's seed)
 * @param shift Hodges-Lehmann shift
 * @param planningCvPercent the noise the power figures use ({@link Power#planningCvPercent})
 * @param minimumDetectablePercent smallest change the test detects with the planned power at
 *     these sample sizes, at the family's strictest Holm level; infinite when unreachable
 * @param verdict the verdict and why
 */
public record RowResult(String name, Direction direction, double bandPercent, SampleSummary base,
    SampleSummary candidate, CombinedRankTest test, double adjustedP, ChangeInterval change, HodgesLehmann shift,
    double planningCvPercent, double minimumDetectablePercent, VerdictResult verdict)
{
    /** The raw (unadjusted) p-value: the smaller of the U and KS tests' p-values. */
    public double rawP()
    {
        return test.pValue();
    }
}
