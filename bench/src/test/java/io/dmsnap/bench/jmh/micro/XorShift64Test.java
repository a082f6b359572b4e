package io.dmsnap.bench.jmh.micro;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class XorShift64Test
{
    @Test
    void sameSeedSameSequenceAndNeverZero()
    {
        final XorShift64 a = new XorShift64(42);
        final XorShift64 b = new XorShift64(42);
        for (int i = 0; i < 10_000; i++)
        {
            final long x = a.next();
            assertEquals(x, b.next());
            assertNotEquals(0L, x);
        }
    }

    @Test
    void zeroSeedStillProducesValues()
    {
        final XorShift64 r = new XorShift64(0);
        final Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++)
        {
            seen.add(r.next());
        }
        assertEquals(1000, seen.size());
    }

    @Test
    void threadGeneratorsDiffer()
    {
        assertNotEquals(XorShift64.forNextThread().next(), XorShift64.forNextThread().next());
    }

    @Test
    void nextBitsStaysInRangeAndCoversIt()
    {
        final XorShift64 r = new XorShift64(7);
        final int[] counts = new int[16];
        for (int i = 0; i < 16_000; i++)
        {
            final long v = r.nextBits(4);
            assertTrue(v >= 0 && v < 16, "value " + v);
            counts[(int) v]++;
        }
        for (final int c : counts)
        {
            assertTrue(c > 800 && c < 1200, "bucket count " + c);   // 1000 expected per value
        }
    }
}
