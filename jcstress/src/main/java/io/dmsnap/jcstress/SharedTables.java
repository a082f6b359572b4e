package io.dmsnap.jcstress;

import io.dmsnap.engine.exception.CompleteTable;
import io.dmsnap.engine.exception.OffHeapCompleteTable;
import io.dmsnap.engine.exception.OffHeapPendingTable;
import io.dmsnap.engine.exception.CuckooCompleteTable;
import io.dmsnap.engine.exception.OpenAddressCompleteTable;
import io.dmsnap.engine.exception.PendingEntry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One off-heap complete table of each layout and one off-heap pending table per test JVM, shared by every state
 * object of every test, plus the key that makes each state's chunks its own.
 *
 * <p>Why shared: jcstress creates states by the million and has no tear-down hook, while a table
 * owns direct memory (the complete table's record slab grows by 1.5 MiB at its first insert).
 * Sharing keeps the run fast and its memory flat; each test's arbiter removes what its actors
 * inserted, so records and registry slots are recycled.
 *
 * <p>Why it is still a fair test: every state uses chunk numbers no other state ever uses (from
 * {@link #nextKey()}), so a lookup can only find its own state's entry or nothing. Two live states
 * may hash to the same bucket; they then contend for the same lock and walk each other's entries,
 * which the tables must handle anyway. No bucket is ever left locked: every lock is released in a
 * {@code finally} block.
 */
final class SharedTables
{
    /** Buckets of each table: enough that concurrently live states rarely share a bucket. */
    static final int BUCKETS = 4096;

    static final OffHeapCompleteTable COMPLETE = new OffHeapCompleteTable(BUCKETS);
    static final OffHeapPendingTable PENDING = new OffHeapPendingTable(BUCKETS);
    /** The open-addressing complete table: 4096 segments, each grown on its own. */
    static final OpenAddressCompleteTable OPEN_COMPLETE = new OpenAddressCompleteTable(BUCKETS);
    /** The cuckoo complete table (preset experimental): 4096 segments of buckets, stash and run list, each grown on its own. */
    static final CuckooCompleteTable CUCKOO_COMPLETE = new CuckooCompleteTable(BUCKETS);

    /** Distance between two chunks of one state that share a pending-table bucket (hash = chunk & mask). */
    static final long PENDING_SAME_BUCKET_STRIDE = 1L << 40;
    /** Distance from an origin chunk to the COW chunk it is mapped to in these tests. */
    static final long COW_OFFSET = 1L << 20;

    /** Lookup outcomes, kept small and fixed so that jcstress sees a finite set of results. */
    static final int NOT_FOUND = 0;
    static final int FOUND_RIGHT = 1;
    static final int FOUND_GARBAGE = 2;

    /** Keys 1, 2, 3, ...; a getAndIncrement, so any thread may ask. */
    private static final AtomicLong KEYS = new AtomicLong(1);

    private SharedTables()
    {
    }

    /** A key no other state has; below 2^40 for the life of any test JVM. */
    static long nextKey()
    {
        return KEYS.getAndIncrement();
    }

    /** The first chunk of the 256-chunk group (one complete-table bucket) that belongs to {@code key}. */
    static long completeGroup(final long key)
    {
        return key << 8;
    }

    /** {@link #NOT_FOUND}, {@link #FOUND_RIGHT} or {@link #FOUND_GARBAGE} for a complete-table lookup. */
    static int classify(final long found, final long expected)
    {
        if (found == CompleteTable.NOT_FOUND)
        {
            return NOT_FOUND;
        }
        return found == expected ? FOUND_RIGHT : FOUND_GARBAGE;
    }

    /** The same for a pending-table lookup. */
    static int classify(final PendingEntry found, final PendingEntry expected)
    {
        if (found == null)
        {
            return NOT_FOUND;
        }
        return found == expected ? FOUND_RIGHT : FOUND_GARBAGE;
    }
}
