package io.dmsnap.cli.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankTestsTest
{
    /** R: wilcox.test(1:5, 6:10) gives W = 0, p-value = 0.007937 (= 2 / C(10, 5), both tails of complete separation). */
    @Test
    void completelySeparatedSamplesGiveTheExactSmallestP()
    {
        final MannWhitneyResult r = RankTests.mannWhitney(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10});
        assertEquals(2.0 / 252.0, r.pValue(), 1e-15);
        assertEquals(25.0, r.u(), "every candidate value beats every base value");
        assertEquals(MannWhitneyResult.Method.EXACT, r.method());
        assertFalse(r.ties());
    }

    /**
     * The two-sample example of R's ?wilcox.test (Hollander and Wolfe 1973, p. 69: permeability
     * constants at term, x, and at 12 to 26 weeks, y): {@code wilcox.test(x, y, alternative = "g")}
     * prints W = 35, p-value = 0.1272, exact. The two-sided exact p-value is twice that.
     */
    @Test
    void matchesTheExampleOfRsWilcoxTest()
    {
        final double[] x = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
        final double[] y = {1.15, 0.88, 0.90, 0.74, 1.21};
        final MannWhitneyResult r = RankTests.mannWhitney(y, x);
        assertEquals(35.0, r.u());
        assertEquals(0.2544, r.pValue(), 0.00005);
        assertEquals(MannWhitneyResult.Method.EXACT, r.method());
    }

    /**
     * Ties force the normal approximation. By hand: pooled ranks 1 | 3 3 3 | 5.5 5.5 | 7.5 7.5 | 9 | 10,
     * candidate rank sum 35, U = 35 - 15 = 20, E[U] = 12.5, tie term sum(t^3 - t) = 24 + 6 + 6 = 36,
     * Var[U] = (25 / 12)(11 - 36 / 90) = 22.0833, z = (20 - 12.5 - 0.5) / 4.69929 = 1.48959,
     * p = erfc(z / sqrt 2) = 0.136333 (as R's wilcox.test(c(2,3,4,5,6), c(1,2,2,3,4)) with correct = TRUE).
     */
    @Test
    void tiesUseTheNormalApproximationWithTieAndContinuityCorrection()
    {
        final MannWhitneyResult r = RankTests.mannWhitney(new double[] {1, 2, 2, 3, 4}, new double[] {2, 3, 4, 5, 6});
        assertEquals(20.0, r.u());
        assertEquals(0.136333, r.pValue(), 0.000001);
        assertEquals(MannWhitneyResult.Method.NORMAL_APPROXIMATION, r.method());
        assertTrue(r.ties());
    }

    @Test
    void fiftyValuesOnASideUseTheNormalApproximation()
    {
        final double[] base = new double[50];
        final double[] candidate = new double[50];
        for (int i = 0; i < 50; i++)
        {
            base[i] = 2 * i;
            candidate[i] = 2 * i + 1;
        }
        assertEquals(MannWhitneyResult.Method.NORMAL_APPROXIMATION, RankTests.mannWhitney(base, candidate).method());
        assertEquals(MannWhitneyResult.Method.EXACT,
            RankTests.mannWhitney(Arrays.copyOf(base, 49), Arrays.copyOf(candidate, 49)).method());
    }

    /**
     * Published critical values of U for a two-tailed test at 0.05, n1 = n2 (tables of the
     * Mann-Whitney U test, e.g. Siegel and Castellan, Nonparametric Statistics, table J): the test
     * rejects at U = critical value and not one above it.
     */
    @ParameterizedTest
    @CsvSource({"5,2", "6,5", "7,8", "8,13", "9,17", "10,23", "11,30", "12,37", "13,45", "14,55", "15,64", "16,75",
        "17,87", "18,99", "19,113", "20,127"})
    void agreesWithThePublishedCriticalValues(final int n, final int critical)
    {
        final double[][] atCritical = TestSamples.withCandidateU(n, n, critical);
        final double[][] above = TestSamples.withCandidateU(n, n, critical + 1);
        final MannWhitneyResult rejects = RankTests.mannWhitney(atCritical[0], atCritical[1]);
        assertEquals(critical, rejects.u());
        assertTrue(rejects.pValue() <= 0.05, "U = " + critical + " gives p = " + rejects.pValue());
        assertTrue(RankTests.mannWhitney(above[0], above[1]).pValue() > 0.05);
    }

    /** The exact p-values against a brute-force permutation count over all C(9, 4) = 126 splits. */
    @Test
    void exactPValuesMatchAPermutationCount()
    {
        final double[][][] cases = {
            {{1.2, 3.4, 0.7, 5.5}, {2.2, 4.1, 6.3, 7.0, 5.9}},
            {{1.0, 2.0, 3.0, 4.0}, {1.5, 2.5, 3.5, 4.5, 5.5}},
            {{9.0, 2.0, 7.0, 4.0}, {1.0, 3.0, 5.0, 6.0, 8.0}},
            {{10.0, 11.0, 12.0, 13.0}, {1.0, 2.0, 3.0, 4.0, 5.0}},
        };
        for (final double[][] c : cases)
        {
            final PermutationOracle oracle = new PermutationOracle(c[0], c[1]);
            assertEquals(oracle.mannWhitneyP(), RankTests.mannWhitney(c[0], c[1]).pValue(), 1e-12, Arrays.deepToString(c));
            assertEquals(oracle.kolmogorovSmirnovP(), RankTests.kolmogorovSmirnov(c[0], c[1]).pValue(), 1e-12,
                Arrays.deepToString(c));
        }
    }

    /** R: ks.test(1:3, 4:6) gives D = 1, p-value = 0.1 (2 of the C(6, 3) = 20 splits are completely separated). */
    @Test
    void kolmogorovSmirnovOfSeparatedSamples()
    {
        final KolmogorovSmirnovResult r = RankTests.kolmogorovSmirnov(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        assertEquals(1.0, r.d());
        assertEquals(0.1, r.pValue(), 1e-12);
        assertTrue(r.exact());
        assertFalse(r.significantTies());
    }

    /**
     * Same median, but the candidate splits into a slow and a fast mode: U sees no shift at all
     * (U = nm / 2 exactly, p = 1), KS sees D = 0.5 (p about 0.01 for 20 + 20), and the combined
     * test takes KS's p.
     */
    @Test
    void theCombinedTestCatchesAChangeOfShapeThatUMisses()
    {
        final double[] base = new double[20];
        final double[] candidate = new double[20];
        for (int i = 0; i < 20; i++)
        {
            base[i] = 100.0 + (i - 9.5) * 0.1;
            candidate[i] = i < 10 ? 90.0 + i * 0.1 : 110.0 - (i - 10) * 0.1;
        }
        final CombinedRankTest r = RankTests.combined(base, candidate);
        assertEquals(200.0, r.mannWhitney().u());
        assertEquals(1.0, r.mannWhitney().pValue());
        final KolmogorovSmirnovResult ks = r.kolmogorovSmirnov().orElseThrow();
        assertEquals(0.5, ks.d(), 1e-12);
        assertTrue(ks.pValue() < 0.05, "KS: " + ks);
        assertEquals(ks.pValue(), r.pValue());
        assertEquals("Kolmogorov-Smirnov", r.decidingTest());
    }

    @Test
    void theCombinedPIsTheSmallerOfTheTwo()
    {
        final double[] base = {1.2, 3.4, 0.7, 5.5, 2.9};
        final double[] candidate = {2.2, 4.1, 6.3, 7.0, 5.9};
        final CombinedRankTest r = RankTests.combined(base, candidate);
        assertEquals(Math.min(RankTests.mannWhitney(base, candidate).pValue(),
            RankTests.kolmogorovSmirnov(base, candidate).pValue()), r.pValue());
        assertEquals(RankTests.mannWhitney(base, candidate), r.mannWhitney());
    }

    @Test
    void oneValueOnASideLeavesTheDecisionToTheUTest()
    {
        final CombinedRankTest r = RankTests.combined(new double[] {5}, new double[] {1, 2, 3, 4});
        assertTrue(r.kolmogorovSmirnov().isEmpty());
        assertEquals(0.4, r.pValue(), 1e-12, "base above all 4: 2 of the 5 positions are as extreme");
        assertEquals("Mann-Whitney U", r.decidingTest());
        assertEquals(1.0, RankTests.combined(new double[] {5}, new double[] {7}).pValue(), 1e-12);
    }

    /** R prints NaN for wilcox.test(c(3,3,3), c(3,3)): the variance of U is 0. Here: p = 1, no evidence of a difference. */
    @Test
    void allEqualSamplesShowNoDifference()
    {
        final double[] base = {3, 3, 3};
        final double[] candidate = {3, 3};
        assertEquals(1.0, RankTests.mannWhitney(base, candidate).pValue());
        assertEquals(1.0, RankTests.kolmogorovSmirnov(base, candidate).pValue());
        assertEquals(1.0, RankTests.combined(base, candidate).pValue());
    }

    @Test
    void theSamplesAreNotModified()
    {
        final double[] base = {5, 1, 4, 2};
        final double[] candidate = {9, 3, 8, 6};
        RankTests.combined(base, candidate);
        assertArrayEquals(new double[] {5, 1, 4, 2}, base);
        assertArrayEquals(new double[] {9, 3, 8, 6}, candidate);
    }

    @Test
    void badSamplesAreRejectedWithTheProblemNamed()
    {
        assertEquals("base sample is empty: give at least 1 value",
            assertThrows(IllegalArgumentException.class, () -> RankTests.mannWhitney(new double[0], new double[] {1}))
                .getMessage());
        assertEquals("candidate sample value 1 is NaN: every value must be a finite number",
            assertThrows(IllegalArgumentException.class,
                () -> RankTests.combined(new double[] {1, 2}, new double[] {1, Double.NaN})).getMessage());
        assertEquals("base sample value 0 is Infinity: every value must be a finite number",
            assertThrows(IllegalArgumentException.class,
                () -> RankTests.mannWhitney(new double[] {Double.POSITIVE_INFINITY}, new double[] {1})).getMessage());
        assertEquals("candidate sample has 1 value: give at least 2",
            assertThrows(IllegalArgumentException.class,
                () -> RankTests.kolmogorovSmirnov(new double[] {1, 2}, new double[] {3})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RankTests.combined(null, new double[] {1}));
    }

    /** Counts, over every split of the pooled (distinct) values into sides of the original sizes, how many are as extreme. */
    private static final class PermutationOracle
    {
        private final double[] pooled;
        private final int n;
        private final int m;
        private final long observedU;
        private final long observedD;

        PermutationOracle(final double[] base, final double[] candidate)
        {
            n = base.length;
            m = candidate.length;
            pooled = new double[n + m];
            System.arraycopy(base, 0, pooled, 0, n);
            System.arraycopy(candidate, 0, pooled, n, m);
            final int observed = (1 << n) - 1;
            observedU = twiceCenteredU(observed);
            observedD = scaledD(observed);
        }

        double mannWhitneyP()
        {
            return fraction(true);
        }

        double kolmogorovSmirnovP()
        {
            return fraction(false);
        }

        private double fraction(final boolean u)
        {
            int extreme = 0;
            int total = 0;
            for (int mask = 0; mask < 1 << (n + m); mask++)
            {
                if (Integer.bitCount(mask) == n)
                {
                    total++;
                    if (u ? twiceCenteredU(mask) >= observedU : scaledD(mask) >= observedD)
                    {
                        extreme++;
                    }
                }
            }
            return (double) extreme / total;
        }

        /** |2U - nm| for the split whose base is the bit set of {@code mask}. */
        private long twiceCenteredU(final int mask)
        {
            long u = 0;
            for (int i = 0; i < n + m; i++)
            {
                for (int j = 0; j < n + m; j++)
                {
                    if ((mask >> i & 1) == 1 && (mask >> j & 1) == 0 && pooled[j] > pooled[i])
                    {
                        u++;
                    }
                }
            }
            return Math.abs(2 * u - (long) n * m);
        }

        /** n m D: the largest |m #base(<= t) - n #candidate(<= t)| over the pooled values t. */
        private long scaledD(final int mask)
        {
            long d = 0;
            for (final double t : pooled)
            {
                long b = 0;
                long c = 0;
                for (int i = 0; i < n + m; i++)
                {
                    if (pooled[i] <= t)
                    {
                        if ((mask >> i & 1) == 1)
                        {
                            b++;
                        }
                        else
                        {
                            c++;
                        }
                    }
                }
                d = Math.max(d, Math.abs(m * b - n * c));
            }
            return d;
        }
    }
}
