package io.dmsnap.engine.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeekCurveTest
{
    private static final long MS = 1_000_000;

    /** The Seagate Constellation read seek: 0.5 ms single track, 8.0 ms average, 17.35 ms full stroke. */
    private final SeekCurve read = SeekCurve.fit(MS / 2, 8 * MS, 17_350_000);

    @Test
    void fitMatchesTheCalibratedConstellationCurve()
    {
        // Fitted independently: x0 = 0.2323, 0.500 + 13.182 sqrt(x) ms below, 3.677 + 13.673 x ms above.
        assertEquals(0.2323, read.x0(), 1e-4);
        assertEquals(500_000 + 13_182_000 * Math.sqrt(0.1), read.seekNanos(0.1), 2_000);
        assertEquals(3_677_000 + 13_673_000 * 0.5, read.seekNanos(0.5), 2_000);
        final SeekCurve write = SeekCurve.fit(700_000, 8_400_000, 17_820_000);
        assertEquals(0.2466, write.x0(), 1e-4);
        assertEquals(700_000 + 13_640_000 * Math.sqrt(0.2), write.seekNanos(0.2), 2_000);
        assertEquals(4_087_000 + 13_733_000 * 0.9, write.seekNanos(0.9), 2_000);
    }

    @Test
    void curveHitsTheDatasheetPoints()
    {
        assertEquals(0, read.seekNanos(0, 1_000_000), "same position: no seek");
        assertEquals(17_350_000, read.seekNanos(1_000_000, 1_000_000), "full stroke");
        assertEquals(17_350_000, read.seekNanos(5_000_000, 1_000_000), "beyond the capacity: a full stroke");
        assertEquals(500_000, read.seekNanos(1, 1L << 40), 200, "one sector on a large disk: about a track-to-track seek");
        assertEquals(8 * MS, read.meanNanos(), 1, "mean over uniform endpoints is the datasheet average");
        assertEquals(read.seekNanos(300, 1000), read.seekNanos(-300, 1000), "direction does not matter");
    }

    @Test
    void continuousAndGrowingWithDistance()
    {
        long previous = 0;
        for (int i = 1; i <= 10_000; i++)
        {
            final long t = read.seekNanos(i / 10_000.0);
            assertTrue(t > previous, "seek grows with distance at " + i);
            assertTrue(t - previous < 60_000 || i == 1, "no jump at " + i + ": " + previous + " -> " + t);
            previous = t;
        }
        final double x0 = read.x0();
        assertEquals(read.seekNanos(x0), read.seekNanos(Math.nextUp(x0)), 1, "the two pieces meet at x0");
    }

    @Test
    void averageAtTheEdgesGivesTheLineAndTheSquareRoot()
    {
        // Mean of t2t + (full - t2t) sqrt(x) is t2t + 8/15 (full - t2t): the pure square root, x0 = 1.
        final long t2t = MS;
        final long full = 16 * MS;
        final SeekCurve sqrt = SeekCurve.fit(t2t, t2t + 8 * 15 * MS / 15 - 1, full);
        assertEquals(1.0, sqrt.x0(), 1e-3);
        assertEquals(t2t + 15 * MS * Math.sqrt(0.25), sqrt.seekNanos(0.25), 20_000);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SeekCurve.fit(t2t, 10 * MS, full));
        assertTrue(e.getMessage().startsWith("seek-avg=10ms is inconsistent with seek-t2t=1ms and seek-full=16ms: "
            + "a seek curve through them averages between 6ms and 9ms"), e.getMessage());
    }
}
