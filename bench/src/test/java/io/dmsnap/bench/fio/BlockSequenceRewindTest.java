package io.dmsnap.bench.fio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class BlockSequenceRewindTest
{
    private static long[] take(final BlockSequence walk, final int n)
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
            final BlockSequence walk = new BlockSequence(BlockSequence.Order.RANDOM_MAP, blocks, 11);
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
        final BlockSequence walk = new BlockSequence(BlockSequence.Order.RANDOM_MAP, 1000, 3);
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
        final BlockSequence walk = new BlockSequence(BlockSequence.Order.RANDOM_MAP, 5000, 42);
        final long[] first = take(walk, 7000);
        walk.rewind();
        assertArrayEquals(first, take(walk, 7000));
        final long[] other = take(new BlockSequence(BlockSequence.Order.RANDOM_MAP, 5000, 43), 7000);
        assertFalse(java.util.Arrays.equals(first, other), "two seeds gave the same order");
    }

    @Test
    void sequentialOrderWrapsAround()
    {
        final BlockSequence walk = new BlockSequence(BlockSequence.Order.SEQUENTIAL, 3, 1);
        assertArrayEquals(new long[] {0, 1, 2, 0, 1, 2, 0}, take(walk, 7));
        walk.rewind();
        assertEquals(0, walk.next());
    }

    @Test
    void anEmptyRegionIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new BlockSequence(BlockSequence.Order.RANDOM_MAP, 0, 1));
    }
}
