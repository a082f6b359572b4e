package io.dmsnap.cli.changepoint;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The q̂ search against values computed by Apache Otava 0.8 (its candidate search, alpha = 1) and
 * against the definition evaluated directly.
 */
class EnergySplitTest
{
    /** The 14-point series of Otava's change_point_divisive_test.py. */
    static final double[] SEQUENCE = {0.3, 2.4, 1.5, -0.9, -0.5, 99.7, 98.3, 99.1, 149.0, 149.7, 149.5, 149.1, 148.8, 150.0};

    private static EnergySplit best(final double... z)
    {
        final EnergySplit split = new EnergySplit(z.length);
        split.search(z, 0, z.length);
        return split;
    }

    private static void assertBest(final int tau, final int kappa, final double q, final double... z)
    {
        final EnergySplit split = best(z);
        assertEquals(tau, split.tau(), "tau");
        assertEquals(kappa, split.kappa(), "kappa");
        assertEquals(q, split.q(), 1e-9 * Math.max(1, Math.abs(q)), "q");
    }

    @Test
    void twoLevelsSplitBetweenThem()
    {
        // n = m = 2: cross 36, so 2/4 * 36 - 1 * withinX(1) - 1 * withinY(1) = 16
        assertBest(2, 4, 16.0, 1, 2, 10, 11);
    }

    @Test
    void theRightEndIsSearchedToo()
    {
        // With kappa fixed at the end (Hunter) tau 3 and 6 tie at 8; searching kappa isolates the block: 30.
        assertBest(3, 6, 30.0, 0, 0, 0, 10, 10, 10, 0, 0, 0);
    }

    @Test
    void aSinglePointCanBeIsolated()
    {
        assertBest(5, 6, 8.5, 3, 1, 4, 1, 5, 9, 2, 6);
    }

    @Test
    void aConstantIntervalGivesTheFirstSplitWithZero()
    {
        assertBest(1, 2, 0.0, 5, 5, 5, 5);
    }

    @Test
    void twoPoints()
    {
        assertBest(1, 2, 1.0, 1, 2);
    }

    @Test
    void otavasSequence()
    {
        assertBest(5, 14, 761.2821428571428, SEQUENCE);
    }

    /** Otava's per-tau maxima for SEQUENCE (each reached at kappa = 14). */
    @Test
    void bestOverKappaForEachSplit()
    {
        final double[] expected = {103.219048, 218.418182, 362.34, 538.904762, 761.282143, 627.916735, 575.738095,
            581.795918, 424.721429, 301.273016, 202.811429, 122.522078, 58.059524};
        final EnergySplit split = new EnergySplit(SEQUENCE.length);
        for (int tau = 1; tau <= 13; tau++)
        {
            split.searchAt(SEQUENCE, 0, tau, SEQUENCE.length);
            assertEquals(tau, split.tau());
            assertEquals(14, split.kappa());
            assertEquals(expected[tau - 1], split.q(), 1e-6, "tau " + tau);
        }
    }

    /** A sub-interval is searched on its own: the split is reported in series indices. */
    @Test
    void subIntervalsUseSeriesIndices()
    {
        final EnergySplit split = new EnergySplit(SEQUENCE.length);
        split.search(SEQUENCE, 5, 14);
        assertEquals(8, split.tau());
        assertEquals(14, split.kappa());
        assertEquals(198.26666666666662, split.q(), 1e-9);
    }

    /** The incremental sums against the definition (every pair summed afresh), on random and tied data. */
    @Test
    void matchesTheDefinition()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final EnergySplit split = new EnergySplit(40);
        for (int round = 0; round < 200; round++)
        {
            final int n = 2 + random.nextInt(39);
            final double[] z = new double[n];
            for (int i = 0; i < n; i++)
            {
                z[i] = round % 2 == 0 ? random.nextGaussian() * 10 : random.nextInt(4);   // odd rounds: many ties
            }
            int bestTau = -1;
            int bestKappa = -1;
            double bestQ = 0;
            for (int tau = 1; tau < n; tau++)
            {
                for (int kappa = tau + 1; kappa <= n; kappa++)
                {
                    final double q = definition(z, 0, tau, kappa);
                    if (bestTau < 0 || q > bestQ + 1e-9)
                    {
                        bestTau = tau;
                        bestKappa = kappa;
                        bestQ = q;
                    }
                }
            }
            split.search(z, 0, n);
            assertEquals(bestQ, split.q(), 1e-9 * Math.max(1, Math.abs(bestQ)), "q of round " + round);
            assertEquals(bestQ, definition(z, 0, split.tau(), split.kappa()), 1e-9 * Math.max(1, Math.abs(bestQ)),
                "the reported split has the reported q, round " + round);
            if (round % 2 == 0)
            {
                assertEquals(bestTau, split.tau(), "tau of round " + round);
                assertEquals(bestKappa, split.kappa(), "kappa of round " + round);
            }
        }
    }

    @Test
    void refusesIntervalsItCannotSplit()
    {
        final EnergySplit split = new EnergySplit(4);
        assertThrows(IllegalArgumentException.class, () -> split.search(new double[] {1}, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> split.search(new double[5], 0, 5));
        assertThrows(IllegalArgumentException.class, () -> split.searchAt(new double[4], 0, 0, 4));
    }

    /** q̂ of X = z[s..tau-1], Y = z[tau..kappa-1], straight from Matteson and James's definition. */
    static double definition(final double[] z, final int s, final int tau, final int kappa)
    {
        final int n = tau - s;
        final int m = kappa - tau;
        double cross = 0;
        for (int i = s; i < tau; i++)
        {
            for (int j = tau; j < kappa; j++)
            {
                cross += Math.abs(z[i] - z[j]);
            }
        }
        double withinX = 0;
        for (int i = s; i < tau; i++)
        {
            for (int k = i + 1; k < tau; k++)
            {
                withinX += Math.abs(z[i] - z[k]);
            }
        }
        double withinY = 0;
        for (int j = tau; j < kappa; j++)
        {
            for (int k = j + 1; k < kappa; k++)
            {
                withinY += Math.abs(z[j] - z[k]);
            }
        }
        final double e = 2 * cross / (n * (double) m) - (n >= 2 ? withinX / (n * (n - 1) / 2.0) : 0)
            - (m >= 2 ? withinY / (m * (m - 1) / 2.0) : 0);
        return n * (double) m / (n + m) * e;
    }
}
