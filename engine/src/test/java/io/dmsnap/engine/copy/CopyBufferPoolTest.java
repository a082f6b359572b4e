package io.dmsnap.engine.copy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class CopyBufferPoolTest
{
    private static final int PAGE = CopyBufferPool.PAGE_SIZE;

    @Test
    void requestsRoundUpToPowerOfTwoPages()
    {
        assertEquals(0, CopyBufferPool.order(1));
        assertEquals(0, CopyBufferPool.order(PAGE));
        assertEquals(1, CopyBufferPool.order(PAGE + 1));
        assertEquals(2, CopyBufferPool.order(3 * PAGE));
        assertEquals(512 << 10, CopyBufferPool.blockBytes(512 << 10));
        assertEquals(8 * PAGE, CopyBufferPool.blockBytes(5 * PAGE));
    }

    @Test
    void neverHandsOutMoreThanItsCapacityAndBuffersDoNotOverlap()
    {
        final CopyBufferPool pool = new CopyBufferPool(64 * PAGE, 8 * PAGE);
        final BitSet used = new BitSet();
        final List<int[]> live = new ArrayList<>();
        final Random random = new Random(42);
        for (int step = 0; step < 5000; step++)
        {
            if (live.isEmpty() || random.nextBoolean())
            {
                final int bytes = 1 + random.nextInt(8 * PAGE);
                final int offset = pool.allocate(bytes);
                if (offset == CopyBufferPool.NO_BUFFER)
                {
                    continue;
                }
                final int blockPages = (int) (CopyBufferPool.blockBytes(bytes) / PAGE);
                final int first = offset / PAGE;
                assertEquals(0, first % blockPages, "blocks are aligned to their size");
                assertTrue(used.get(first, first + blockPages).isEmpty(), "overlapping buffers at page " + first);
                used.set(first, first + blockPages);
                live.add(new int[] {offset, bytes});
            }
            else
            {
                final int[] b = live.remove(random.nextInt(live.size()));
                pool.free(b[0], b[1]);
                final int blockPages = (int) (CopyBufferPool.blockBytes(b[1]) / PAGE);
                used.clear(b[0] / PAGE, b[0] / PAGE + blockPages);
            }
            assertEquals((long) used.cardinality() * PAGE, pool.bytesInUse());
            assertTrue(pool.bytesInUse() <= pool.capacityBytes());
        }
        for (final int[] b : live)
        {
            pool.free(b[0], b[1]);
        }
        assertEquals(0, pool.bytesInUse());
        for (int i = 0; i < 8; i++)
        {
            assertNotEquals(CopyBufferPool.NO_BUFFER, pool.allocate(8 * PAGE), "freed buddies merge back");
        }
        assertEquals(CopyBufferPool.NO_BUFFER, pool.allocate(1));
    }

    @Test
    void capacityThatIsNotAPowerOfTwoIsFullyUsable()
    {
        final CopyBufferPool pool = new CopyBufferPool(11 * PAGE + 100, 4 * PAGE);
        assertEquals(11L * PAGE, pool.capacityBytes());
        int pages = 0;
        while (pool.allocate(PAGE) != CopyBufferPool.NO_BUFFER)
        {
            pages++;
        }
        assertEquals(11, pages);
        assertEquals(11L * PAGE, pool.bytesInUse());
    }

    @Test
    void refusesAPoolSmallerThanOneLargestBuffer()
    {
        assertThrows(IllegalArgumentException.class, () -> new CopyBufferPool(3 * PAGE, 4 * PAGE));
        final CopyBufferPool pool = new CopyBufferPool(4 * PAGE, 4 * PAGE);
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(4 * PAGE + 1));
        assertFalse(pool.allocate(4 * PAGE) == CopyBufferPool.NO_BUFFER);
    }
}
