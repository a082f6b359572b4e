package io.dmsnap.bench.fio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class BlockSequenceTest
{
    private static long[] take(final BlockSequence s, final int n)
    {
        final long[] out = new long[n];
        for (int i = 0; i < n; i++)
        {
            out[i] = s.next();
        }
        return out;
    }

    @Test
    void randomMapTouchesEveryBlockOncePerPass()
    {
        for (final long blocks : new long[] {1, 2, 3, 5, 64, 1000, 4097, 100_003})
        {
            final BlockSequence s = new BlockSequence(BlockSequence.Order.RANDOM_MAP, blocks, 7);
            for (int pass = 0; pass < 3; pass++)
            {
                final BitSet seen = new BitSet();
                for (long i = 0; i < blocks; i++)
                {
                    final long b = s.next();
                    assertTrue(b >= 0 && b < blocks, "out of range " + b);
                    assertFalse(seen.get((int) b), "block " + b + " repeated in pass " + pass + " of " + blocks);
                    seen.set((int) b);
                }
                assertEquals(blocks, seen.cardinality());
                assertEquals(pass + 1, s.passes());
            }
        }
    }

    @Test
    void sameSeedSameOrderOtherSeedOtherOrder()
    {
        final long[] a = take(new BlockSequence(BlockSequence.Order.RANDOM_MAP, 10_000, 42), 10_000);
        final long[] b = take(new BlockSequence(BlockSequence.Order.RANDOM_MAP, 10_000, 42), 10_000);
        final long[] c = take(new BlockSequence(BlockSequence.Order.RANDOM_MAP, 10_000, 43), 10_000);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        final long[] sorted = a.clone();
        Arrays.sort(sorted);
        assertFalse(Arrays.equals(a, sorted), "a random order is not the sequential one");
    }

    @Test
    void secondPassUsesAnotherOrder()
    {
        final BlockSequence s = new BlockSequence(BlockSequence.Order.RANDOM_MAP, 5000, 1);
        assertFalse(Arrays.equals(take(s, 5000), take(s, 5000)));
    }

    @Test
    void sequentialWrapsAndRandomStaysInRange()
    {
        assertArrayEquals(new long[] {0, 1, 2, 0, 1}, take(new BlockSequence(BlockSequence.Order.SEQUENTIAL, 3, 9), 5));
        final BlockSequence r = new BlockSequence(BlockSequence.Order.RANDOM, 77, 5);
        final BitSet seen = new BitSet();
        for (int i = 0; i < 10_000; i++)
        {
            final long b = r.next();
            assertTrue(b >= 0 && b < 77);
            seen.set((int) b);
        }
        assertEquals(77, seen.cardinality());
    }

    @Test
    void nextAllocatesNothing()
    {
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final BlockSequence s = new BlockSequence(BlockSequence.Order.RANDOM_MAP, 1_000_003, 3);
        long sink = 0;
        for (int i = 0; i < 200_000; i++)
        {
            sink += s.next();   // warm up, crossing into a second pass
        }
        final long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 2_000_000; i++)
        {
            sink += s.next();
        }
        final long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sink > 0);
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes for 2M next() calls");
    }
}
