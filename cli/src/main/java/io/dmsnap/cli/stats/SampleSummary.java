package io.dmsnap.cli.stats;

/**
 * The descriptive statistics of one sample in one value, as {@link Descriptive} defines them.
 *
 * @param n number of values
 * @param min smallest value
 * @param max largest value
 * @param median the median
 * @param mad median absolute deviation from the median, unscaled
 * @param mean arithmetic mean
 * @param sd sample standard deviation (divisor {@code n - 1}; 0 for one value)
 * @param cvPercent classic coefficient of variation, {@code 100 sd / |mean|}
 * @param robustCvPercent robust coefficient of variation, {@code 100 * 1.4826 MAD / |median|}
 */
public record SampleSummary(int n, double min, double max, double median, double mad, double mean, double sd,
    double cvPercent, double robustCvPercent)
{
    /**
     * Summarises {@code values}.
     *
     * @throws IllegalArgumentException when the sample is empty or holds a non-finite value
     */
    public static SampleSummary of(final double[] values)
    {
        Samples.check(values, "sample", 1);
        double min = values[0];
        double max = values[0];
        for (final double v : values)
        {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        final double median = Descriptive.median(values);
        final double mad = Descriptive.mad(values);
        final double mean = Descriptive.mean(values);
        final double sd = Descriptive.standardDeviation(values);
        return new SampleSummary(values.length, min, max, median, mad, mean, sd,
            Descriptive.ratioPercent(sd, mean), Descriptive.ratioPercent(Descriptive.MAD_TO_SD * mad, median));
    }
}
