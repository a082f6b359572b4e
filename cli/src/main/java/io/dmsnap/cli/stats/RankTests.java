package io.dmsnap.cli.stats;

import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * Two-sided rank tests of "base and candidate come from the same distribution", computed by
 * Apache Commons Statistics (inference). Both tests assume independent observations within and
 * between the samples (one value per fork or per run, not per iteration: iterations of one JVM
 * share its JIT state) and nothing about the shape of the distribution.
 *
 * <ul>
 * <li>{@link #mannWhitney}: Mann-Whitney U (Wilcoxon rank-sum). Sensitive to a shift of one
 *     sample against the other; blind to a change of spread at the same location. Exact p-value
 *     when there are no ties and both sides have fewer than 50 values; otherwise the normal
 *     approximation with tie correction and a continuity correction of 1/2. This is the rule of
 *     R's {@code wilcox.test(x, y)} with its defaults, and both give the same p-values.
 * <li>{@link #kolmogorovSmirnov}: two-sample Kolmogorov-Smirnov. Sensitive to any difference of
 *     the distributions (spread, bimodality); weaker than U for a pure shift, and weak on discrete
 *     data with many ties. Exact {@code P(D >= d)} below 10,000 values a side. Needs two values
 *     a side.
 * <li>{@link #combined}: both, and the smaller p-value (Chromium Pinpoint's rule).
 * </ul>
 * Argument order is (base, candidate) everywhere; the samples are not modified.
 */
public final class RankTests
{
    /** Below this many values on both sides, and without ties, the U test's p-value is exact. */
    public static final int EXACT_U_LIMIT = 50;
    /** Below this many values on both sides the KS test's p-value is exact. */
    public static final int EXACT_KS_LIMIT = 10_000;

    private static final MannWhitneyUTest U_EXACT = MannWhitneyUTest.withDefaults().with(PValueMethod.EXACT);
    private static final MannWhitneyUTest U_NORMAL = MannWhitneyUTest.withDefaults().with(PValueMethod.ASYMPTOTIC);
    private static final KolmogorovSmirnovTest KS_EXACT = KolmogorovSmirnovTest.withDefaults().with(PValueMethod.EXACT);
    private static final KolmogorovSmirnovTest KS_ASYMPTOTIC =
        KolmogorovSmirnovTest.withDefaults().with(PValueMethod.ASYMPTOTIC);

    private RankTests()
    {
    }

    /**
     * Two-sided Mann-Whitney U test. When every value of both samples is the same the test has
     * nothing to rank (the normal approximation's variance is 0, where R prints NaN); the p-value
     * is then 1: the data show no difference.
     *
     * @throws IllegalArgumentException when a sample is empty or holds a non-finite value
     */
    public static MannWhitneyResult mannWhitney(final double[] base, final double[] candidate)
    {
        Samples.check(base, "base sample", 1);
        Samples.check(candidate, "candidate sample", 1);
        final boolean small = Math.max(base.length, candidate.length) < EXACT_U_LIMIT;
        // With EXACT the library still falls back to the normal approximation when there are ties
        // (documented), so the method used is known from the tie flag of the result.
        final MannWhitneyUTest.Result result = (small ? U_EXACT : U_NORMAL).test(candidate, base);
        final MannWhitneyResult.Method method = small && !result.hasTiedValues()
            ? MannWhitneyResult.Method.EXACT : MannWhitneyResult.Method.NORMAL_APPROXIMATION;
        final double p = Double.isNaN(result.getPValue()) && allEqual(base, candidate) ? 1.0 : result.getPValue();
        return new MannWhitneyResult(result.getStatistic(), p, method, result.hasTiedValues());
    }

    /**
     * Two-sided two-sample Kolmogorov-Smirnov test.
     *
     * @throws IllegalArgumentException when a sample has fewer than two values or a non-finite value
     */
    public static KolmogorovSmirnovResult kolmogorovSmirnov(final double[] base, final double[] candidate)
    {
        Samples.check(base, "base sample", 2);
        Samples.check(candidate, "candidate sample", 2);
        final boolean exact = Math.max(base.length, candidate.length) < EXACT_KS_LIMIT;
        final KolmogorovSmirnovTest.TwoResult result = (exact ? KS_EXACT : KS_ASYMPTOTIC).test(base, candidate);
        return new KolmogorovSmirnovResult(result.getStatistic(), result.getPValue(), exact, result.hasSignificantTies());
    }

    /**
     * Both tests and the smaller p-value, as Chromium Pinpoint decides: U catches shifts, KS
     * catches changes of shape that U misses. The combined p-value is not corrected for taking
     * the smaller of two (see {@link CombinedRankTest#pValue()}). With a single value on a side
     * the KS test is skipped and the U test decides alone.
     *
     * @throws IllegalArgumentException when a sample is empty or holds a non-finite value
     */
    public static CombinedRankTest combined(final double[] base, final double[] candidate)
    {
        final MannWhitneyResult u = mannWhitney(base, candidate);
        final KolmogorovSmirnovResult ks = base.length >= 2 && candidate.length >= 2
            ? kolmogorovSmirnov(base, candidate) : null;
        return new CombinedRankTest(u, ks);
    }

    private static boolean allEqual(final double[] base, final double[] candidate)
    {
        final double first = base[0];
        for (final double v : base)
        {
            if (v != first)
            {
                return false;
            }
        }
        for (final double v : candidate)
        {
            if (v != first)
            {
                return false;
            }
        }
        return true;
    }
}
