package io.dmsnap.cli.stats;

import org.apache.commons.numbers.combinatorics.BinomialCoefficientDouble;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Power and sample size of the two-sided Mann-Whitney U test for a shift, in percent of the base
 * location, given the noise as a coefficient of variation.
 *
 * <p>Method: the textbook power formula of a two-sample t-test for a location shift {@code delta}
 * with noise {@code sigma}, {@code delta / sigma = (t(1 - alpha/2, df) + t(power, df)) sqrt(1/n + 1/m)}
 * with {@code df = n + m - 2}, scaled for the U test by its asymptotic relative efficiency against
 * the t-test, {@code 3/pi} (about 0.955): the U test needs {@code pi/3} times the t-test's samples.
 * With {@code delta} and {@code sigma} in percent of the location,
 * <pre>
 *   MDE% = (t(1 - alpha/2, df) + t(power, df)) * CV% * sqrt((1/n + 1/m) * pi / 3)
 * </pre>
 * and the samples per side for a band are the smallest equal {@code n = m} whose MDE is within the
 * band. (For CV = band at alpha 0.05 and power 0.8 that is 18 a side: Lehr's rule of thumb
 * {@code 16 / d^2} for the t-test is 15.7 with normal quantiles, times pi/3 is 16.4, and Student's
 * quantiles add one.) Student's rather than normal quantiles because the normal ones overstate the
 * power at the sample sizes of a nightly job: simulated at 20 values a side, normal-quantile MDEs
 * were detected 77% of the time instead of 80%. With Student's quantiles the reported MDE of normal
 * data was detected 79% of the time with 10 to 30 values a side, but only 75% with 7 and 70% with 5,
 * where the exact test's discreteness costs power (4,000 simulated comparisons each). On top of that, the exact U test cannot produce a
 * p-value below {@code 2 / C(n + m, n)} whatever the data; when that floor is not below alpha the
 * test can detect nothing, the minimum detectable effect is infinite, and the sample size is raised
 * until the floor is below alpha.
 *
 * <p>Assumptions: independent values, a pure shift of one distribution, the noise the same on
 * both sides. 3/pi is the efficiency for normal data; for heavier tails (stalls, GC pauses) the
 * U test is more efficient than that, so the estimates err on the safe side; the efficiency
 * cannot fall below 0.864 for any distribution. The CV of a handful of values is itself a rough
 * estimate: {@link #planningCvPercent} takes the larger of the classic and robust CVs so that an
 * optimistic noise estimate cannot make a comparison look better powered than it was. The
 * Kolmogorov-Smirnov half of the combined test is ignored here (for a shift it is the weaker
 * test).
 */
public final class Power
{
    /** The conventional power: a real change of the detectable size is seen 4 times in 5. */
    public static final double DEFAULT_POWER = 0.8;
    /** Asymptotic relative efficiency of the Mann-Whitney U test against the t-test for normal data. */
    public static final double MANN_WHITNEY_EFFICIENCY = 3.0 / Math.PI;
    /** Sample sizes are reported up to this; a larger need is reported as this value. */
    public static final int MAX_SAMPLES = 1_000_000;

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0.0, 1.0);

    private final double alpha;
    private final double power;
    /** {@code z(1 - alpha/2) + z(power)}: the large-sample limit of the Student quantile sum, a lower bound of it. */
    private final double zSum;

    /**
     * @param alpha two-sided significance level of each test, in (0, 1); for a family of
     *     {@code m} rows adjusted with Holm, {@code alpha / m} is the level the most significant
     *     row must reach
     * @param power the chance of detecting an effect of the reported size, in (0, 1)
     * @throws IllegalArgumentException when a parameter is out of range
     */
    public Power(final double alpha, final double power)
    {
        this.alpha = Samples.checkOpenUnit(alpha, "significance level alpha", "0.05");
        this.power = Samples.checkOpenUnit(power, "power", "0.8");
        this.zSum = STANDARD_NORMAL.inverseCumulativeProbability(1.0 - alpha / 2.0)
            + STANDARD_NORMAL.inverseCumulativeProbability(power);
    }

    /** Power {@link #DEFAULT_POWER} at significance level {@code alpha}. */
    public static Power at(final double alpha)
    {
        return new Power(alpha, DEFAULT_POWER);
    }

    /** The significance level. */
    public double alpha()
    {
        return alpha;
    }

    /** The power. */
    public double power()
    {
        return power;
    }

    /**
     * The smallest shift, in percent of the location, that the U test detects with this power
     * given {@code nBase} and {@code nCandidate} values and noise {@code cvPercent}. Infinite when
     * the exact test cannot reach alpha with these sample sizes, or when the noise is infinite.
     *
     * @throws IllegalArgumentException when a size is below 1 or the CV is negative or NaN
     */
    public double minimumDetectablePercent(final int nBase, final int nCandidate, final double cvPercent)
    {
        Samples.checkSize(nBase, "base sample size", 1);
        Samples.checkSize(nCandidate, "candidate sample size", 1);
        checkCv(cvPercent);
        if (!(smallestAttainableP(nBase, nCandidate) < alpha))
        {
            return Double.POSITIVE_INFINITY;
        }
        return quantileSum(nBase + nCandidate - 2) * cvPercent
            * Math.sqrt((1.0 / nBase + 1.0 / nCandidate) / MANN_WHITNEY_EFFICIENCY);
    }

    /**
     * Values per side (the same on both) needed to detect a shift of {@code bandPercent} with
     * this power given noise {@code cvPercent}: the smallest {@code n} whose minimum detectable
     * effect with {@code n + n} values is within the band. Saturates at {@link #MAX_SAMPLES}.
     *
     * @throws IllegalArgumentException when the band is not a positive percentage or the CV is
     *     negative or NaN
     */
    public int samplesPerSide(final double bandPercent, final double cvPercent)
    {
        Samples.checkPositivePercent(bandPercent, "band");
        checkCv(cvPercent);
        final double ratio = cvPercent / bandPercent;
        // The normal-quantile size is a lower bound (Student's quantiles are larger); step up from it.
        final double lowerBound = Math.ceil(2.0 * zSum * zSum * ratio * ratio / MANN_WHITNEY_EFFICIENCY);
        if (!(lowerBound < MAX_SAMPLES))
        {
            return MAX_SAMPLES;
        }
        int n = Math.max(smallestSamplesPerSide(alpha), (int) lowerBound);
        while (n < MAX_SAMPLES && minimumDetectablePercent(n, n, cvPercent) > bandPercent)
        {
            n++;
        }
        return n;
    }

    /** {@code t(1 - alpha/2, df) + t(power, df)}. */
    private double quantileSum(final int degreesOfFreedom)
    {
        final TDistribution t = TDistribution.of(degreesOfFreedom);
        return t.inverseCumulativeProbability(1.0 - alpha / 2.0) + t.inverseCumulativeProbability(power);
    }

    /**
     * The smallest two-sided p-value the exact U test can give with these sample sizes,
     * {@code 2 / C(n + m, n)} (both samples completely separated), at most 1. For 4, 5, 6, 7, 8
     * a side: 0.029, 0.0079, 0.0022, 0.00058, 0.00016.
     */
    public static double smallestAttainableP(final int nBase, final int nCandidate)
    {
        Samples.checkSize(nBase, "base sample size", 1);
        Samples.checkSize(nCandidate, "candidate sample size", 1);
        return Math.min(1.0, 2.0 / BinomialCoefficientDouble.value(nBase + nCandidate, nBase));
    }

    /** The fewest values per side (the same on both) with which the exact U test can get below {@code alpha}. */
    public static int smallestSamplesPerSide(final double alpha)
    {
        Samples.checkOpenUnit(alpha, "significance level alpha", "0.05");
        int n = 1;
        while (!(smallestAttainableP(n, n) < alpha))
        {
            n++;
        }
        return n;
    }

    /**
     * The noise to plan with for a base and a candidate sample: the root mean square of the two
     * sides' CVs, taken for the classic and the robust CV, and the larger of those two.
     */
    public static double planningCvPercent(final SampleSummary base, final SampleSummary candidate)
    {
        final double classic = Math.sqrt((square(base.cvPercent()) + square(candidate.cvPercent())) / 2.0);
        final double robust = Math.sqrt((square(base.robustCvPercent()) + square(candidate.robustCvPercent())) / 2.0);
        return Math.max(classic, robust);
    }

    private static double square(final double x)
    {
        return x * x;
    }

    private static void checkCv(final double cvPercent)
    {
        if (!(cvPercent >= 0.0))
        {
            throw new IllegalArgumentException("coefficient of variation " + cvPercent
                + "% is out of range: give a percentage of 0 or more");
        }
    }
}
