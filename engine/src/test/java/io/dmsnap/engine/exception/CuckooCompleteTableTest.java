package io.dmsnap.engine.exception;

import static io.dmsnap.engine.exception.TableFixtures.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

/**
 * The cuckoo complete table ({@code tables=OFFHEAP_CUCKOO}): the contract of the tables laid out
 * for the cache, and the stash, where a displacement chain that cannot end leaves its last record.
 */
class CuckooCompleteTableTest extends SegmentedTableContract
{
    @Override
    CompleteTable create(final int buckets)
    {
        return new CuckooCompleteTable(buckets);
    }

    @Override
    String name()
    {
        return "cuckoo";
    }

    /**
     * Nine singles whose two buckets are both among the first two of a four-bucket segment: the
     * eight slots there take eight, the ninth ends a displacement chain in the stash. All nine are
     * found and can be removed; the next insert grows the segment and empties the stash.
     */
    @Test
    void aDisplacementThatCannotEndLeavesTheLastRecordInTheStash()
    {
        try (CuckooCompleteTable t = new CuckooCompleteTable(2))
        {
            final int segment = t.bucketOf(0);
            final List<Long> crowded = new ArrayList<>();
            for (long c = 0; crowded.size() < 10; c += 2)
            {
                if (t.bucketOf(c) == segment && CuckooCompleteTable.firstBucket(c, CuckooCompleteTable.FIRST_BUCKETS) < 2
                    && CuckooCompleteTable.secondBucket(c, CuckooCompleteTable.FIRST_BUCKETS) < 2)
                {
                    crowded.add(c);
                }
            }
            assertTrue(t.insert(crowded.get(0), 1_000));
            final long first = t.footprintBytes();   // the segment's first four buckets
            for (int i = 1; i < 9; i++)
            {
                assertTrue(t.insert(crowded.get(i), 1_000 + 10L * i));
            }
            assertEquals(first, t.footprintBytes(), "nine singles fit one four-bucket segment with its stash");
            assertEquals(9, records(t).size());
            for (int i = 0; i < 9; i++)
            {
                assertEquals(1_000 + 10L * i, t.lookup(crowded.get(i)), "single " + i);
                assertEquals(CompleteTable.NOT_FOUND, t.lookup(crowded.get(i) + 1));
            }
            // Remove one and put it back: whichever was in the stash, all nine are found again.
            assertEquals(CompleteTable.REMOVED, t.removeChunk(crowded.get(4)));
            assertEquals(CompleteTable.NOT_FOUND, t.lookup(crowded.get(4)));
            assertTrue(t.insert(crowded.get(4), 1_040));
            assertTrue(t.insert(crowded.get(9), 1_090));
            assertTrue(t.footprintBytes() > first, "a taken stash makes the next insert grow the segment");
            for (int i = 0; i < 10; i++)
            {
                assertEquals(1_000 + 10L * i, t.lookup(crowded.get(i)), "single " + i + " after the growth");
            }
            assertEquals(10, records(t).size());
            // A single in the stash or the buckets is extended into a run alike.
            for (int i = 0; i < 10; i++)
            {
                assertTrue(t.insert(crowded.get(i) + 1, 1_001 + 10L * i));
            }
            assertEquals(10, records(t).size(), "ten runs of two");
            for (int i = 0; i < 10; i++)
            {
                assertEquals(1_001 + 10L * i, t.lookup(crowded.get(i) + 1));
                assertEquals(CompleteTable.REMOVED, t.removeChunk(crowded.get(i)));
                assertEquals(CompleteTable.REMOVED, t.removeChunk(crowded.get(i) + 1));
            }
            assertEquals(0, records(t).size());
        }
    }


    /**
     * Direct memory runs out (the allocator throws as {@code allocateDirect} does at the limit):
     * the insert that needed a larger segment or a longer run list fails, and the table is exactly
     * what the successful inserts made it (the kernel layout fed the same inserts holds the same
     * records). Once memory returns, the failed insert succeeds.
     */
    @Test
    void anInsertThatFindsNoMemoryFailsAndChangesNothing()
    {
        final int[] allocationsLeft = {Integer.MAX_VALUE};
        final IntFunction<ByteBuffer> allocator = bytes ->
        {
            if (allocationsLeft[0]-- <= 0)
            {
                throw new OutOfMemoryError("Direct buffer memory");
            }
            return ByteBuffer.allocateDirect(bytes);
        };
        try (CuckooCompleteTable t = new CuckooCompleteTable(2, allocator);
             OffHeapCompleteTable kernel = new OffHeapCompleteTable(2))
        {
            final SplittableRandom random = new SplittableRandom(21);
            allocationsLeft[0] = 14;
            int failures = 0;
            long failedOld = -1;
            long failedNew = -1;
            long cow = 1;
            for (int i = 0; i < 20_000 && failures < 20; i++)
            {
                // Singles far apart, and pairs whose second insert extends the first into a run.
                final long old = random.nextLong(1L << 20) * 4;
                final boolean pair = random.nextBoolean();
                for (long c = old; c <= (pair ? old + 1 : old); c++)
                {
                    if (t.lookup(c) != CompleteTable.NOT_FOUND)
                    {
                        continue;
                    }
                    if (t.insert(c, cow))
                    {
                        assertTrue(kernel.insert(c, cow));
                    }
                    else
                    {
                        failures++;
                        failedOld = c;
                        failedNew = cow;
                        assertEquals(CompleteTable.NOT_FOUND, t.lookup(c), "a failed insert maps nothing");
                    }
                    cow++;
                }
            }
            assertTrue(failures > 0, "the allocations must run out");
            assertEquals(recordSet(kernel), recordSet(t), "the table is what the successful inserts made it");
            allocationsLeft[0] = Integer.MAX_VALUE;
            assertTrue(t.insert(failedOld, failedNew), "memory is back");
            assertEquals(failedNew, t.lookup(failedOld));
        }
    }

    private static TreeSet<String> recordSet(final CompleteTable table)
    {
        final TreeSet<String> set = new TreeSet<>();
        table.forEachRecord((o, n, k) -> set.add(o + "->" + n + "+" + k));
        return set;
    }
}
