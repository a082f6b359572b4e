package io.dmsnap.jcstress;

import io.dmsnap.engine.exception.CompleteTable;
import io.dmsnap.engine.exception.OffHeapCompleteTable;
import io.dmsnap.engine.exception.OffHeapPendingTable;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Insert and lookup on one bucket of the off-heap exception tables, each operation under the
 * bucket lock as the engine calls them. Lookup results are reported as 0 (not found), 1 (the
 * right entry) or 2 (anything else: a half-written record, another chunk's mapping, a stale
 * slot), see {@link SharedTables#classify}. The arbiter checks the final table and removes what
 * the actors inserted, so every removal result is part of the outcome too.
 */
public final class ExceptionTableStress
{
    private ExceptionTableStress()
    {
    }

    /** Complete-table lookup of {@code chunk} under its bucket lock, as the engine calls it. */
    static long lockedLookup(final CompleteTable table, final long chunk)
    {
        final int bucket = table.bucketOf(chunk);
        table.lockBucket(bucket);
        try
        {
            return table.lookup(chunk);
        }
        finally
        {
            table.unlockBucket(bucket);
        }
    }

    static boolean lockedInsert(final CompleteTable table, final long chunk, final long cow)
    {
        final int bucket = table.bucketOf(chunk);
        table.lockBucket(bucket);
        try
        {
            return table.insert(chunk, cow);
        }
        finally
        {
            table.unlockBucket(bucket);
        }
    }

    static int lockedRemove(final CompleteTable table, final long chunk)
    {
        final int bucket = table.bucketOf(chunk);
        table.lockBucket(bucket);
        try
        {
            return table.removeChunk(chunk);
        }
        finally
        {
            table.unlockBucket(bucket);
        }
    }

    /**
     * Complete table, one inserter and one reader of the same chunk: the reader sees nothing or the
     * whole record. Outcome: lookup by the reader, lookup after both (arbiter), removal result
     * (0 = removed). FORBIDDEN: a reader result of 2 (garbage), a final lookup other than 1, a
     * failed removal.
     */
    @JCStressTest
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "lookup before the insert: not found")
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "lookup after the insert: the right COW chunk")
    @Outcome(expect = FORBIDDEN, desc = "garbage seen, or the insert was lost or cannot be removed")
    @State
    public static class CompleteInsertLookup
    {
        private final OffHeapCompleteTable table = SharedTables.COMPLETE;
        private final long chunk = SharedTables.completeGroup(SharedTables.nextKey()) + 17;
        private final long cow = chunk + SharedTables.COW_OFFSET;
        private boolean inserted;   // written by the inserter, read by the arbiter (jcstress orders them)

        @Actor
        public void inserter()
        {
            inserted = lockedInsert(table, chunk, cow);
        }

        @Actor
        public void reader(final III_Result r)
        {
            r.r1 = SharedTables.classify(lockedLookup(table, chunk), cow);
        }

        @Arbiter
        public void arbiter(final III_Result r)
        {
            r.r2 = inserted ? SharedTables.classify(lockedLookup(table, chunk), cow) : SharedTables.FOUND_GARBAGE;
            r.r3 = lockedRemove(table, chunk);
        }
    }

    /**
     * Complete table, two inserters of neighbouring chunks whose COW chunks are neighbours too, so
     * the second insert extends the first one's record at its front or its end (a run of two).
     * Outcome: lookup of each chunk after both, removal results of both (0 = removed), in that
     * order. FORBIDDEN: anything but "1, 1, 0, 0" (an insert lost, or the merged record wrong).
     */
    @JCStressTest
    @Outcome(id = "1, 1, 0, 0", expect = ACCEPTABLE, desc = "both chunks map to their COW chunks")
    @Outcome(expect = FORBIDDEN, desc = "an insert was lost or the run is corrupt")
    @State
    public static class CompleteMergingNeighbours
    {
        private final OffHeapCompleteTable table = SharedTables.COMPLETE;
        private final long low = SharedTables.completeGroup(SharedTables.nextKey()) + 100;
        private final long lowCow = low + SharedTables.COW_OFFSET;
        private boolean lowInserted;    // inserter 1, then the arbiter
        private boolean highInserted;   // inserter 2, then the arbiter

        @Actor
        public void insertLow()
        {
            lowInserted = lockedInsert(table, low, lowCow);
        }

        @Actor
        public void insertHigh()
        {
            highInserted = lockedInsert(table, low + 1, lowCow + 1);
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            neighboursOutcome(table, low, lowCow, lowCow + 1, lowInserted && highInserted, r);
        }
    }

    /**
     * Complete table, two inserters of neighbouring chunks whose COW chunks are far apart: two
     * records, kept sorted in one bucket list whichever comes first. Same outcome as
     * {@link CompleteMergingNeighbours}. FORBIDDEN: anything but "1, 1, 0, 0".
     */
    @JCStressTest
    @JCStressMeta(CompleteMergingNeighbours.class)
    @State
    public static class CompleteSeparateNeighbours
    {
        private final OffHeapCompleteTable table = SharedTables.COMPLETE;
        private final long low = SharedTables.completeGroup(SharedTables.nextKey()) + 100;
        private final long lowCow = low + SharedTables.COW_OFFSET;
        private final long highCow = lowCow + 7;
        private boolean lowInserted;
        private boolean highInserted;

        @Actor
        public void insertLow()
        {
            lowInserted = lockedInsert(table, low, lowCow);
        }

        @Actor
        public void insertHigh()
        {
            highInserted = lockedInsert(table, low + 1, highCow);
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            neighboursOutcome(table, low, lowCow, highCow, lowInserted && highInserted, r);
        }
    }

    static void neighboursOutcome(final CompleteTable table, final long low, final long lowCow,
                                  final long highCow, final boolean bothInserted, final IIII_Result r)
    {
        if (!bothInserted)
        {
            r.r1 = SharedTables.FOUND_GARBAGE;   // an insert reported ENOMEM: never expected here
        }
        else
        {
            r.r1 = SharedTables.classify(lockedLookup(table, low), lowCow);
        }
        r.r2 = SharedTables.classify(lockedLookup(table, low + 1), highCow);
        r.r3 = lockedRemove(table, low);
        r.r4 = lockedRemove(table, low + 1);
    }

    /**
     * {@link CompleteInsertLookup} on the open-addressing table: a reader under
     * the segment lock sees nothing or the whole 16-byte slot, never a slot half written or moved
     * by a growth. Same outcomes.
     */
    @JCStressTest
    @JCStressMeta(CompleteInsertLookup.class)
    @State
    public static class OpenInsertLookup
    {
        private final CompleteTable table = SharedTables.OPEN_COMPLETE;
        private final long chunk = SharedTables.completeGroup(SharedTables.nextKey()) + 17;
        private final long cow = chunk + SharedTables.COW_OFFSET;
        private boolean inserted;   // written by the inserter, read by the arbiter (jcstress orders them)

        @Actor
        public void inserter()
        {
            inserted = lockedInsert(table, chunk, cow);
        }

        @Actor
        public void reader(final III_Result r)
        {
            r.r1 = SharedTables.classify(lockedLookup(table, chunk), cow);
        }

        @Arbiter
        public void arbiter(final III_Result r)
        {
            r.r2 = inserted ? SharedTables.classify(lockedLookup(table, chunk), cow) : SharedTables.FOUND_GARBAGE;
            r.r3 = lockedRemove(table, chunk);
        }
    }

    /** {@link CompleteMergingNeighbours} on the open-addressing table: the run of two is one record, found from both chunks. */
    @JCStressTest
    @JCStressMeta(CompleteMergingNeighbours.class)
    @State
    public static class OpenMergingNeighbours
    {
        private final CompleteTable table = SharedTables.OPEN_COMPLETE;
        private final long low = SharedTables.completeGroup(SharedTables.nextKey()) + 100;
        private final long lowCow = low + SharedTables.COW_OFFSET;
        private boolean lowInserted;
        private boolean highInserted;

        @Actor
        public void insertLow()
        {
            lowInserted = lockedInsert(table, low, lowCow);
        }

        @Actor
        public void insertHigh()
        {
            highInserted = lockedInsert(table, low + 1, lowCow + 1);
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            neighboursOutcome(table, low, lowCow, lowCow + 1, lowInserted && highInserted, r);
        }
    }

    /** {@link CompleteSeparateNeighbours} on the open-addressing table: two records of one group, probed from one home. */
    @JCStressTest
    @JCStressMeta(CompleteMergingNeighbours.class)
    @State
    public static class OpenSeparateNeighbours
    {
        private final CompleteTable table = SharedTables.OPEN_COMPLETE;
        private final long low = SharedTables.completeGroup(SharedTables.nextKey()) + 100;
        private final long lowCow = low + SharedTables.COW_OFFSET;
        private final long highCow = lowCow + 7;
        private boolean lowInserted;
        private boolean highInserted;

        @Actor
        public void insertLow()
        {
            lowInserted = lockedInsert(table, low, lowCow);
        }

        @Actor
        public void insertHigh()
        {
            highInserted = lockedInsert(table, low + 1, highCow);
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            neighboursOutcome(table, low, lowCow, highCow, lowInserted && highInserted, r);
        }
    }

    /**
     * {@link CompleteInsertLookup} on the cuckoo table (preset experimental): a reader under the
     * segment lock sees nothing or the whole 16-byte slot, never a slot half written, displaced or
     * moved by a growth. Same outcomes.
     */
    @JCStressTest
    @JCStressMeta(CompleteInsertLookup.class)
    @State
    public static class CuckooInsertLookup
    {
        private final CompleteTable table = SharedTables.CUCKOO_COMPLETE;
        private final long chunk = SharedTables.completeGroup(SharedTables.nextKey()) + 17;
        private final long cow = chunk + SharedTables.COW_OFFSET;
        private boolean inserted;   // written by the inserter, read by the arbiter (jcstress orders them)

        @Actor
        public void inserter()
        {
            inserted = lockedInsert(table, chunk, cow);
        }

        @Actor
        public void reader(final III_Result r)
        {
            r.r1 = SharedTables.classify(lockedLookup(table, chunk), cow);
        }

        @Arbiter
        public void arbiter(final III_Result r)
        {
            r.r2 = inserted ? SharedTables.classify(lockedLookup(table, chunk), cow) : SharedTables.FOUND_GARBAGE;
            r.r3 = lockedRemove(table, chunk);
        }
    }

    /** {@link CompleteMergingNeighbours} on the cuckoo table: the single becomes a run of two in the run list, found from both chunks. */
    @JCStressTest
    @JCStressMeta(CompleteMergingNeighbours.class)
    @State
    public static class CuckooMergingNeighbours
    {
        private final CompleteTable table = SharedTables.CUCKOO_COMPLETE;
        private final long low = SharedTables.completeGroup(SharedTables.nextKey()) + 100;
        private final long lowCow = low + SharedTables.COW_OFFSET;
        private boolean lowInserted;
        private boolean highInserted;

        @Actor
        public void insertLow()
        {
            lowInserted = lockedInsert(table, low, lowCow);
        }

        @Actor
        public void insertHigh()
        {
            highInserted = lockedInsert(table, low + 1, lowCow + 1);
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            neighboursOutcome(table, low, lowCow, lowCow + 1, lowInserted && highInserted, r);
        }
    }

    /** {@link CompleteSeparateNeighbours} on the cuckoo table: two singles of one group, each in its own buckets. */
    @JCStressTest
    @JCStressMeta(CompleteMergingNeighbours.class)
    @State
    public static class CuckooSeparateNeighbours
    {
        private final CompleteTable table = SharedTables.CUCKOO_COMPLETE;
        private final long low = SharedTables.completeGroup(SharedTables.nextKey()) + 100;
        private final long lowCow = low + SharedTables.COW_OFFSET;
        private final long highCow = lowCow + 7;
        private boolean lowInserted;
        private boolean highInserted;

        @Actor
        public void insertLow()
        {
            lowInserted = lockedInsert(table, low, lowCow);
        }

        @Actor
        public void insertHigh()
        {
            highInserted = lockedInsert(table, low + 1, highCow);
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            neighboursOutcome(table, low, lowCow, highCow, lowInserted && highInserted, r);
        }
    }

    /**
     * Pending table, one inserter and one reader of the same chunk, both under the bucket lock.
     * Outcome: lookup by the reader, lookup after both (arbiter). FORBIDDEN: a reader result of 2
     * (another entry, or a slot the registry does not hold yet), a final lookup other than 1.
     */
    @JCStressTest
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "lookup before the insert: not found")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "lookup after the insert: the inserted entry")
    @Outcome(expect = FORBIDDEN, desc = "garbage seen, or the insert was lost")
    @State
    public static class PendingInsertLookup
    {
        private final OffHeapPendingTable table = SharedTables.PENDING;
        private final StressPendingEntry entry = registered(SharedTables.nextKey());
        private final int bucket = table.bucketOf(entry.oldChunk());

        @Actor
        public void inserter()
        {
            table.lockBucket(bucket);
            try
            {
                table.insert(entry);
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
                r.r1 = SharedTables.classify(table.lookup(entry.oldChunk()), entry);
            }
            finally
            {
                table.unlockBucket(bucket);
            }
        }

        @Arbiter
        public void arbiter(final II_Result r)
        {
            r.r2 = lookupAndRemove(table, entry);
        }
    }

    /**
     * Pending table, two inserters of different chunks that hash to the same bucket: both end up
     * on the chain (insertion at the head), whichever goes first. Outcome: lookup of each after
     * both. FORBIDDEN: anything but "1, 1" (a head update was lost).
     */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both entries found")
    @Outcome(expect = FORBIDDEN, desc = "an insert was lost")
    @State
    public static class PendingSameBucketInserts
    {
        private final OffHeapPendingTable table = SharedTables.PENDING;
        private final StressPendingEntry first = registered(SharedTables.nextKey());
        private final StressPendingEntry second =
            registered(first.oldChunk() + SharedTables.PENDING_SAME_BUCKET_STRIDE);

        @Actor
        public void insertFirst()
        {
            lockedInsert(table, first);
        }

        @Actor
        public void insertSecond()
        {
            lockedInsert(table, second);
        }

        @Arbiter
        public void arbiter(final II_Result r)
        {
            r.r1 = lookupAndRemove(table, first);
            r.r2 = lookupAndRemove(table, second);
        }
    }

    private static StressPendingEntry registered(final long chunk)
    {
        final StressPendingEntry entry = new StressPendingEntry(chunk);
        SharedTables.PENDING.register(entry);
        return entry;
    }

    private static void lockedInsert(final OffHeapPendingTable table, final StressPendingEntry entry)
    {
        final int bucket = table.bucketOf(entry.oldChunk());
        table.lockBucket(bucket);
        try
        {
            table.insert(entry);
        }
        finally
        {
            table.unlockBucket(bucket);
        }
    }

    /**
     * Arbiter: the lookup result for {@code entry}, then take it off the chain (if it is there) and
     * give its registry slot back, so the shared table stays small.
     */
    private static int lookupAndRemove(final OffHeapPendingTable table, final StressPendingEntry entry)
    {
        final int bucket = table.bucketOf(entry.oldChunk());
        final int found;
        table.lockBucket(bucket);
        try
        {
            found = SharedTables.classify(table.lookup(entry.oldChunk()), entry);
            if (found == SharedTables.FOUND_RIGHT)
            {
                table.remove(entry);
            }
        }
        finally
        {
            table.unlockBucket(bucket);
        }
        if (found == SharedTables.FOUND_RIGHT)
        {
            table.unregister(entry);
        }
        return found;
    }
}
