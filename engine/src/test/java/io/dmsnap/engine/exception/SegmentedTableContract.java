package io.dmsnap.engine.exception;

import static io.dmsnap.engine.exception.TableFixtures.lockedInsert;
import static io.dmsnap.engine.exception.TableFixtures.lockedLookup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What every complete table laid out for the cache ({@link GroupSegments}: open addressing,
 * table) must do: give the kernel-layout table's answers (the same lookups, the same removal
 * results and the same set of records, so the same runs) for random sequences of inserts, lookups
 * and removals that build consecutive runs in both directions; keep every record through its
 * growths; stay under 20 bytes a record; lose nothing under concurrent segment locks; allocate
 * nothing when warm. A subclass names the kind.
 */
abstract class SegmentedTableContract
{
    /** A table of the kind under test, sized for {@code buckets} kernel buckets. */
    abstract CompleteTable create(int buckets);

    /** Its number of segments (bucket locks). */
    private static int segmentCount(final CompleteTable table)
    {
        return ((SegmentedCompleteTable) table).segmentCount();
    }

    /** Its name in failure messages. */
    abstract String name();

    /**
     * Differential run against {@link OffHeapCompleteTable}. Few segments (2 buckets) force crowded
     * segments and many growths; many segments spread the groups.
     */
    @ParameterizedTest
    @CsvSource({"2, 1", "64, 2", "64, 3", "4096, 4", "16384, 5"})
    @Timeout(60)
    void sameAnswersAsTheKernelLayoutForRandomInsertLookupRemove(final int buckets, final long seed)
    {
        final long range = 64L * 256;
        final SplittableRandom random = new SplittableRandom(seed);
        final TreeMap<Long, Long> model = new TreeMap<>();
        final List<Long> keys = new ArrayList<>();
        int middleRemoves = 0;
        try (OffHeapCompleteTable kernel = new OffHeapCompleteTable(buckets);
             CompleteTable table = create(buckets))
        {
            long lastOld = 0;
            long nextCow = 1;
            for (int op = 0; op < 60_000; op++)
            {
                final int kind = random.nextInt(100);
                if (kind < 50)
                {
                    final long old;
                    final long cow;
                    final int shape = random.nextInt(10);
                    if (shape < 4 && !model.containsKey(lastOld + 1) && lastOld + 1 < range)
                    {
                        old = lastOld + 1;
                        cow = model.containsKey(lastOld) ? model.get(lastOld) + 1 : nextCow++;
                    }
                    else if (shape < 6 && lastOld > 0 && !model.containsKey(lastOld - 1))
                    {
                        old = lastOld - 1;
                        cow = model.containsKey(lastOld) && model.get(lastOld) > 0 ? model.get(lastOld) - 1 : nextCow++;
                    }
                    else
                    {
                        old = random.nextLong(range);
                        if (model.containsKey(old))
                        {
                            continue;
                        }
                        cow = nextCow;
                        nextCow += 1 + random.nextInt(3);
                    }
                    assertTrue(kernel.insert(old, cow));
                    assertTrue(table.insert(old, cow));
                    model.put(old, cow);
                    keys.add(old);
                    lastOld = old;
                }
                else if (kind < 80)
                {
                    final long c = random.nextLong(range);
                    final long expected = model.getOrDefault(c, CompleteTable.NOT_FOUND);
                    assertEquals(expected, kernel.lookup(c), "kernel layout lookup of " + c);
                    assertEquals(expected, table.lookup(c), name() + " lookup of " + c);
                }
                else
                {
                    final long c = random.nextInt(4) != 0 && !keys.isEmpty()
                        ? keys.get(random.nextInt(keys.size())) : random.nextLong(range);
                    final int result = kernel.removeChunk(c);
                    assertEquals(result, table.removeChunk(c), "remove of " + c);
                    if (result == CompleteTable.REMOVED)
                    {
                        model.remove(c);
                    }
                    else if (result == CompleteTable.REMOVE_FROM_MIDDLE)
                    {
                        middleRemoves++;
                    }
                }
                if (op % 10_000 == 0)
                {
                    assertEquals(recordSet(kernel), recordSet(table), "records after op " + op);
                }
            }
            assertEquals(recordSet(kernel), recordSet(table));
            for (long c = 0; c < range + 512; c++)
            {
                assertEquals(model.getOrDefault(c, CompleteTable.NOT_FOUND), table.lookup(c), "final lookup of " + c);
            }
            assertTrue(recordSet(table).size() + 1_000 < model.size(), "the workload must build runs");
            assertTrue(middleRemoves > 10, "the workload must remove from inside runs: " + middleRemoves);
        }
    }

    private static TreeSet<String> recordSet(final CompleteTable table)
    {
        final TreeSet<String> set = new TreeSet<>();
        table.forEachRecord((o, n, k) -> set.add(o + "->" + n + "+" + k));
        return set;
    }

    @Test
    void everyChunkOfAGroupHasOneLockAndTheSegmentsAreCapped()
    {
        try (CompleteTable t = create(262_144))
        {
            assertEquals(262_144, t.buckets(), "the size the snapshot constructor chose");
            assertEquals(GroupSegments.MAX_SEGMENTS, segmentCount(t));
            final SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < 1_000; i++)
            {
                final long group = random.nextLong(1L << 40);
                final int b = t.bucketOf(group << 8);
                assertTrue(b >= 0 && b < segmentCount(t));
                assertEquals(b, t.bucketOf((group << 8) + 255), "a run's chunks share the lock");
            }
        }
        try (CompleteTable small = create(64))
        {
            assertEquals(64, segmentCount(small));
        }
        assertThrows(IllegalArgumentException.class, () -> create(48));
        assertThrows(IllegalArgumentException.class, () -> create(1));
    }

    /** A full group as one record, then removed chunk by chunk from both ends, in a segment crowded with single records. */
    @Test
    void aRunOfAWholeGroupAmongManySingles()
    {
        try (CompleteTable t = create(2))
        {
            for (long g = 1; g <= 500; g++)
            {
                assertTrue(t.insert(g * 256 + 7, 1_000_000 + 2 * g));
            }
            for (long c = 0; c < 256; c++)
            {
                assertTrue(t.insert(c, 100 + c));
            }
            assertEquals(501, recordSet(t).size(), "one record for the whole group 0");
            assertEquals(355, t.lookup(255));
            assertEquals(CompleteTable.REMOVE_FROM_MIDDLE, t.removeChunk(100));
            for (long c = 0; c < 128; c++)
            {
                assertEquals(CompleteTable.REMOVED, t.removeChunk(c));
                assertEquals(CompleteTable.REMOVED, t.removeChunk(255 - c));
            }
            assertEquals(CompleteTable.NOT_FOUND, t.lookup(128));
            for (long g = 1; g <= 500; g++)
            {
                assertEquals(1_000_000 + 2 * g, t.lookup(g * 256 + 7), "single of group " + g);
                assertEquals(CompleteTable.NOT_FOUND, t.lookup(g * 256 + 8));
            }
            assertEquals(500, recordSet(t).size());
        }
    }

    /**
     * Runs of two with gaps (85 per group, more than two buckets could hold) and scattered singles
     * in the same two segments: after every growth each record must still be found at every chunk
     * it covers, and no chunk between the runs may be found.
     */
    @Test
    void everyRecordIsFoundAfterEachGrowth()
    {
        try (CompleteTable t = create(2))
        {
            final SplittableRandom random = new SplittableRandom(11);
            final TreeMap<Long, Long> model = new TreeMap<>();
            long cow = 1;
            long footprint = t.footprintBytes();
            int growths = 0;
            for (int i = 0; i < 6_000; i++)
            {
                // Even groups take runs of two with a gap (three chunks per step: 85 runs per group);
                // odd groups take scattered singles. Group numbers are doubled so that all share segment 0 or 1.
                final long group = 2L * random.nextInt(40);
                final long base;
                if (random.nextBoolean())
                {
                    base = (group << 8) + 3L * random.nextInt(85);
                    if (model.containsKey(base) || model.containsKey(base + 1))
                    {
                        continue;
                    }
                    assertTrue(t.insert(base, cow));
                    assertTrue(t.insert(base + 1, cow + 1));
                    model.put(base, cow);
                    model.put(base + 1, cow + 1);
                    cow += 3;
                }
                else
                {
                    base = ((group + 1) << 8) + 2L * random.nextInt(128);
                    if (model.containsKey(base))
                    {
                        continue;
                    }
                    assertTrue(t.insert(base, cow));
                    model.put(base, cow);
                    cow += 2;
                }
                if (t.footprintBytes() != footprint)
                {
                    footprint = t.footprintBytes();
                    growths++;
                    for (long c = 0; c < 81L << 8; c++)
                    {
                        assertEquals(model.getOrDefault(c, CompleteTable.NOT_FOUND), t.lookup(c), "lookup of " + c + " after growth " + growths);
                    }
                }
            }
            assertTrue(growths >= 10, "the workload must grow the segments: " + growths);
        }
    }

    /** Memory: at least 80% of the slots in use once the table has grown, and the footprint shrinks to nothing on close. */
    @Test
    void slotsStayDenselyUsedAsTheTableGrows()
    {
        try (CompleteTable t = create(64))
        {
            final SplittableRandom random = new SplittableRandom(8);
            final int n = 200_000;
            for (int i = 0; i < n; i++)
            {
                // Even chunks, far apart in COW space: no record ever combines.
                t.insert(random.nextLong(1L << 33) & ~1L, 4L * i);
            }
            final int records = recordSet(t).size();
            assertTrue(records > n - 10, "a few random duplicates at most: " + records);
            final double bytesPerRecord = (double) t.footprintBytes() / records;
            assertTrue(bytesPerRecord <= 20.0, "bytes per record: " + bytesPerRecord);
        }
    }

    @Test
    @Timeout(30)
    void concurrentInsertsUnderSegmentLocksLoseNothing() throws Exception
    {
        final int threads = 4;
        final int perThread = 20_000;
        try (CompleteTable table = create(16))
        {
            final ExecutorService pool = Executors.newFixedThreadPool(threads);
            try
            {
                final List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++)
                {
                    final int thread = t;
                    done.add(pool.submit(() ->
                    {
                        for (int i = 0; i < perThread; i++)
                        {
                            // Thread t takes the odd chunks of groups g % threads == t, with runs of 2.
                            final long group = (long) (i / 64) * threads + thread;
                            final long c = group * 256 + (i % 64) * 2;
                            assertTrue(lockedInsert(table, c, 3 * c));
                            assertTrue(lockedInsert(table, c + 1, 3 * c + 1));
                        }
                    }));
                }
                for (final Future<?> f : done)
                {
                    f.get();
                }
            }
            finally
            {
                pool.shutdownNow();
            }
            assertEquals(threads * perThread, recordSet(table).size(), "one record per pair");
            for (int t = 0; t < threads; t++)
            {
                for (int i = 0; i < perThread; i++)
                {
                    final long c = ((long) (i / 64) * threads + t) * 256 + (i % 64) * 2;
                    assertEquals(3 * c + 1, lockedLookup(table, c + 1));
                }
            }
        }
    }

    @Test
    @Timeout(20)
    void warmLookupInsertRemoveAllocateNothing()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs per-thread allocation counters");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        try (CompleteTable t = create(64))
        {
            long sum = 0;
            for (int round = 0; round < 30; round++)
            {
                sum += cycle(t);
            }
            // The least of five windows of 10 cycles (160,000 operations each): a deoptimisation in one
            // window runs a few calls in the interpreter, which may box; anything that allocates per
            // operation shows in every window.
            final long tid = Thread.currentThread().getId();
            long least = Long.MAX_VALUE;
            for (int window = 0; window < 5; window++)
            {
                final long before = threads.getThreadAllocatedBytes(tid);
                for (int round = 0; round < 10; round++)
                {
                    sum += cycle(t);
                }
                least = Math.min(least, threads.getThreadAllocatedBytes(tid) - before);
            }
            assertTrue(least < 1_024, "heap bytes allocated by warm table operations: " + least);
            assertTrue(sum > 0);
        }
    }

    /**
     * Insert 4,096 consecutive chunks (one run per group), look each up, remove each from the front;
     * then 4,096 scattered singles the same way: the segments keep their size.
     */
    private static long cycle(final CompleteTable t)
    {
        long sum = 0;
        for (int i = 0; i < 4_096; i++)
        {
            final long c = 1L << 20 | (long) i << 3;
            final int b = t.bucketOf(c);
            t.lockBucket(b);
            t.insert(c, 50_000 + 2L * i);
            sum += t.lookup(c) + t.lookup(c + 1);
            t.unlockBucket(b);
        }
        for (int i = 0; i < 4_096; i++)
        {
            final long c = 1L << 20 | (long) i << 3;
            final int b = t.bucketOf(c);
            t.lockBucket(b);
            sum += t.removeChunk(c) == CompleteTable.REMOVED ? 1 : 0;
            t.unlockBucket(b);
        }
        for (int c = 0; c < 4_096; c++)
        {
            final int b = t.bucketOf(c);
            t.lockBucket(b);
            t.insert(c, 10_000 + c);
            sum += t.lookup(c);
            t.unlockBucket(b);
        }
        for (int c = 0; c < 4_096; c++)
        {
            final int b = t.bucketOf(c);
            t.lockBucket(b);
            sum += t.removeChunk(c) == CompleteTable.REMOVED ? 1 : 0;
            t.unlockBucket(b);
        }
        return sum;
    }
}
