package io.dmsnap.engine.exception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The off-heap tables' lock, lookup, insert and remove paths allocate nothing on the heap once warm. */
class OffHeapAllocationTest
{
    private static final int CHUNKS = 4_096;

    @Test
    @Timeout(20)
    void warmCompleteAndPendingPathsAllocateNothing()
    {
        final com.sun.management.ThreadMXBean threads = threadBean();
        try (OffHeapCompleteTable complete = new OffHeapCompleteTable(64);
             OffHeapPendingTable pending = new OffHeapPendingTable(64))
        {
            final TableFixtures.TestEntry[] entries = new TableFixtures.TestEntry[CHUNKS];
            for (int i = 0; i < CHUNKS; i++)
            {
                entries[i] = new TableFixtures.TestEntry(i);
                pending.register(entries[i]);
            }
            long sum = 0;
            for (int round = 0; round < 30; round++)   // warm up: compile the paths
            {
                sum += cycle(complete, pending, entries, round);
            }
            final long tid = Thread.currentThread().getId();
            final long before = threads.getThreadAllocatedBytes(tid);
            for (int round = 0; round < 10; round++)
            {
                sum += cycle(complete, pending, entries, round);
            }
            final long allocated = threads.getThreadAllocatedBytes(tid) - before;
            // 10 rounds x 4,096 chunks x ~8 operations; a single per-operation allocation would be
            // megabytes. A few hundred bytes of slack cover the measuring calls themselves.
            assertTrue(allocated < 1_024, "heap bytes allocated by warm table operations: " + allocated);
            assertTrue(sum > 0);
        }
    }

    /** Insert (half combining), look up and remove every chunk in both tables, under bucket locks. */
    private static long cycle(final OffHeapCompleteTable complete, final OffHeapPendingTable pending,
                              final TableFixtures.TestEntry[] entries, final int round)
    {
        long sum = 0;
        for (int c = 0; c < CHUNKS; c++)
        {
            final int cb = complete.bucketOf(c);
            final int pb = pending.bucketOf(c);
            complete.lockBucket(cb);
            pending.lockBucket(pb);
            pending.insert(entries[c]);
            final long cow = (c & 1) == 0 ? 10L * c + round : 10L * c - 9 + round;   // pairs combine
            complete.insert(c, cow);
            sum += complete.lookup(c) + pending.lookup(c).oldChunk();
            pending.remove(entries[c]);
            pending.unlockBucket(pb);
            complete.unlockBucket(cb);
        }
        for (int c = 0; c < CHUNKS; c++)
        {
            final int cb = complete.bucketOf(c);
            complete.lockBucket(cb);
            assertEquals(CompleteTable.REMOVED, complete.removeChunk(c));
            complete.unlockBucket(cb);
        }
        return sum;
    }

    private static com.sun.management.ThreadMXBean threadBean()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counter on this JVM");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported(), "no allocation counter on this JVM");
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }
}
