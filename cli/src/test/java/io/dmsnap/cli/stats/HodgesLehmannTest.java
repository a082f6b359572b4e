package io.dmsnap.cli.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HodgesLehmannTest
{
    /**
     * By hand: the differences candidate - base of {1, 2, 3} and {2, 4, 6} are 1 0 -1 | 3 2 1 | 5 4 3,
     * sorted -1 0 1 1 2 3 3 4 5, median 2; the base median is 2, so 100%.
     */
    @Test
    void medianOfThePairwiseDifferences()
    {
        final HodgesLehmann hl = HodgesLehmann.of(new double[] {1, 2, 3}, new double[] {2, 4, 6});
        assertEquals(2.0, hl.shift());
        assertEquals(100.0, hl.percentOfBaseMedian());
    }

    /** An even number of differences: {10, 20} and {11, 25} give -9 1 5 15, median 3; base median 15, so 20%. */
    @Test
    void evenNumberOfDifferences()
    {
        final HodgesLehmann hl = HodgesLehmann.of(new double[] {10, 20}, new double[] {11, 25});
        assertEquals(3.0, hl.shift());
        assertEquals(20.0, hl.percentOfBaseMedian(), 1e-12);
    }

    @Test
    void aPureShiftIsRecoveredAndAWildValueDoesNotMoveIt()
    {
        final double[] base = {100, 103, 98, 101, 99, 102, 97};
        final double[] candidate = new double[base.length];
        for (int i = 0; i < base.length; i++)
        {
            candidate[i] = base[i] + 5;
        }
        assertEquals(5.0, HodgesLehmann.of(base, candidate).shift(), 1e-12);
        candidate[0] = 10_000;
        assertEquals(5.0, HodgesLehmann.of(base, candidate).shift(), 1.0);
    }

    @Test
    void singleValuesAndNegativeShifts()
    {
        final HodgesLehmann hl = HodgesLehmann.of(new double[] {50}, new double[] {40});
        assertEquals(-10.0, hl.shift());
        assertEquals(-20.0, hl.percentOfBaseMedian(), 1e-12);
    }

    @Test
    void badSamplesAreRejected()
    {
        assertEquals("base sample is empty: give at least 1 value",
            assertThrows(IllegalArgumentException.class, () -> HodgesLehmann.of(new double[0], new double[] {1})).getMessage());
        assertEquals("base median is 0.0: the shift as a percent needs a positive base median",
            assertThrows(IllegalArgumentException.class, () -> HodgesLehmann.of(new double[] {0, 0, 1}, new double[] {1}))
                .getMessage());
        assertEquals("candidate sample value 0 is -Infinity: every value must be a finite number",
            assertThrows(IllegalArgumentException.class,
                () -> HodgesLehmann.of(new double[] {1}, new double[] {Double.NEGATIVE_INFINITY})).getMessage());
    }
}
