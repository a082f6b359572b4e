package io.dmsnap.cli.stats;

/**
 * How a family of rows is compared: the significance level, the bootstrap, the minimum sample
 * rule and the power the detectable effect is planned for. Checked on construction.
 *
 * @param alpha family-wise significance level (Holm-adjusted p-values are compared with it), in (0, 1)
 * @param confidenceLevel coverage of the change intervals, in (0, 1)
 * @param resamples bootstrap resamples per row, at least {@link PercentChangeBootstrap#MIN_RESAMPLES}
 * @param seed bootstrap seed of the whole comparison (each row derives its own, see
 *     {@link PercentChangeBootstrap#rowSeed}); print it to make the report reproducible
 * @param minSamplesPerSide fewest values per side for a verdict other than INCONCLUSIVE
 * @param power power the minimum detectable effect is computed for, in (0, 1)
 */
public record ComparisonSettings(double alpha, double confidenceLevel, int resamples, long seed,
    int minSamplesPerSide, double power)
{
    /**
     * @throws IllegalArgumentException when a setting is out of range
     */
    public ComparisonSettings
    {
        Samples.checkOpenUnit(alpha, "significance level alpha", "0.05");
        Samples.checkOpenUnit(confidenceLevel, "confidence level", "0.95");
        Samples.checkOpenUnit(power, "power", "0.8");
        Samples.checkSize(minSamplesPerSide, "minimum values per side", VerdictRule.LOWEST_MIN_SAMPLES_PER_SIDE);
        Samples.checkSize(resamples, "number of bootstrap resamples", PercentChangeBootstrap.MIN_RESAMPLES);
    }

    /**
     * alpha 0.05, 95% intervals from 10,000 resamples, at least 5 values per side, power 0.8,
     * and the given seed.
     */
    public static ComparisonSettings defaults(final long seed)
    {
        return new ComparisonSettings(VerdictRule.DEFAULT_ALPHA, PercentChangeBootstrap.DEFAULT_CONFIDENCE_LEVEL,
            PercentChangeBootstrap.DEFAULT_RESAMPLES, seed, VerdictRule.DEFAULT_MIN_SAMPLES_PER_SIDE,
            Power.DEFAULT_POWER);
    }
}
