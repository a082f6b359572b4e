package io.dmsnap.cli.matrix;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignificanceTest
{
    @Test
    void aConsistentDifferenceIsSignificant()
    {
        assertTrue(Significance.significant(new double[] {10.0, 10.2, 9.9, 10.1}, new double[] {12.0, 12.1, 11.8, 12.2}));
    }

    @Test
    void overlappingNoisySidesAreNot()
    {
        assertFalse(Significance.significant(new double[] {17.6, 23.5, 19.5, 14.2, 21.0},
            new double[] {17.1, 20.5, 16.2, 22.4, 18.8}));
    }

    /** One stalled iteration does not decide: with a t-test on means it would dominate the spread. */
    @Test
    void oneOutlierIterationDoesNotMakeADifference()
    {
        assertFalse(Significance.significant(new double[] {5.6, 3.3, 4.0, 5.7, 2.9}, new double[] {3.6, 2.8, 2.5, 3.5, 76.2}));
    }

    /** Reference values (normal approximation, no continuity correction, no ties): U = 0 and U = 6 for 5 + 5. */
    @Test
    void pValueIsTheTwoSidedMannWhitneyUTest()
    {
        assertEquals(0.00902, Significance.pValue(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10}), 0.00005);
        assertEquals(0.17453, Significance.pValue(new double[] {1, 2, 3, 4, 5}, new double[] {2.5, 3.5, 4.5, 6, 7}), 0.00005);
    }

    @Test
    void fewerThanFourSamplesOnASideGiveNoVerdict()
    {
        assertTrue(Double.isNaN(Significance.pValue(new double[] {1, 2, 3}, new double[] {7, 8, 9, 10})));
        assertFalse(Significance.significant(new double[] {1, 2, 3}, new double[] {7, 8, 9}),
            "3 + 3 completely separated: the exact test gives p = 0.1, no verdict");
    }
}
