package io.dmsnap.engine.exception;

import static io.dmsnap.engine.exception.TableFixtures.lockedInsert;
import static io.dmsnap.engine.exception.TableFixtures.lockedLookup;
import static io.dmsnap.engine.exception.TableFixtures.lockedRemove;
import static io.dmsnap.engine.exception.TableFixtures.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bucket locking, concurrent inserts and concurrent record recycling. */
class TableConcurrencyTest
{
    private static final int THREADS = 4;

    static Stream<Named<IntFunction<CompleteTable>>> completeTables()
    {
        return TableFixtures.completeTables();
    }

    static Stream<Named<IntFunction<PendingTable>>> pendingTables()
    {
        return TableFixtures.pendingTables();
    }

    /** Runs {@code body(thread)} on THREADS threads released together; rethrows any failure. */
    private static void runConcurrently(final IntConsumer body) throws Exception
    {
        final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try
        {
            final CyclicBarrier start = new CyclicBarrier(THREADS);
            final List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                final int thread = t;
                futures.add(pool.submit(() ->
                {
                    start.await(5, TimeUnit.SECONDS);
                    body.accept(thread);
                    return null;
                }));
            }
            for (final Future<?> f : futures)
            {
                f.get(20, TimeUnit.SECONDS);
            }
        }
        finally
        {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @MethodSource("completeTables")
    @Timeout(20)
    void concurrentInsertsIntoDistinctBucketsLoseNothing(final IntFunction<CompleteTable> factory) throws Exception
    {
        final int perThread = 20_000;
        try (CompleteTable table = factory.apply(1024))
        {
            // Thread t owns the 256-chunk groups g with g % 4 == t: its own buckets. The COW chunk 3c
            // is never consecutive, so every insert allocates a record (80,000 in all: the off-heap
            // slab grows by a segment while the threads insert).
            runConcurrently(t ->
            {
                for (int i = 0; i < perThread; i++)
                {
                    final long c = chunkOfThread(t, i);
                    assertTrue(lockedInsert(table, c, 3 * c));
                }
            });
            assertEquals(THREADS * perThread, records(table).size());
            for (int t = 0; t < THREADS; t++)
            {
                for (int i = 0; i < perThread; i++)
                {
                    final long c = chunkOfThread(t, i);
                    assertEquals(3 * c, lockedLookup(table, c));
                }
            }
        }
    }

    private static long chunkOfThread(final int thread, final int i)
    {
        final long group = (long) (i / 256) * THREADS + thread;
        return group * 256 + i % 256;
    }

    @ParameterizedTest
    @MethodSource("completeTables")
    @Timeout(20)
    void concurrentInsertsIntoSharedBucketsLoseNothing(final IntFunction<CompleteTable> factory) throws Exception
    {
        final int perThread = 8_000;
        try (CompleteTable table = factory.apply(64))
        {
            // Chunks interleave between threads (c % 4 == t), so every bucket is written by all of them.
            runConcurrently(t ->
            {
                for (int i = 0; i < perThread; i++)
                {
                    final long c = (long) i * THREADS + t;
                    assertTrue(lockedInsert(table, c, 3 * c));
                    assertEquals(3 * c, lockedLookup(table, c));
                }
            });
            assertEquals(THREADS * perThread, records(table).size());
            for (long c = 0; c < (long) THREADS * perThread; c++)
            {
                assertEquals(3 * c, lockedLookup(table, c));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("completeTables")
    @Timeout(20)
    void concurrentSequentialRunsCombineIntoOneRecordPerGroup(final IntFunction<CompleteTable> factory)
        throws Exception
    {
        try (CompleteTable table = factory.apply(64))
        {
            // Each thread writes 64 whole groups of its own, in order, with consecutive COW chunks.
            runConcurrently(t ->
            {
                for (long c = t * 64L * 256; c < (t + 1) * 64L * 256; c++)
                {
                    assertTrue(lockedInsert(table, c, c + 7));
                }
            });
            assertEquals(THREADS * 64, records(table).size());
            table.forEachRecord((o, n, k) ->
            {
                assertEquals(0, o % 256);
                assertEquals(o + 7, n);
                assertEquals(255, k);
            });
        }
    }

    @Test
    @Timeout(20)
    void concurrentInsertAndRemoveRecyclesRecords() throws Exception
    {
        final int batch = 1_000;
        final int rounds = 40;
        try (OffHeapCompleteTable table = new OffHeapCompleteTable(64))
        {
            runConcurrently(t ->
            {
                for (int round = 0; round < rounds; round++)
                {
                    for (int i = 0; i < batch; i++)
                    {
                        final long c = (long) i * THREADS + t;
                        // New chunks of neighbouring old chunks always differ by an even amount, so
                        // records of different threads (at different rounds) never combine.
                        assertTrue(lockedInsert(table, c, 10 * c + 2 * round));
                    }
                    for (int i = 0; i < batch; i++)
                    {
                        final long c = (long) i * THREADS + t;
                        assertEquals(10 * c + 2 * round, lockedLookup(table, c));
                        assertEquals(CompleteTable.REMOVED, lockedRemove(table, c));
                    }
                }
            });
            assertTrue(records(table).isEmpty());
            // At most 4,000 records were live at once: freed records were reused, no second segment.
            assertEquals(RecordSlab.SEGMENT_RECORDS, table.recordCapacity());
        }
    }

    @ParameterizedTest
    @MethodSource("completeTables")
    @Timeout(20)
    void completeBucketLockExcludesOtherThreads(final IntFunction<CompleteTable> factory) throws Exception
    {
        try (CompleteTable table = factory.apply(64))
        {
            assertMutualExclusion(table.bucketOf(1000), table::lockBucket, table::unlockBucket);
        }
    }

    @ParameterizedTest
    @MethodSource("pendingTables")
    @Timeout(20)
    void pendingBucketLockExcludesOtherThreads(final IntFunction<PendingTable> factory) throws Exception
    {
        try (PendingTable table = factory.apply(64))
        {
            assertMutualExclusion(table.bucketOf(1000), table::lockBucket, table::unlockBucket);
        }
    }

    /** A plain counter incremented under the lock by several threads must not lose an increment. */
    private static void assertMutualExclusion(final int bucket, final IntConsumer lock, final IntConsumer unlock)
        throws Exception
    {
        final int perThread = 50_000;
        final long[] counter = new long[1];
        runConcurrently(t ->
        {
            for (int i = 0; i < perThread; i++)
            {
                lock.accept(bucket);
                final long v = counter[0];
                if ((i & 63) == 0)
                {
                    Thread.onSpinWait();   // widen the window between read and write
                }
                counter[0] = v + 1;
                unlock.accept(bucket);
            }
        });
        assertEquals((long) THREADS * perThread, counter[0]);
    }

    @Test
    @Timeout(10)
    void aHeldBucketBlocksOnlyItself() throws Exception
    {
        try (OffHeapCompleteTable table = new OffHeapCompleteTable(64))
        {
            table.lockBucket(3);
            assertTrue(table.isBucketLocked(3));
            assertTrue(table.insert(3 * 256, 42), "the holder may change its bucket");
            final CountDownLatch otherDone = new CountDownLatch(1);
            final CountDownLatch waiterIn = new CountDownLatch(1);
            final Thread other = new Thread(() ->
            {
                table.lockBucket(4);
                table.unlockBucket(4);
                otherDone.countDown();
            });
            final Thread waiter = new Thread(() ->
            {
                table.lockBucket(3);
                waiterIn.countDown();
                table.unlockBucket(3);
            });
            other.start();
            waiter.start();
            assertTrue(otherDone.await(5, TimeUnit.SECONDS), "another bucket must stay free");
            assertFalse(waiterIn.await(100, TimeUnit.MILLISECONDS), "the held bucket must block");
            table.unlockBucket(3);
            assertTrue(waiterIn.await(5, TimeUnit.SECONDS));
            other.join(5_000);
            waiter.join(5_000);
            assertFalse(table.isBucketLocked(3));
            assertEquals(42, table.lookup(3 * 256), "the head set under the lock survives the unlock");
        }
    }
}
