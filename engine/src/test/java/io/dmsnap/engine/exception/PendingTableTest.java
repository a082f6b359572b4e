package io.dmsnap.engine.exception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmsnap.engine.exception.TableFixtures.TestEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both pending tables: hash, head insertion, lookup, unlink, and the off-heap registry. */
class PendingTableTest
{
    static Stream<Named<IntFunction<PendingTable>>> tables()
    {
        return TableFixtures.pendingTables();
    }

    private static TestEntry registered(final PendingTable table, final long chunk)
    {
        final TestEntry e = new TestEntry(chunk);
        table.register(e);
        return e;
    }

    @ParameterizedTest
    @MethodSource("tables")
    void hashesEveryChunkToItsOwnBucketModuloSize(final IntFunction<PendingTable> factory)
    {
        try (PendingTable t = factory.apply(64))
        {
            assertEquals(64, t.buckets());
            assertEquals(0, t.bucketOf(0));
            assertEquals(1, t.bucketOf(1));
            assertEquals(63, t.bucketOf(63));
            assertEquals(0, t.bucketOf(64));
            assertEquals(5, t.bucketOf(64L * 1_000_000 + 5));
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void insertLookupAndRemove(final IntFunction<PendingTable> factory)
    {
        try (PendingTable t = factory.apply(64))
        {
            final TestEntry a = registered(t, 7);
            final TestEntry b = registered(t, 7 + 64);        // same bucket
            final TestEntry c = registered(t, 7 + 128);       // same bucket
            final TestEntry d = registered(t, 8);
            assertNull(t.lookup(7));
            t.insert(a);
            t.insert(b);
            t.insert(c);
            t.insert(d);
            assertEquals(4, t.count());
            assertSame(a, t.lookup(7));
            assertSame(b, t.lookup(71));
            assertSame(c, t.lookup(135));
            assertSame(d, t.lookup(8));
            assertNull(t.lookup(7 + 192));
            t.remove(b);                                       // middle of the chain
            assertNull(t.lookup(71));
            assertSame(a, t.lookup(7));
            assertSame(c, t.lookup(135));
            t.remove(c);                                       // head of the chain
            assertSame(a, t.lookup(7));
            t.remove(a);                                       // the last one
            assertNull(t.lookup(7));
            assertEquals(1, t.count());
            t.insert(b);                                       // re-insert after removal
            assertSame(b, t.lookup(71));
            assertEquals(2, t.count());
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void newEntriesGoAtTheHeadSoTheNewestDuplicateIsFound(final IntFunction<PendingTable> factory)
    {
        try (PendingTable t = factory.apply(64))
        {
            final TestEntry older = registered(t, 3);
            final TestEntry newer = registered(t, 3);
            t.insert(older);
            t.insert(newer);
            assertSame(newer, t.lookup(3));
            t.remove(newer);
            assertSame(older, t.lookup(3));
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void removingAnEntryThatIsNotInsertedFails(final IntFunction<PendingTable> factory)
    {
        try (PendingTable t = factory.apply(64))
        {
            final TestEntry in = registered(t, 9);
            final TestEntry out = registered(t, 9 + 64);
            t.insert(in);
            assertThrows(IllegalStateException.class, () -> t.remove(out));
            assertSame(in, t.lookup(9));
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void manyEntriesInFewBuckets(final IntFunction<PendingTable> factory)
    {
        try (PendingTable t = factory.apply(64))
        {
            final List<TestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 5_000; i++)
            {
                final TestEntry e = registered(t, i * 7L);
                entries.add(e);
                t.insert(e);
            }
            assertEquals(5_000, t.count());
            for (final TestEntry e : entries)
            {
                assertSame(e, t.lookup(e.oldChunk()));
            }
            for (int i = 0; i < entries.size(); i += 2)
            {
                t.remove(entries.get(i));
            }
            assertEquals(2_500, t.count());
            for (int i = 0; i < entries.size(); i++)
            {
                assertEquals(i % 2 == 0 ? null : entries.get(i), t.lookup(i * 7L));
            }
        }
    }

    @Test
    void registryGrowsAndKeepsEarlierSlots()
    {
        try (OffHeapPendingTable t = new OffHeapPendingTable(64))
        {
            final long before = t.footprintBytes();
            final List<TestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 1_000; i++)
            {
                final TestEntry e = registered(t, i);
                assertEquals(i, e.slot);
                entries.add(e);
            }
            assertEquals(1_000, t.registered());
            assertTrue(t.footprintBytes() > before, "the registry array grew");
            for (final TestEntry e : entries)
            {
                t.insert(e);
            }
            for (final TestEntry e : entries)
            {
                assertSame(e, t.lookup(e.oldChunk()));
            }
        }
    }

    @Test
    void registeringTwiceFailsAndUnregisteredSlotsAreReused()
    {
        try (OffHeapPendingTable t = new OffHeapPendingTable(64))
        {
            final TestEntry a = registered(t, 1);
            final TestEntry b = registered(t, 2);
            assertThrows(IllegalStateException.class, () -> t.register(a));
            t.unregister(a);
            assertEquals(1, t.registered());
            final TestEntry c = registered(t, 3);
            assertEquals(0, c.slot, "the freed slot is handed out again");
            t.insert(b);
            t.insert(c);
            assertSame(c, t.lookup(3));
            assertSame(b, t.lookup(2));
            assertThrows(IllegalStateException.class, () -> t.unregister(a));
        }
    }

    @Test
    void insertingAnUnregisteredEntryFails()
    {
        try (OffHeapPendingTable t = new OffHeapPendingTable(64))
        {
            assertThrows(IllegalStateException.class, () -> t.insert(new TestEntry(5)));
        }
    }
}
