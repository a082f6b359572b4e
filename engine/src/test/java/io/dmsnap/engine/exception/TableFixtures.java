package io.dmsnap.engine.exception;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;

/** Factories and helpers shared by the table tests. */
final class TableFixtures
{
    private TableFixtures()
    {
    }

    static Stream<Named<IntFunction<CompleteTable>>> completeTables()
    {
        return Stream.of(
            Named.of("off-heap", OffHeapCompleteTable::new),
            Named.of("heap lists", HeapListCompleteTable::new));
    }

    static Stream<Named<IntFunction<PendingTable>>> pendingTables()
    {
        return Stream.of(
            Named.of("off-heap", OffHeapPendingTable::new),
            Named.of("heap lists", HeapListPendingTable::new));
    }

    /** Every record as {old, new, count}, in bucket order then list order. */
    static List<long[]> records(final CompleteTable table)
    {
        final List<long[]> out = new ArrayList<>();
        table.forEachRecord((o, n, k) -> out.add(new long[] {o, n, k}));
        return out;
    }

    /** Insert with the bucket locked, as a FINE-locking caller does. */
    static boolean lockedInsert(final CompleteTable table, final long oldChunk, final long newChunk)
    {
        final int b = table.bucketOf(oldChunk);
        table.lockBucket(b);
        try
        {
            return table.insert(oldChunk, newChunk);
        }
        finally
        {
            table.unlockBucket(b);
        }
    }

    static long lockedLookup(final CompleteTable table, final long chunk)
    {
        final int b = table.bucketOf(chunk);
        table.lockBucket(b);
        try
        {
            return table.lookup(chunk);
        }
        finally
        {
            table.unlockBucket(b);
        }
    }

    static int lockedRemove(final CompleteTable table, final long chunk)
    {
        final int b = table.bucketOf(chunk);
        table.lockBucket(b);
        try
        {
            return table.removeChunk(chunk);
        }
        finally
        {
            table.unlockBucket(b);
        }
    }

    /** A pending entry for tests. */
    static final class TestEntry extends PendingEntry
    {
        TestEntry(final long chunk)
        {
            this.oldChunk = chunk;
        }
    }
}
