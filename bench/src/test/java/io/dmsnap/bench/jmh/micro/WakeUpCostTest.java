package io.dmsnap.bench.jmh.micro;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class WakeUpCostTest
{
    @Test
    void everyRoundGivesOnePositiveSampleOfEachKind() throws Exception
    {
        final WakeUpCost.Samples s = WakeUpCost.measure(200);
        for (final long[] samples : List.of(s.spinRoundTrip(), s.unparkParked(), s.wakeToRun()))
        {
            assertEquals(200, samples.length);
            for (final long ns : samples)
            {
                assertTrue(ns >= 0, "negative duration " + ns);
            }
        }
        // A wake-up needs the partner to be scheduled again: it cannot be cheaper than nothing at all.
        assertTrue(sum(s.wakeToRun()) > 0, "no wake-up took any time");
    }

    @Test
    void linesShowPercentilesAndMean()
    {
        final String line = WakeUpCost.line("x", new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        final List<String> words = List.of(line.trim().split("[\\s/]+"));
        assertEquals(List.of("x", "6", "10", "10", "6"), words);
    }

    @Test
    void roundsMustBePositive()
    {
        assertThrows(IllegalArgumentException.class, () -> WakeUpCost.measure(0));
    }

    private static long sum(final long[] values)
    {
        long s = 0;
        for (final long v : values)
        {
            s += v;
        }
        return s;
    }
}
