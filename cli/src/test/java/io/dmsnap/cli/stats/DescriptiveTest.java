package io.dmsnap.cli.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DescriptiveTest
{
    /** mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, sd = sqrt(32/7); median 4.5, |deviations| median 0.5. */
    private static final double[] TEXTBOOK = {2, 4, 4, 4, 5, 5, 7, 9};

    @Test
    void summaryOfATextbookSample()
    {
        final SampleSummary s = SampleSummary.of(TEXTBOOK);
        assertEquals(8, s.n());
        assertEquals(2.0, s.min());
        assertEquals(9.0, s.max());
        assertEquals(4.5, s.median());
        assertEquals(0.5, s.mad());
        assertEquals(5.0, s.mean());
        assertEquals(Math.sqrt(32.0 / 7.0), s.sd(), 1e-12);
        assertEquals(100.0 * Math.sqrt(32.0 / 7.0) / 5.0, s.cvPercent(), 1e-10);
        assertEquals(100.0 * 1.4826 * 0.5 / 4.5, s.robustCvPercent(), 1e-10);
        assertEquals(s.cvPercent(), Descriptive.cvPercent(TEXTBOOK), 1e-12);
        assertEquals(s.robustCvPercent(), Descriptive.robustCvPercent(TEXTBOOK), 1e-12);
    }

    /**
     * One stalled run moves the classic CV a lot and the robust CV not at all. Steady: mean 100,
     * squared deviations sum to 12, sd = sqrt(12 / 8). Stalled: mean 1201 / 9, sd 99.96.
     */
    @Test
    void theRobustCvIgnoresOneStall()
    {
        final double[] steady = {100, 101, 99, 100, 102, 98, 100, 101, 99};
        final double[] stalled = {100, 101, 99, 100, 102, 98, 100, 101, 400};
        assertEquals(Descriptive.robustCvPercent(steady), Descriptive.robustCvPercent(stalled), 1e-12);
        assertEquals(Math.sqrt(12.0 / 8.0), Descriptive.cvPercent(steady), 1e-12);
        assertEquals(74.911, Descriptive.cvPercent(stalled), 0.001);
    }

    @Test
    void oddAndEvenMedians()
    {
        assertEquals(3.0, Descriptive.median(new double[] {5, 1, 3}));
        assertEquals(2.5, Descriptive.median(new double[] {4, 1, 3, 2}));
        assertEquals(7.0, Descriptive.median(new double[] {7}));
    }

    /** R: quantile(1:10, c(0, 0.25, 0.5, 0.9, 1)) (type 7) gives 1, 3.25, 5.5, 9.1, 10. */
    @Test
    void quantilesFollowRsDefaultDefinition()
    {
        final double[] x = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        assertEquals(1.0, Descriptive.quantile(x, 0.0), 1e-12);
        assertEquals(3.25, Descriptive.quantile(x, 0.25), 1e-12);
        assertEquals(5.5, Descriptive.quantile(x, 0.5), 1e-12);
        assertEquals(9.1, Descriptive.quantile(x, 0.9), 1e-12);
        assertEquals(10.0, Descriptive.quantile(x, 1.0), 1e-12);
        assertEquals("quantile probability 1.5 is out of range: give a value in [0, 1]",
            assertThrows(IllegalArgumentException.class, () -> Descriptive.quantile(x, 1.5)).getMessage());
    }

    @Test
    void oneValueHasNoSpread()
    {
        final SampleSummary s = SampleSummary.of(new double[] {42});
        assertEquals(0.0, s.sd());
        assertEquals(0.0, s.mad());
        assertEquals(0.0, s.cvPercent());
        assertEquals(0.0, s.robustCvPercent());
    }

    @Test
    void spreadAroundZeroHasAnInfiniteCvAndNoSpreadHasNone()
    {
        assertEquals(Double.POSITIVE_INFINITY, Descriptive.cvPercent(new double[] {-1, 1}));
        assertEquals(0.0, Descriptive.cvPercent(new double[] {0, 0, 0}));
        assertEquals(0.0, Descriptive.robustCvPercent(new double[] {0, 0, 0}));
    }

    @Test
    void theArgumentIsNotModified()
    {
        final double[] x = {3, 1, 2};
        SampleSummary.of(x);
        Descriptive.quantile(x, 0.3);
        assertArrayEquals(new double[] {3, 1, 2}, x);
    }

    @Test
    void badSamplesAreRejected()
    {
        assertEquals("sample is empty: give at least 1 value",
            assertThrows(IllegalArgumentException.class, () -> SampleSummary.of(new double[0])).getMessage());
        assertEquals("sample value 2 is NaN: every value must be a finite number",
            assertThrows(IllegalArgumentException.class, () -> Descriptive.median(new double[] {1, 2, Double.NaN}))
                .getMessage());
    }
}
