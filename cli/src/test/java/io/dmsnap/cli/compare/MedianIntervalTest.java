package io.dmsnap.cli.compare;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The order-statistic interval of a median against coverages computed by hand from the binomial distribution. */
final class MedianIntervalTest
{
    @Test
    void tenValuesGiveTheSecondAndNinthAt95Percent()
    {
        // P(B <= 1) for B ~ Bin(10, 1/2) is 11/1024, so [x(2), x(9)] covers 1 - 22/1024 = 0.978515625;
        // [x(3), x(8)] covers only 1 - 2 * 56/1024 = 0.890625.
        final MedianInterval ci = MedianInterval.of(new double[] {10, 1, 9, 2, 8, 3, 7, 4, 6, 5}, 0.95);
        assertEquals(2.0, ci.low());
        assertEquals(9.0, ci.high());
        assertEquals(1.0 - 22.0 / 1024.0, ci.coverage(), 1e-12);
        final MedianInterval at89 = MedianInterval.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.89);
        assertEquals(3.0, at89.low());
        assertEquals(8.0, at89.high());
    }

    @Test
    void fiveValuesCannotReach95PercentButSixCan()
    {
        // With 5 values even the extremes cover 1 - 2/32 = 0.9375; with 6, 1 - 2/64 = 0.96875.
        final MedianInterval five = MedianInterval.of(new double[] {1, 2, 3, 4, 5}, 0.95);
        assertFalse(five.bounded());
        assertEquals(Double.NEGATIVE_INFINITY, five.low());
        final MedianInterval six = MedianInterval.of(new double[] {6, 5, 4, 3, 2, 1}, 0.95);
        assertTrue(six.bounded());
        assertEquals(1.0, six.low());
        assertEquals(6.0, six.high());
        assertEquals(0.96875, six.coverage(), 1e-12);
        assertTrue(MedianInterval.of(new double[] {1, 2, 3, 4, 5}, 0.9).bounded());
    }

    @Test
    void theInputIsNotChangedAndBadArgumentsAreRefused()
    {
        final double[] values = {3, 1, 2, 5, 4, 6, 0};
        MedianInterval.of(values, 0.95);
        assertEquals(3.0, values[0]);
        assertThrows(IllegalArgumentException.class, () -> MedianInterval.of(new double[0], 0.95));
        assertThrows(IllegalArgumentException.class, () -> MedianInterval.of(values, 1.0));
    }
}
