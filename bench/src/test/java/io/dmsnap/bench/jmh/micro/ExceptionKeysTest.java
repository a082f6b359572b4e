package io.dmsnap.bench.jmh.micro;

import io.dmsnap.engine.config.Switches.Tables;
import io.dmsnap.engine.exception.CompleteTable;
import io.dmsnap.engine.exception.ExceptionTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ExceptionKeysTest
{
    @Test
    void chunksAreDistinctEvenInRangeAndDeterministic()
    {
        final long[] a = ExceptionKeys.distinctEvenChunks(50_000, 20, 1);
        assertArrayEquals(a, ExceptionKeys.distinctEvenChunks(50_000, 20, 1));
        final long[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++)
        {
            assertEquals(0, sorted[i] & 1, "odd chunk " + sorted[i]);
            assertTrue(sorted[i] >= 0 && sorted[i] < 1 << 20);
            if (i > 0)
            {
                assertTrue(sorted[i] > sorted[i - 1], "duplicate " + sorted[i]);
            }
        }
        // 50,000 of 524,288 even values, so duplicates were drawn and replaced; and the order is
        // shuffled, not sorted.
        assertFalse(Arrays.equals(a, sorted));
    }

    @Test
    void refusesImpossibleDraws()
    {
        assertThrows(IllegalArgumentException.class, () -> ExceptionKeys.distinctEvenChunks(1 << 10, 11, 1));
    }

    @Test
    void dedupeKeepsFirstOfEachRun()
    {
        final long[] a = {1, 1, 2, 3, 3, 3, 9};
        assertEquals(4, ExceptionKeys.dedupeSorted(a));
        assertArrayEquals(new long[] {1, 2, 3, 9}, Arrays.copyOf(a, 4));
        assertEquals(0, ExceptionKeys.dedupeSorted(new long[0]));
    }

    @Test
    void transientKeysAreOdd()
    {
        final XorShift64 rnd = new XorShift64(3);
        for (int i = 0; i < 1000; i++)
        {
            final long k = ExceptionKeys.transientKey(rnd);
            assertEquals(1, k & 1);
            assertTrue(k < 1L << ExceptionKeys.OLD_CHUNK_BITS);
        }
    }

    @ParameterizedTest
    @EnumSource(Tables.class)
    void populatedTableHoldsOneRecordPerExceptionAndInsertRemoveRestoresIt(final Tables kind)
    {
        final long[] keys = ExceptionKeys.distinctEvenChunks(20_000, ExceptionKeys.OLD_CHUNK_BITS, 5);
        try (CompleteTable table = ExceptionTables.complete(kind, 1024))
        {
            ExceptionKeys.populate(table, keys);
            assertEquals(keys.length, records(table), "no two exceptions may combine");
            final XorShift64 rnd = new XorShift64(9);
            for (int i = 0; i < 5_000; i++)
            {
                final long k = ExceptionKeys.transientKey(rnd);
                assertTrue(table.insert(k, ExceptionKeys.TRANSIENT_NEW_CHUNK));
                assertEquals(ExceptionKeys.TRANSIENT_NEW_CHUNK, table.lookup(k));
                assertEquals(CompleteTable.REMOVED, table.removeChunk(k));
            }
            assertEquals(keys.length, records(table));
            for (int i = 0; i < keys.length; i++)
            {
                assertEquals(ExceptionKeys.newChunk(i), table.lookup(keys[i]));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Tables.class)
    void populatingFromTheLastGivesTheSameMappings(final Tables kind)
    {
        final long[] keys = ExceptionKeys.distinctEvenChunks(20_000, ExceptionKeys.OLD_CHUNK_BITS, 6);
        Arrays.sort(keys);
        try (CompleteTable table = ExceptionTables.complete(kind, 64))
        {
            ExceptionKeys.populateFromLast(table, keys);
            assertEquals(keys.length, records(table));
            for (int i = 0; i < keys.length; i++)
            {
                assertEquals(ExceptionKeys.newChunk(i), table.lookup(keys[i]));
            }
        }
    }

    private static long records(final CompleteTable table)
    {
        final AtomicLong n = new AtomicLong();
        table.forEachRecord((oldChunk, newChunk, consecutive) ->
        {
            assertEquals(0, consecutive);
            n.incrementAndGet();
        });
        return n.get();
    }
}
