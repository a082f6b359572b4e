package io.dmsnap.cli.stats;

import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.descriptive.Quantile;
import org.apache.commons.statistics.descriptive.StandardDeviation;

/**
 * Descriptive statistics of one sample, computed by Apache Commons Statistics (descriptive).
 * Every method leaves its argument unchanged, rejects an empty sample and non-finite values
 * ({@link IllegalArgumentException}), and treats the values as an unordered sample.
 *
 * <p>Definitions (all stated so two reports agree to the last digit):
 * <ul>
 * <li>median: the middle value, or the mean of the two middle values for an even count;
 * <li>quantile: Hyndman and Fan's definition 7, linear interpolation between order statistics
 *     ({@code (n - 1) p}), the default of R's {@code quantile} and of NumPy;
 * <li>MAD: median absolute deviation from the median, unscaled; {@link #MAD_TO_SD} times it
 *     estimates the standard deviation of a normal distribution (R's {@code mad} constant);
 * <li>sd: the sample standard deviation with divisor {@code n - 1}; 0 for a single value;
 * <li>CV, classic: {@code sd / |mean|} in percent; robust: {@code 1.4826 MAD / |median|} in
 *     percent. The classic CV reacts to a single stalled run, the robust one ignores up to half
 *     of the values being wild. Both are 0 when there is no spread and infinite when there is
 *     spread around a location of 0.
 * </ul>
 */
public final class Descriptive
{
    /** Scales the MAD to a consistent estimate of the standard deviation of normal data. */
    public static final double MAD_TO_SD = 1.4826;

    // Copying explicitly: without it Commons Statistics partially sorts the caller's array in place.
    private static final Median MEDIAN = Median.withDefaults().withCopy(true);
    private static final Quantile QUANTILE = Quantile.withDefaults().withCopy(true).with(Quantile.EstimationMethod.HF7);

    private Descriptive()
    {
    }

    /** The median of {@code values}. */
    public static double median(final double[] values)
    {
        return MEDIAN.evaluate(Samples.check(values, "sample", 1));
    }

    /** The median absolute deviation from the median, unscaled. */
    public static double mad(final double[] values)
    {
        final double median = median(values);
        final double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++)
        {
            deviations[i] = Math.abs(values[i] - median);
        }
        return MEDIAN.evaluate(deviations);
    }

    /** The arithmetic mean. */
    public static double mean(final double[] values)
    {
        return Mean.of(Samples.check(values, "sample", 1)).getAsDouble();
    }

    /** The sample standard deviation (divisor {@code n - 1}); 0 for one value. */
    public static double standardDeviation(final double[] values)
    {
        return StandardDeviation.of(Samples.check(values, "sample", 1)).getAsDouble();
    }

    /**
     * The quantile at probability {@code p} (Hyndman and Fan definition 7).
     *
     * @throws IllegalArgumentException when {@code p} is outside [0, 1]
     */
    public static double quantile(final double[] values, final double p)
    {
        if (!(p >= 0.0 && p <= 1.0))
        {
            throw new IllegalArgumentException("quantile probability " + p + " is out of range: give a value in [0, 1]");
        }
        return QUANTILE.evaluate(Samples.check(values, "sample", 1), p);
    }

    /** The classic coefficient of variation {@code 100 sd / |mean|}. */
    public static double cvPercent(final double[] values)
    {
        return ratioPercent(standardDeviation(values), mean(values));
    }

    /** The robust coefficient of variation {@code 100 * 1.4826 MAD / |median|}. */
    public static double robustCvPercent(final double[] values)
    {
        return ratioPercent(MAD_TO_SD * mad(values), median(values));
    }

    /** Spread over location in percent: 0 without spread, infinite with spread around 0. */
    static double ratioPercent(final double spread, final double location)
    {
        if (spread == 0.0)
        {
            return 0.0;
        }
        return location == 0.0 ? Double.POSITIVE_INFINITY : 100.0 * spread / Math.abs(location);
    }
}
