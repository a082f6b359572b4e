package io.dmsnap.engine.exception;

import static io.dmsnap.engine.exception.TableFixtures.records;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random inserts, lookups and removes applied to both complete tables and to a reference map of
 * chunk to COW chunk. Mappings must match the map; the two tables must hold identical records.
 */
class CompleteTableDifferentialTest
{
    private static final int BUCKETS = 64;
    /** Two 256-chunk groups per bucket, so lists hold runs of both. */
    private static final long CHUNK_RANGE = 2L * BUCKETS * 256;
    private static final int OPS = 40_000;

    @ParameterizedTest
    @ValueSource(longs = {1, 0xC0FFEE, 987_654_321})
    @Timeout(20)
    void bothTablesAgreeWithTheReferenceMap(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final TreeMap<Long, Long> model = new TreeMap<>();
        final List<Long> keys = new ArrayList<>();
        int middleRemoves = 0;
        int recordsAtEnd;
        try (CompleteTable offHeap = new OffHeapCompleteTable(BUCKETS);
             CompleteTable heap = new HeapListCompleteTable(BUCKETS))
        {
            long lastOld = 0;
            long nextCow = 1;
            for (int op = 0; op < OPS; op++)
            {
                final int kind = random.nextInt(100);
                if (kind < 50)
                {
                    final long old;
                    final long cow;
                    final int shape = random.nextInt(10);
                    if (shape < 4 && !model.containsKey(lastOld + 1) && lastOld + 1 < CHUNK_RANGE)
                    {
                        old = lastOld + 1;                              // sequential write, in-order allocation
                        cow = model.containsKey(lastOld) ? model.get(lastOld) + 1 : nextCow++;
                    }
                    else if (shape < 6 && lastOld > 0 && !model.containsKey(lastOld - 1))
                    {
                        old = lastOld - 1;                              // descending write
                        cow = model.containsKey(lastOld) && model.get(lastOld) > 0 ? model.get(lastOld) - 1 : nextCow++;
                    }
                    else
                    {
                        old = random.nextLong(CHUNK_RANGE);
                        if (model.containsKey(old))
                        {
                            continue;
                        }
                        cow = nextCow;
                        nextCow += 1 + random.nextInt(3);
                    }
                    assertTrue(offHeap.insert(old, cow));
                    assertTrue(heap.insert(old, cow));
                    model.put(old, cow);
                    keys.add(old);
                    lastOld = old;
                }
                else if (kind < 80)
                {
                    final long c = random.nextLong(CHUNK_RANGE);
                    final long expected = model.getOrDefault(c, CompleteTable.NOT_FOUND);
                    assertEquals(expected, offHeap.lookup(c), "off-heap lookup of " + c);
                    assertEquals(expected, heap.lookup(c), "heap lookup of " + c);
                }
                else
                {
                    final long c = random.nextInt(4) != 0 && !keys.isEmpty()
                        ? keys.get(random.nextInt(keys.size())) : random.nextLong(CHUNK_RANGE);
                    final int result = offHeap.removeChunk(c);
                    assertEquals(result, heap.removeChunk(c), "remove of " + c);
                    if (result == CompleteTable.REMOVED)
                    {
                        assertTrue(model.containsKey(c));
                        model.remove(c);
                    }
                    else if (result == CompleteTable.REMOVE_NOT_FOUND)
                    {
                        assertFalse(model.containsKey(c), "chunk " + c + " is mapped but not found");
                    }
                    else
                    {
                        assertEquals(CompleteTable.REMOVE_FROM_MIDDLE, result);
                        assertInsideARun(model, c);
                        middleRemoves++;
                    }
                }
                if (op % 5_000 == 0)
                {
                    assertSameRecords(offHeap, heap);
                }
            }
            assertSameRecords(offHeap, heap);
            assertRecordsMatchModel(offHeap, model);
            recordsAtEnd = records(offHeap).size();
            for (long c = 0; c < CHUNK_RANGE; c++)
            {
                assertEquals(model.getOrDefault(c, CompleteTable.NOT_FOUND), offHeap.lookup(c));
            }
        }
        assertTrue(recordsAtEnd + 1_000 < model.size(),
            "the workload must exercise combining: " + recordsAtEnd + " records for " + model.size() + " chunks");
        assertTrue(middleRemoves > 10, "the workload must exercise middle removes: " + middleRemoves);
    }

    private static void assertInsideARun(final TreeMap<Long, Long> model, final long c)
    {
        assertTrue(model.containsKey(c));
        assertEquals(model.get(c) - 1, model.get(c - 1), "left neighbour of " + c);
        assertEquals(model.get(c) + 1, model.get(c + 1), "right neighbour of " + c);
        assertEquals((c - 1) >> 8, (c + 1) >> 8, "a run never crosses a group");
    }

    private static void assertSameRecords(final CompleteTable a, final CompleteTable b)
    {
        final List<long[]> ra = records(a);
        final List<long[]> rb = records(b);
        assertEquals(ra.size(), rb.size());
        for (int i = 0; i < ra.size(); i++)
        {
            assertArrayEquals(ra.get(i), rb.get(i), "record " + i);
        }
    }

    /** Records are disjoint, sorted per bucket, inside one group, and cover exactly the model. */
    private static void assertRecordsMatchModel(final CompleteTable table, final TreeMap<Long, Long> model)
    {
        final TreeMap<Long, Long> covered = new TreeMap<>();
        long previousOld = -1;
        int previousBucket = -1;
        for (final long[] r : records(table))
        {
            final long old = r[0];
            final long k = r[2];
            assertTrue(k >= 0 && k <= 255);
            assertEquals(old >> 8, (old + k) >> 8, "record crosses a 256-chunk group");
            final int bucket = table.bucketOf(old);
            if (bucket == previousBucket)
            {
                assertTrue(old > previousOld, "bucket list not sorted");
            }
            previousBucket = bucket;
            previousOld = old;
            for (long i = 0; i <= k; i++)
            {
                assertEquals(null, covered.put(old + i, r[1] + i), "chunk covered twice: " + (old + i));
            }
        }
        assertEquals(model.size(), covered.size());
        for (final Map.Entry<Long, Long> e : model.entrySet())
        {
            assertEquals(e.getValue(), covered.get(e.getKey()), "chunk " + e.getKey());
        }
    }
}
