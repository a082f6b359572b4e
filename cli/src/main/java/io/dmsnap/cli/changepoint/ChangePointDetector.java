package io.dmsnap.cli.changepoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Finds the change points of a series (nightly results of one benchmark, oldest first) the way
 * Apache Otava 0.8 does by default, which is the method of the Hunter paper (Fleming et al., ICPE
 * 2023) around E-divisive means (Matteson and James, 2014):
 * <ol>
 *   <li><b>Split.</b> Windows of {@link #window()} points, each overlapping the previous one by at
 *       least half, are cut into segments by {@link Bisection} (E-divisive with the significance
 *       test as stop rule) at a relaxed threshold: 10 × p below 0.05, 2 × p below 0.5, else p
 *       ({@link #firstPassPValue}). A window starts at the last change point found in the previous
 *       one, or half a window further, whichever is later. The union of what the windows find are
 *       the "weak" change points.</li>
 *   <li><b>Merge.</b> Each weak point is tested between its neighbours in the whole series.
 *       Repeatedly, the point with the largest p-value is removed while that p-value is not below
 *       {@link #pValue()}; once all are below it, the one with the smallest magnitude is removed
 *       while it is not above {@link #minMagnitudePercent()}. After each removal the neighbours
 *       are re-tested ({@link MergeRule}). What remains is the result.</li>
 * </ol>
 * Inequalities are Otava's: a candidate passes the split step at p ≤ threshold, a point survives
 * the merge at p &lt; threshold and magnitude &gt; minimum.
 *
 * <p>Deviations from Otava, each deliberate: a series shorter than {@link #MIN_SERIES_LENGTH} has
 * no change points (Otava would split [1, 1, 5] at 2 with p = 0: two constant sides of a t-test)
 * and a window is at least that long too; NaN and infinite values are refused (Otava fills missing
 * values from their neighbours; a series from our result files has no gaps, so a NaN is a bug
 * upstream); an undefined t-test (NaN p-value) ranks as p = 1 in the merge step, where Otava's
 * outcome depends on list order. Candidates whose q̂ are equal in exact arithmetic (possible with
 * coarsely rounded or noise-free data) can be ranked differently from Otava, whose vectorised sums
 * round differently; with measured values that carry their full precision this does not arise.
 *
 * <p>Cost: a window of W points costs O(W²) per round of its bisection (the scan of the two new
 * intervals), so a series of N points costs about (N / (W/2)) × (change points per window + 1) ×
 * O(W²). With the default W = 50 one scan is some 3,750 absolute differences and additions and a
 * 365-point series has about 15 windows: a few hundred thousand operations, tens of millions for
 * a hundred benchmarks over a year. The merge step's t-tests are O(N) each. The permutation test
 * multiplies the split step by the number of permutations, and its merge step shuffles the whole
 * segment between a point's neighbours (O(L²) per permutation for a segment of L points). Scratch
 * space is allocated once per {@link #detect} call, nothing per candidate split.
 *
 * <p>Immutable and thread-safe; each {@code with...} returns a new detector.
 */
public final class ChangePointDetector
{
    /** Otava's CLI default window. */
    public static final int DEFAULT_WINDOW = 50;
    /** Otava's CLI default {@code -P}. */
    public static final double DEFAULT_P_VALUE = 0.001;
    /** Otava's CLI default {@code -M}: any magnitude counts. */
    public static final double DEFAULT_MIN_MAGNITUDE_PERCENT = 0;
    /** Otava's and MongoDB's permutation count. */
    public static final int DEFAULT_PERMUTATIONS = 100;
    public static final long DEFAULT_SEED = 1;
    /** Shorter series have no change points: one side of any split would be a single point with no noise estimate. */
    public static final int MIN_SERIES_LENGTH = 4;

    private final int window;
    private final double pValue;
    private final double minMagnitudePercent;
    private final MergeRule mergeRule;
    private final SignificanceMethod method;
    private final int permutations;
    private final long seed;

    private ChangePointDetector(final int window, final double pValue, final double minMagnitudePercent,
        final MergeRule mergeRule, final SignificanceMethod method, final int permutations, final long seed)
    {
        this.window = window;
        this.pValue = pValue;
        this.minMagnitudePercent = minMagnitudePercent;
        this.mergeRule = mergeRule;
        this.method = method;
        this.permutations = permutations;
        this.seed = seed;
    }

    /** Otava 0.8's CLI defaults: window 50, p 0.001, no minimum magnitude, t-test, Otava's merge. */
    public static ChangePointDetector otavaDefaults()
    {
        return new ChangePointDetector(DEFAULT_WINDOW, DEFAULT_P_VALUE, DEFAULT_MIN_MAGNITUDE_PERCENT, MergeRule.OTAVA,
            SignificanceMethod.T_TEST, DEFAULT_PERMUTATIONS, DEFAULT_SEED);
    }

    /**
     * Window length in points (Otava's {@code --window}); windows overlap by half of it. At least
     * {@link #MIN_SERIES_LENGTH}, like a series: Otava accepts 2, but a 2-point window compares one
     * point with one and can never pass the t-test.
     */
    public ChangePointDetector withWindow(final int points)
    {
        if (points < MIN_SERIES_LENGTH)
        {
            throw new IllegalArgumentException("window must be at least " + MIN_SERIES_LENGTH + " points, got " + points);
        }
        return new ChangePointDetector(points, pValue, minMagnitudePercent, mergeRule, method, permutations, seed);
    }

    /** The p-value a change point must stay below, in (0, 1] (Otava's {@code -P}). */
    public ChangePointDetector withPValue(final double threshold)
    {
        if (!(threshold > 0 && threshold <= 1))
        {
            throw new IllegalArgumentException("p-value threshold must be in (0, 1], got " + threshold);
        }
        return new ChangePointDetector(window, threshold, minMagnitudePercent, mergeRule, method, permutations, seed);
    }

    /**
     * The relative change a change point must exceed, in percent, 0 or more: 5 means more than 5%
     * either way (Otava's {@code -M 0.05}).
     */
    public ChangePointDetector withMinMagnitudePercent(final double percent)
    {
        if (!(percent >= 0 && percent < Double.POSITIVE_INFINITY))
        {
            throw new IllegalArgumentException("minimum magnitude must be a percentage of 0 or more, got " + percent);
        }
        return new ChangePointDetector(window, pValue, percent, mergeRule, method, permutations, seed);
    }

    public ChangePointDetector withMergeRule(final MergeRule rule)
    {
        return new ChangePointDetector(window, pValue, minMagnitudePercent, Objects.requireNonNull(rule, "rule"), method,
            permutations, seed);
    }

    /** Otava's t-test in both steps (the default). */
    public ChangePointDetector withTTest()
    {
        return new ChangePointDetector(window, pValue, minMagnitudePercent, mergeRule, SignificanceMethod.T_TEST,
            permutations, seed);
    }

    /**
     * The permutation test in both steps, with {@code count} shuffles per test (at least 1) drawn
     * from generators seeded by {@code seed}. p is exceedances / (count + 1), so the threshold
     * should be at least 1 / (count + 1) for a split to be able to pass.
     */
    public ChangePointDetector withPermutationTest(final int count, final long seed)
    {
        if (count < 1)
        {
            throw new IllegalArgumentException("permutation count must be at least 1, got " + count);
        }
        return new ChangePointDetector(window, pValue, minMagnitudePercent, mergeRule, SignificanceMethod.PERMUTATION, count,
            seed);
    }

    public int window()
    {
        return window;
    }

    public double pValue()
    {
        return pValue;
    }

    public double minMagnitudePercent()
    {
        return minMagnitudePercent;
    }

    public MergeRule mergeRule()
    {
        return mergeRule;
    }

    public SignificanceMethod method()
    {
        return method;
    }

    public int permutations()
    {
        return permutations;
    }

    public long seed()
    {
        return seed;
    }

    /** The split step's threshold for a final threshold {@code p}: Otava's 10× / 2× / 1× rule. */
    static double firstPassPValue(final double p)
    {
        return p < 0.05 ? p * 10 : p < 0.5 ? p * 2 : p;
    }

    /**
     * The change points of {@code series} (oldest first), ascending by index. A metric's direction
     * only labels each point a regression or an improvement; it does not change which are found.
     *
     * @throws IllegalArgumentException if a value is NaN or infinite
     */
    public List<ChangePoint> detect(final double[] series, final Direction direction)
    {
        Objects.requireNonNull(direction, "direction");
        checkFinite(series);
        if (series.length < MIN_SERIES_LENGTH)
        {
            return List.of();
        }
        final SplitSignificance significance = significance(series.length);
        final int[] weak = split(series, significance);
        return merge(series, weak, significance, direction);
    }

    /** The split step alone: the weak change points, ascending. */
    int[] weakChangePoints(final double[] series)
    {
        checkFinite(series);
        if (series.length < MIN_SERIES_LENGTH)
        {
            return new int[0];
        }
        return split(series, significance(series.length));
    }

    private SplitSignificance significance(final int length)
    {
        return method == SignificanceMethod.T_TEST ? new TTestSignificance()
            : new PermutationSignificance(permutations, seed, length);
    }

    private static void checkFinite(final double[] series)
    {
        for (int i = 0; i < series.length; i++)
        {
            if (!Double.isFinite(series[i]))
            {
                throw new IllegalArgumentException("series value " + i + " is " + series[i]
                    + ": change point detection needs finite numbers (leave missing runs out of the series)");
            }
        }
    }

    private int[] split(final double[] z, final SplitSignificance significance)
    {
        final int n = z.length;
        final int span = Math.min(window, n);
        final Bisection bisection = new Bisection(span);
        final int[] local = new int[span];
        final int[] found = new int[n];
        int count = 0;
        final double firstPass = firstPassPValue(pValue);
        final int step = window / 2;
        int start = 0;
        while (start < n)
        {
            final int end = Math.min(start + window, n);
            final int k = bisection.detect(z, start, end, significance, firstPass, local);
            final int last = k > 0 ? local[k - 1] : 0;
            start = Math.max(last, start + step);
            // A window starts at or after every earlier change point and finds points strictly
            // inside it, so the list stays ascending and free of repeats; at most n - 1 in all.
            System.arraycopy(local, 0, found, count, k);
            count += k;
        }
        return Arrays.copyOf(found, count);
    }

    private List<ChangePoint> merge(final double[] z, final int[] weak, final SplitSignificance significance,
        final Direction direction)
    {
        final int[] points = weak.clone();
        final SegmentComparison[] stats = new SegmentComparison[points.length];
        int size = points.length;
        for (int i = 0; i < size; i++)
        {
            stats[i] = retest(z, points, size, i, significance);
        }
        final double minMagnitude = minMagnitudePercent / 100;
        while (size > 0)
        {
            int weakest = 0;
            for (int i = 1; i < size; i++)
            {
                if (stats[i].rankingPValue() > stats[weakest].rankingPValue())
                {
                    weakest = i;
                }
            }
            if (stats[weakest].rankingPValue() < pValue)
            {
                weakest = 0;
                for (int i = 1; i < size; i++)
                {
                    if (stats[i].magnitude() < stats[weakest].magnitude())
                    {
                        weakest = i;
                    }
                }
                if (stats[weakest].magnitude() > minMagnitude)
                {
                    break;
                }
            }
            System.arraycopy(points, weakest + 1, points, weakest, size - weakest - 1);
            System.arraycopy(stats, weakest + 1, stats, weakest, size - weakest - 1);
            size--;
            // After the removal the left neighbour is at weakest - 1 and the right one at weakest.
            // OTAVA re-tests weakest and weakest + 1 (the right neighbour and one that did not
            // change); CORRECTED re-tests both neighbours.
            final int firstRetested = mergeRule == MergeRule.OTAVA ? weakest : weakest - 1;
            for (int i = firstRetested; i <= firstRetested + 1; i++)
            {
                if (i >= 0 && i < size)
                {
                    stats[i] = retest(z, points, size, i, significance);
                }
            }
        }
        final List<ChangePoint> result = new ArrayList<>(size);
        for (int i = 0; i < size; i++)
        {
            result.add(ChangePoint.of(points[i], stats[i], direction));
        }
        return result;
    }

    /** Change point i (of the first {@code size}) tested between its neighbours in the whole series. */
    private static SegmentComparison retest(final double[] z, final int[] points, final int size, final int i,
        final SplitSignificance significance)
    {
        final int from = i > 0 ? points[i - 1] : 0;
        final int to = i + 1 < size ? points[i + 1] : z.length;
        return significance.compare(z, from, points[i], to);
    }

    @Override
    public String toString()
    {
        final String test = method == SignificanceMethod.T_TEST ? "t-test"
            : "permutation test (" + permutations + " permutations, seed " + seed + ")";
        return String.format(Locale.ROOT, "E-divisive means, window %d, p < %s, magnitude > %s%%, %s, %s merge", window,
            pValue, minMagnitudePercent, test, mergeRule.name().toLowerCase(Locale.ROOT));
    }
}
