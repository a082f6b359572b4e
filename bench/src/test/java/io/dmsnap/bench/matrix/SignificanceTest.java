package io.dmsnap.bench.matrix;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignificanceTest
{
    @Test
    void aConsistentDifferenceIsSignificant()
    {
        assertTrue(Significance.significant(new double[] {10.0, 10.2, 9.9}, new double[] {12.0, 12.1, 11.8}));
    }

    @Test
    void overlappingNoisySidesAreNot()
    {
        assertFalse(Significance.significant(new double[] {17.6, 23.5, 19.5}, new double[] {17.1, 20.5, 16.2}));
    }

    /** Reference value: Welch's t = -2.449, df = 4 for these samples, two-sided p = 0.0705. */
    @Test
    void pValueIsWelchsTwoSidedTest()
    {
        assertEquals(0.0705, Significance.pValue(new double[] {1, 2, 3}, new double[] {3, 4, 5}), 0.0005);
    }

    @Test
    void tooFewSamplesGiveNoAnswerAndConstantSidesCompareByValue()
    {
        assertTrue(Double.isNaN(Significance.pValue(new double[] {1}, new double[] {2, 3})));
        assertFalse(Significance.significant(new double[] {1}, new double[] {2, 3}));
        assertEquals(1.0, Significance.pValue(new double[] {5, 5}, new double[] {5, 5, 5}));
        assertEquals(0.0, Significance.pValue(new double[] {5, 5}, new double[] {6, 6}));
    }
}
