package io.dmsnap.cli.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Turns a row's {@link Evidence} into a {@link Verdict}, given which way the metric improves and
 * the row's band (the smallest change that matters, in percent; within it a change is noise).
 * The rules, in order:
 * <ol>
 * <li>Fewer than {@link #minSamplesPerSide()} values on a side: INCONCLUSIVE.
 * <li>The adjusted p-value is below alpha (significant) and the whole confidence interval of the
 *     change lies beyond the band in the bad direction: REGRESSED; in the good direction:
 *     IMPROVED. (criterion.rs's rule: significance alone is not enough, the change must also
 *     surely exceed the band.)
 * <li>Significant and the whole interval inside the band: SAME (a real change, smaller than what
 *     matters).
 * <li>Not significant and the minimum detectable effect at these sample sizes is within the band:
 *     SAME (the test had the power to see a change of the band's size and did not: Pinpoint's
 *     "same").
 * <li>Otherwise INCONCLUSIVE, with an estimate of the values per side that would decide: when
 *     not significant, the sample size that detects the band ({@link Power#samplesPerSide});
 *     when significant but the interval straddles a band edge, the size that shrinks the
 *     interval clear of that edge, assuming its width falls as {@code 1 / sqrt(n)} and the
 *     estimate stays put: {@code n (half-width / distance of the estimate from the edge)^2}.
 * </ol>
 * "Beyond the band" is strict: a bound exactly on the band edge is not beyond it. Immutable.
 */
public final class VerdictRule
{
    /** Default significance level (benchstat's). */
    public static final double DEFAULT_ALPHA = 0.05;
    /**
     * Default fewest values per side for any verdict but INCONCLUSIVE: with 4 the exact U test's
     * best p-value is 0.029, so a single noisy run decides; below 5 the bootstrap interval of a
     * median takes so few distinct values that its coverage is far below the nominal level.
     */
    public static final int DEFAULT_MIN_SAMPLES_PER_SIDE = 5;
    /** The fewest values per side any rule may require: a spread needs two. */
    public static final int LOWEST_MIN_SAMPLES_PER_SIDE = 2;

    private final double alpha;
    private final int minSamplesPerSide;

    /**
     * @param alpha significance level the adjusted p-value is compared with, in (0, 1)
     * @param minSamplesPerSide fewest values per side for a verdict other than INCONCLUSIVE, at
     *     least {@link #LOWEST_MIN_SAMPLES_PER_SIDE}
     * @throws IllegalArgumentException when a parameter is out of range
     */
    public VerdictRule(final double alpha, final int minSamplesPerSide)
    {
        this.alpha = Samples.checkOpenUnit(alpha, "significance level alpha", "0.05");
        this.minSamplesPerSide = Samples.checkSize(minSamplesPerSide, "minimum values per side",
            LOWEST_MIN_SAMPLES_PER_SIDE);
    }

    /** Alpha {@link #DEFAULT_ALPHA}, at least {@link #DEFAULT_MIN_SAMPLES_PER_SIDE} values per side. */
    public static VerdictRule withDefaults()
    {
        return new VerdictRule(DEFAULT_ALPHA, DEFAULT_MIN_SAMPLES_PER_SIDE);
    }

    /** The significance level. */
    public double alpha()
    {
        return alpha;
    }

    /** The fewest values per side for a verdict other than INCONCLUSIVE. */
    public int minSamplesPerSide()
    {
        return minSamplesPerSide;
    }

    /**
     * The verdict for one row.
     *
     * @param direction which way the metric improves
     * @param bandPercent the band, a positive percentage
     * @param evidence the row's statistics
     * @throws IllegalArgumentException when an argument is missing or out of range
     */
    public VerdictResult classify(final Direction direction, final double bandPercent, final Evidence evidence)
    {
        if (direction == null || evidence == null)
        {
            throw new IllegalArgumentException("direction and evidence are required: give HIGHER_IS_BETTER or"
                + " LOWER_IS_BETTER and the row's evidence");
        }
        Samples.checkPositivePercent(bandPercent, "band");
        final int n = Math.min(evidence.nBase(), evidence.nCandidate());
        final ChangeInterval change = evidence.change();
        if (n < minSamplesPerSide)
        {
            return new VerdictResult(Verdict.INCONCLUSIVE,
                Math.max(minSamplesPerSide, evidence.samplesPerSideForBand()),
                String.format(Locale.ROOT, "%d + %d values: a verdict needs at least %d a side",
                    evidence.nBase(), evidence.nCandidate(), minSamplesPerSide));
        }
        final boolean significant = evidence.adjustedP() < alpha;
        // Oriented so that positive is worse, whatever the direction.
        final double worseLow = Math.min(direction.worsePercent(change.lowPercent()),
            direction.worsePercent(change.highPercent()));
        final double worseHigh = Math.max(direction.worsePercent(change.lowPercent()),
            direction.worsePercent(change.highPercent()));
        final String interval = String.format(Locale.ROOT, "[%+.2f%%, %+.2f%%]", change.lowPercent(), change.highPercent());
        final String band = String.format(Locale.ROOT, "%s%%", number(bandPercent));
        final String p = String.format(Locale.ROOT, "p = %s", number(evidence.adjustedP()));
        if (significant && worseLow > bandPercent)
        {
            return new VerdictResult(Verdict.REGRESSED, 0,
                p + " and the whole interval " + interval + " is worse than the " + band + " band");
        }
        if (significant && worseHigh < -bandPercent)
        {
            return new VerdictResult(Verdict.IMPROVED, 0,
                p + " and the whole interval " + interval + " is better than the " + band + " band");
        }
        final boolean insideBand = change.lowPercent() >= -bandPercent && change.highPercent() <= bandPercent;
        if (significant && insideBand)
        {
            return new VerdictResult(Verdict.SAME, 0,
                p + " but the whole interval " + interval + " is within the " + band + " band");
        }
        final String detectable = Double.isInfinite(evidence.minimumDetectablePercent())
            ? String.format(Locale.ROOT, "with %d + %d values the test cannot detect a change of any size",
                evidence.nBase(), evidence.nCandidate())
            : String.format(Locale.ROOT, "with %d + %d values the test sees changes of %s%% or more, the band is %s",
                evidence.nBase(), evidence.nCandidate(), number(evidence.minimumDetectablePercent()), band);
        if (!significant && evidence.minimumDetectablePercent() <= bandPercent)
        {
            return new VerdictResult(Verdict.SAME, 0, p + ": " + detectable);
        }
        if (!significant)
        {
            return new VerdictResult(Verdict.INCONCLUSIVE, Math.max(evidence.samplesPerSideForBand(), n + 1),
                p + ": " + detectable);
        }
        return new VerdictResult(Verdict.INCONCLUSIVE, samplesToClearEdges(change, bandPercent, n),
            p + " but the interval " + interval + " straddles the edge of the " + band + " band");
    }

    /**
     * Values per side that would move every band edge the interval straddles outside it, if the
     * interval's half-widths shrink as {@code 1 / sqrt(n)} around an unchanged estimate.
     */
    static int samplesToClearEdges(final ChangeInterval change, final double bandPercent, final int n)
    {
        double needed = n + 1;
        for (final double edge : new double[] {-bandPercent, bandPercent})
        {
            if (change.lowPercent() < edge && edge < change.highPercent())
            {
                final double estimate = change.estimatePercent();
                final double distance = Math.abs(estimate - edge);
                final double halfWidth = estimate < edge ? change.highPercent() - estimate : estimate - change.lowPercent();
                final double ratio = halfWidth / distance;
                needed = Math.max(needed, Math.ceil(n * ratio * ratio));
            }
        }
        return needed >= Power.MAX_SAMPLES || Double.isNaN(needed) ? Power.MAX_SAMPLES : (int) needed;
    }

    /** Three significant digits without trailing zeros: 5, 0.05, 12.4, 0.00213. */
    static String number(final double value)
    {
        if (!Double.isFinite(value))
        {
            return String.valueOf(value);
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
