package io.dmsnap.cli.compare;

import org.apache.commons.statistics.distribution.BinomialDistribution;

import java.util.Arrays;

/**
 * A distribution-free confidence interval of one sample's median, from its order statistics (as
 * benchstat prints "median ± x%" per side): {@code [x(k), x(n+1-k)]} of the sorted values holds
 * the true median with probability {@code 1 - 2 P(B <= k - 1)}, {@code B ~ Binomial(n, 1/2)}, and
 * k is the largest rank whose coverage is still at least the level. With too few values no pair of
 * order statistics reaches the level (5 or fewer at 95%: even the extremes cover only 93.75% with 5)
 * and the interval is unbounded. Assumes independent values from one continuous distribution.
 *
 * @param low      lower bound; {@link Double#NEGATIVE_INFINITY} when unbounded
 * @param high     upper bound; {@link Double#POSITIVE_INFINITY} when unbounded
 * @param coverage the exact coverage of the chosen order statistics; 0 when unbounded
 */
record MedianInterval(double low, double high, double coverage)
{
    /** Whether the interval has finite bounds. */
    boolean bounded()
    {
        return Double.isFinite(low) && Double.isFinite(high);
    }

    /**
     * The interval at {@code level} for {@code values} (not changed).
     *
     * @throws IllegalArgumentException when there are no values or the level is not in (0, 1)
     */
    static MedianInterval of(final double[] values, final double level)
    {
        if (values.length == 0)
        {
            throw new IllegalArgumentException("the median interval of an empty sample: give at least one value");
        }
        if (!(level > 0.0 && level < 1.0))
        {
            throw new IllegalArgumentException("confidence level " + level + " is out of range: give a value between 0"
                + " and 1, e.g. 0.95");
        }
        final int n = values.length;
        final BinomialDistribution b = BinomialDistribution.of(n, 0.5);
        int k = 0;
        double coverage = 0.0;
        // Coverage falls as k grows; the ranks of the lower bound go up to the median's.
        for (int j = 1; j <= (n + 1) / 2; j++)
        {
            final double c = 1.0 - 2.0 * b.cumulativeProbability(j - 1);
            if (c < level)
            {
                break;
            }
            k = j;
            coverage = c;
        }
        if (k == 0)
        {
            return new MedianInterval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0.0);
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new MedianInterval(sorted[k - 1], sorted[n - k], coverage);
    }
}
