package io.dmsnap.jcstress;

import io.dmsnap.engine.exception.OffHeapCompleteTable;
import io.dmsnap.engine.exception.OffHeapPendingTable;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The bit spin lock in each off-heap bucket word ({@code hlist_bl} style, bit 0 of the word):
 * mutual exclusion, and visibility of what one holder wrote to the next holder. The fields under
 * test are plain on purpose: only the lock's acquiring read-modify-write and releasing store order
 * them.
 */
public final class BucketLockStress
{
    private BucketLockStress()
    {
    }

    /**
     * Mutual exclusion on the complete table: two holders each increment a plain counter once under
     * the same bucket lock. FORBIDDEN: 1 (both read 0, one increment lost: both held the lock at once,
     * or the second holder did not see the first one's write).
     */
    @JCStressTest
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments counted")
    @Outcome(expect = FORBIDDEN, desc = "an increment was lost: the bucket lock did not exclude")
    @State
    public static class CompleteTableCounter
    {
        private final OffHeapCompleteTable table = SharedTables.COMPLETE;
        private final int bucket = table.bucketOf(SharedTables.completeGroup(SharedTables.nextKey()));
        private int count;   // plain: guarded by the bucket lock

        @Actor
        public void actor1()
        {
            increment();
        }

        @Actor
        public void actor2()
        {
            increment();
        }

        private void increment()
        {
            table.lockBucket(bucket);
            try
            {
                count++;
            }
            finally
            {
                table.unlockBucket(bucket);
            }
        }

        @Arbiter
        public void arbiter(final I_Result r)
        {
            r.r1 = count;
        }
    }

    /**
     * The same on the pending table's bucket words. FORBIDDEN: 1.
     */
    @JCStressTest
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "both increments counted")
    @Outcome(expect = FORBIDDEN, desc = "an increment was lost: the bucket lock did not exclude")
    @State
    public static class PendingTableCounter
    {
        private final OffHeapPendingTable table = SharedTables.PENDING;
        private final int bucket = table.bucketOf(SharedTables.nextKey());
        private int count;   // plain: guarded by the bucket lock

        @Actor
        public void actor1()
        {
            increment();
        }

        @Actor
        public void actor2()
        {
            increment();
        }

        private void increment()
        {
            table.lockBucket(bucket);
            try
            {
                count++;
            }
            finally
            {
                table.unlockBucket(bucket);
            }
        }

        @Arbiter
        public void arbiter(final I_Result r)
        {
            r.r1 = count;
        }
    }

    /**
     * Visibility: the first holder writes two plain fields under the lock, the other reads both
     * under the same lock, so it runs wholly before or wholly after the writer. FORBIDDEN: "1, 0"
     * and "0, 1" (a torn view: the reader saw part of the critical section, or the release in
     * unlock / the acquire in lock does not order the plain writes).
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the reader held the lock first")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the reader held the lock second and saw both writes")
    @Outcome(expect = FORBIDDEN, desc = "the reader saw part of the writer's critical section")
    @State
    public static class CompleteTableVisibility
    {
        private final OffHeapCompleteTable table = SharedTables.COMPLETE;
        private final int bucket = table.bucketOf(SharedTables.completeGroup(SharedTables.nextKey()));
        private int first;    // plain: guarded by the bucket lock
        private int second;   // plain: guarded by the bucket lock

        @Actor
        public void writer()
        {
            table.lockBucket(bucket);
            try
            {
                first = 1;
                second = 1;
            }
            finally
            {
                table.unlockBucket(bucket);
            }
        }

        @Actor
        public void reader(final II_Result r)
        {
            table.lockBucket(bucket);
            try
            {
                // Read in the opposite order of the writes, so a reordered pair shows as "0, 1".
                r.r2 = second;
                r.r1 = first;
            }
            finally
            {
                table.unlockBucket(bucket);
            }
        }
    }

    /**
     * The same through the pending table's lock. FORBIDDEN: "1, 0" and "0, 1".
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the reader held the lock first")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the reader held the lock second and saw both writes")
    @Outcome(expect = FORBIDDEN, desc = "the reader saw part of the writer's critical section")
    @State
    public static class PendingTableVisibility
    {
        private final OffHeapPendingTable table = SharedTables.PENDING;
        private final int bucket = table.bucketOf(SharedTables.nextKey());
        private int first;    // plain: guarded by the bucket lock
        private int second;   // plain: guarded by the bucket lock

        @Actor
        public void writer()
        {
            table.lockBucket(bucket);
            try
            {
                first = 1;
                second = 1;
            }
            finally
            {
                table.unlockBucket(bucket);
            }
        }

        @Actor
        public void reader(final II_Result r)
        {
            table.lockBucket(bucket);
            try
            {
                r.r2 = second;
                r.r1 = first;
            }
            finally
            {
                table.unlockBucket(bucket);
            }
        }
    }
}
