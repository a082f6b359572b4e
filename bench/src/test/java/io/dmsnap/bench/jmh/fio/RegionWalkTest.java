package io.dmsnap.bench.jmh.fio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class RegionWalkTest
{
    private static long[] take(final RegionWalk walk, final int n)
    {
        final long[] blocks = new long[n];
        for (int i = 0; i < n; i++)
        {
            blocks[i] = walk.next();
        }
        return blocks;
    }

    @Test
    void randomOrderVisitsEveryBlockOncePerPass()
    {
        for (final long blocks : new long[] {1, 2, 3, 5, 64, 1000, 4097, 65_537})
        {
            final RegionWalk walk = new RegionWalk(blocks, true, 11);
            for (int pass = 0; pass < 3; pass++)
            {
                final BitSet seen = new BitSet();
                for (long i = 0; i < blocks; i++)
                {
                    final long b = walk.next();
                    assertTrue(b >= 0 && b < blocks, "block " + b + " outside [0, " + blocks + ")");
                    assertFalse(seen.get((int) b), "block " + b + " twice in pass " + pass + " of " + blocks);
                    seen.set((int) b);
                }
                assertEquals(blocks, seen.cardinality());
            }
        }
    }

    @Test
    void randomOrderIsNotSequentialAndPassesDiffer()
    {
        final RegionWalk walk = new RegionWalk(1000, true, 3);
        final long[] first = take(walk, 1000);
        final long[] second = take(walk, 1000);
        int ascending = 0;
        for (int i = 1; i < first.length; i++)
        {
            if (first[i] == first[i - 1] + 1)
            {
                ascending++;
            }
        }
        assertTrue(ascending < 50, "too many consecutive blocks for a random order: " + ascending);
        assertFalse(java.util.Arrays.equals(first, second), "two passes in the same order");
    }

    @Test
    void rewindRepeatsTheSameSequenceAndSeedsDiffer()
    {
        final RegionWalk walk = new RegionWalk(5000, true, 42);
        final long[] first = take(walk, 7000);
        walk.rewind();
        assertArrayEquals(first, take(walk, 7000));
        final long[] other = take(new RegionWalk(5000, true, 43), 7000);
        assertFalse(java.util.Arrays.equals(first, other), "two seeds gave the same order");
    }

    @Test
    void sequentialOrderWrapsAround()
    {
        final RegionWalk walk = new RegionWalk(3, false, 1);
        assertArrayEquals(new long[] {0, 1, 2, 0, 1, 2, 0}, take(walk, 7));
        walk.rewind();
        assertEquals(0, walk.next());
    }

    @Test
    void anEmptyRegionIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new RegionWalk(0, true, 1));
    }
}
