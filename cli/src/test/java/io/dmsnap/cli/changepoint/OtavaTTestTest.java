package io.dmsnap.cli.changepoint;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** p-values of Otava 0.8's t-test (scipy's pooled test fed population standard deviations). */
class OtavaTTestTest
{
    private static SegmentComparison compare(final double[] left, final double[] right)
    {
        final double[] z = new double[left.length + right.length];
        System.arraycopy(left, 0, z, 0, left.length);
        System.arraycopy(right, 0, z, left.length, right.length);
        return OtavaTTest.compare(z, 0, left.length, z.length);
    }

    private static void assertRelative(final double expected, final double actual)
    {
        assertEquals(expected, actual, Math.abs(expected) * 1e-9, () -> "expected " + expected + ", got " + actual);
    }

    @Test
    void smallerThanTheTextbookTest()
    {
        final double p = compare(new double[] {1, 2, 3}, new double[] {4, 5, 6, 7}).pValue();
        assertRelative(0.006141322461464884, p);
        assertTrue(p < 0.011724811003954639, "the textbook Student test (sample deviations) gives 0.0117");
    }

    @Test
    void identicalSidesGivePOne()
    {
        final double[] side = {1.00, 1.02, 1.05, 0.95, 0.98};
        assertRelative(1.0, compare(side, side).pValue());
    }

    @Test
    void separatedSides()
    {
        assertRelative(8.86790705295725e-06,
            compare(new double[] {1.00, 1.02, 1.05, 0.95, 0.98}, new double[] {0.80, 0.82, 0.85, 0.79, 0.77}).pValue());
    }

    @Test
    void onePointAgainstOneIsNeverSignificant()
    {
        assertEquals(1.0, compare(new double[] {5}, new double[] {7}).pValue());
    }

    @Test
    void onePointAgainstTwoHasOneDegreeOfFreedom()
    {
        assertRelative(0.15292825159926018, compare(new double[] {5}, new double[] {7, 8}).pValue());
    }

    @Test
    void constantSidesAtDifferentLevelsGivePZero()
    {
        assertEquals(0.0, compare(new double[] {1, 1, 1}, new double[] {2, 2}).pValue());
    }

    @Test
    void constantSidesAtTheSameLevelAreUndefined()
    {
        final SegmentComparison same = compare(new double[] {3, 3}, new double[] {3, 3, 3});
        assertTrue(Double.isNaN(same.pValue()));
        assertEquals(1.0, same.rankingPValue(), "the merge step ranks it as the least significant");
    }

    /** Otava's sample CSV, metric2 split at 6: its report's numbers. */
    @Test
    void meansDeviationsAndChanges()
    {
        final SegmentComparison c = compare(new double[] {10.43, 10.23, 10.29, 10.91, 10.34, 10.69},
            new double[] {9.23, 9.11, 9.13, 9.03});
        assertRelative(4.9852621831716505e-06, c.pValue());
        assertRelative(10.481666666666667, c.meanBefore());
        assertRelative(9.125, c.meanAfter());
        assertRelative(0.24141366066475106, c.stdDevBefore());
        assertRelative(0.07123903424387545, c.stdDevAfter());
        assertRelative(-0.12943234218476707, c.forwardChange());
        assertRelative(0.148675799086758, c.magnitude());
    }

    @Test
    void farTailKeepsItsPrecision()
    {
        // 28 points on each side, 0.5 apart with a spread of 0.01: p near 1e-80, not rounded to 0.
        final double[] left = new double[28];
        final double[] right = new double[28];
        for (int i = 0; i < 28; i++)
        {
            left[i] = 1 + (i % 3 - 1) * 0.01;
            right[i] = 1.5 + (i % 3 - 1) * 0.01;
        }
        final double p = compare(left, right).pValue();
        assertTrue(p > 0 && p < 1e-50, "p = " + p);
    }

    @Test
    void aZeroMeanBeforeGivesNoForwardChange()
    {
        final SegmentComparison c = compare(new double[] {0, 0, 0}, new double[] {1.0, 1.12, 0.9});
        assertEquals(0.0, c.forwardChange());
        assertEquals(-1.0, c.backwardChange(), 1e-12);
        assertEquals(1.0, c.magnitude(), 1e-12);
    }

    @Test
    void bothSegmentsMustHoldAPoint()
    {
        assertThrows(IllegalArgumentException.class, () -> OtavaTTest.compare(new double[] {1, 2, 3}, 0, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> OtavaTTest.compare(new double[] {1, 2, 3}, 0, 3, 3));
    }

    /** Pairwise summation (NumPy's order) keeps a constant segment exactly constant: deviation 0, p 0. */
    @Test
    void constantSegmentsAreExactlyConstant()
    {
        final double[] left = new double[27];
        final double[] right = new double[12];
        Arrays.fill(left, 0.0095);
        Arrays.fill(right, 0.009975);
        final SegmentComparison c = compare(left, right);
        assertEquals(0.0095, c.meanBefore());
        assertEquals(0.0, c.stdDevBefore());
        assertEquals(0.0, c.stdDevAfter());
        assertEquals(0.0, c.pValue());
        assertEquals(0.050000000000000044, c.magnitude(), "NumPy's value: just above a 5% minimum");
    }

    @Test
    void pairwiseSumIsAccurate()
    {
        final SplittableRandom random = new SplittableRandom(1);
        for (final int n : new int[] {1, 7, 8, 9, 100, 128, 129, 1000, 5000})
        {
            final double[] z = new double[n];
            BigDecimal exact = BigDecimal.ZERO;
            for (int i = 0; i < n; i++)
            {
                z[i] = random.nextDouble() * 1e6;
                exact = exact.add(new BigDecimal(z[i]));
            }
            final double sum = OtavaTTest.pairwiseSum(z, 0, n, false, 0);
            assertEquals(exact.doubleValue(), sum, exact.doubleValue() * 1e-15, "n = " + n);
        }
    }
}
