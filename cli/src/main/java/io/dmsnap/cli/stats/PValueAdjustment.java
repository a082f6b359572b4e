package io.dmsnap.cli.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Multiple-comparison adjustments over a family of p-values, one per compared row. Each returns
 * the adjusted p-values in the order given; an adjusted value is compared with the same alpha as
 * a single test would be. Both adjustments are monotone (a smaller raw p never gets a larger
 * adjusted p), never below the raw value, and capped at 1; they match R's
 * {@code p.adjust(p, "holm")} and {@code p.adjust(p, "BH")}.
 *
 * <ul>
 * <li>{@link #holm}: Holm's step-down method. Controls the family-wise error rate (the chance of
 *     even one false REGRESSED among all rows) at alpha under any dependence between the rows, and
 *     is never less powerful than Bonferroni. The default for a CI gate.
 * <li>{@link #benjaminiHochberg}: Benjamini-Hochberg. Controls the false discovery rate (the
 *     expected share of false findings among the rows flagged) for independent or positively
 *     dependent rows. More findings, weaker guarantee: for exploring a large sweep, not for gating.
 * </ul>
 */
public final class PValueAdjustment
{
    private PValueAdjustment()
    {
    }

    /**
     * Holm's step-down adjustment: with the p-values sorted ascending, {@code p(i)} becomes
     * {@code max over j <= i of min(1, (m - j + 1) p(j))} (1-based ranks, {@code m} tests).
     *
     * @throws IllegalArgumentException when a p-value is NaN or outside [0, 1]
     */
    public static double[] holm(final double[] pValues)
    {
        final Integer[] order = ascending(pValues);
        final int m = pValues.length;
        final double[] adjusted = new double[m];
        double running = 0.0;
        for (int rank = 0; rank < m; rank++)
        {
            final int i = order[rank];
            running = Math.max(running, Math.min(1.0, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /**
     * Benjamini-Hochberg step-up adjustment: with the p-values sorted ascending, {@code p(i)}
     * becomes {@code min over j >= i of min(1, m p(j) / j)} (1-based ranks, {@code m} tests).
     *
     * @throws IllegalArgumentException when a p-value is NaN or outside [0, 1]
     */
    public static double[] benjaminiHochberg(final double[] pValues)
    {
        final Integer[] order = ascending(pValues);
        final int m = pValues.length;
        final double[] adjusted = new double[m];
        double running = 1.0;
        for (int rank = m - 1; rank >= 0; rank--)
        {
            final int i = order[rank];
            // p * (m / rank) rather than m * p / rank: at rank m the factor is exactly 1, so the
            // largest p-value is never rounded below itself.
            running = Math.min(running, Math.min(1.0, pValues[i] * ((double) m / (rank + 1))));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /** Indices of {@code pValues} by ascending value, ties in their given order; checks the values. */
    private static Integer[] ascending(final double[] pValues)
    {
        if (pValues == null)
        {
            throw new IllegalArgumentException("p-values are missing: give an array, empty for no rows");
        }
        final Integer[] order = new Integer[pValues.length];
        for (int i = 0; i < pValues.length; i++)
        {
            if (!(pValues[i] >= 0.0 && pValues[i] <= 1.0))
            {
                throw new IllegalArgumentException("p-value " + i + " is " + pValues[i] + ": give values in [0, 1]");
            }
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((final Integer i) -> pValues[i]));
        return order;
    }
}
