package io.dmsnap.engine.exception;

import static io.dmsnap.engine.exception.TableFixtures.records;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules of {@code struct dm_exception}, {@code dm_insert_exception} (d74f81f8) and {@code dm_lookup_exception}, run against both complete tables. */
class CompleteTableSemanticsTest
{
    static Stream<Named<IntFunction<CompleteTable>>> tables()
    {
        return TableFixtures.completeTables();
    }

    @ParameterizedTest
    @MethodSource("tables")
    void hashesGroupsOf256ChunksToOneBucket(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(64))
        {
            assertEquals(64, t.buckets());
            assertEquals(0, t.bucketOf(0));
            assertEquals(0, t.bucketOf(255));
            assertEquals(1, t.bucketOf(256));
            assertEquals(63, t.bucketOf(64 * 256 - 1));
            assertEquals(0, t.bucketOf(64 * 256));
            assertEquals(5, t.bucketOf((1L << 40) + 5 * 256 + 17));
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void lookupOfSingleRecordsAndMisses(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(64))
        {
            assertEquals(CompleteTable.NOT_FOUND, t.lookup(10));
            assertTrue(t.insert(10, 500));
            assertTrue(t.insert(20, 900));
            assertEquals(500, t.lookup(10));
            assertEquals(900, t.lookup(20));
            assertEquals(CompleteTable.NOT_FOUND, t.lookup(11));
            assertEquals(CompleteTable.NOT_FOUND, t.lookup(9));
            assertEquals(CompleteTable.NOT_FOUND, t.lookup(10 + 64 * 256));   // same bucket, other group
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void extendsAtTheEndWhenBothSidesAreConsecutive(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(64))
        {
            t.insert(100, 7);
            t.insert(101, 8);
            t.insert(102, 9);
            final List<long[]> r = records(t);
            assertEquals(1, r.size());
            assertArrayEquals(new long[] {100, 7, 2}, r.get(0));
            assertEquals(7, t.lookup(100));
            assertEquals(9, t.lookup(102));
            assertEquals(CompleteTable.NOT_FOUND, t.lookup(103));
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void extendsAtTheFrontWhenBothSidesAreConsecutive(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(64))
        {
            t.insert(102, 9);
            t.insert(101, 8);
            t.insert(100, 7);
            final List<long[]> r = records(t);
            assertEquals(1, r.size());
            assertArrayEquals(new long[] {100, 7, 2}, r.get(0));
            assertEquals(8, t.lookup(101));
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void doesNotCombineWhenOnlyOneSideIsConsecutive(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(64))
        {
            t.insert(100, 7);
            t.insert(101, 20);   // old consecutive, new not
            t.insert(99, 6 + 1); // new would collide, not consecutive below
            t.insert(110, 8);    // new consecutive, old not
            final List<long[]> r = records(t);
            assertEquals(4, r.size());
            for (final long[] rec : r)
            {
                assertEquals(0, rec[2]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void keepsEachBucketSortedByOldChunk(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(64))
        {
            // Two groups sharing bucket 0 and unrelated new chunks: no combining, only ordering.
            final long other = 64 * 256;
            t.insert(50, 1000);
            t.insert(other + 3, 2000);
            t.insert(10, 3000);
            t.insert(30, 4000);
            t.insert(200, 5000);
            final List<long[]> r = records(t);
            assertEquals(5, r.size());
            final long[] expected = {10, 30, 50, 200, other + 3};
            for (int i = 0; i < expected.length; i++)
            {
                assertEquals(expected[i], r.get(i)[0]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void fillingAOneChunkGapExtendsTheFirstRecordAndDoesNotMerge(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(64))
        {
            t.insert(10, 100);
            t.insert(12, 102);
            t.insert(11, 101);
            final List<long[]> r = records(t);
            assertEquals(2, r.size());
            assertArrayEquals(new long[] {10, 100, 1}, r.get(0));
            assertArrayEquals(new long[] {12, 102, 0}, r.get(1));
            for (long c = 10; c <= 12; c++)
            {
                assertEquals(90 + c, t.lookup(c));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void frontExtensionWinsOnlyWhenNoEarlierRecordExtendsAtItsEnd(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(64))
        {
            // The walk meets 10 first: 11 is not its end, and 11 < 12, so the front of 12 is taken.
            t.insert(10, 500);
            t.insert(12, 102);
            t.insert(11, 101);
            final List<long[]> r = records(t);
            assertEquals(2, r.size());
            assertArrayEquals(new long[] {10, 500, 0}, r.get(0));
            assertArrayEquals(new long[] {11, 101, 1}, r.get(1));
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void aRecordHoldsAFullGroupOf256(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(64))
        {
            for (long c = 256; c < 512; c++)
            {
                assertTrue(t.insert(c, 10_000 + c));
            }
            final List<long[]> r = records(t);
            assertEquals(1, r.size());
            assertArrayEquals(new long[] {256, 10_256, 255}, r.get(0));
            assertEquals(10_256, t.lookup(256));
            assertEquals(10_511, t.lookup(511));
            assertEquals(CompleteTable.NOT_FOUND, t.lookup(512));
            assertEquals(CompleteTable.NOT_FOUND, t.lookup(255));
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void neverCombinesAcrossA256GroupBoundary(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(64))
        {
            for (long c = 256; c < 512; c++)
            {
                t.insert(c, 10_000 + c);
            }
            t.insert(512, 10_512);   // consecutive on both sides, but the next group
            t.insert(255, 10_255);   // consecutive on both sides, but the previous group
            final List<long[]> r = records(t);
            assertEquals(3, r.size());
            assertArrayEquals(new long[] {255, 10_255, 0}, r.get(0));
            assertArrayEquals(new long[] {256, 10_256, 255}, r.get(1));
            assertArrayEquals(new long[] {512, 10_512, 0}, r.get(2));
            for (long c = 255; c <= 512; c++)
            {
                assertEquals(10_000 + c, t.lookup(c));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void descendingRunAcrossABoundarySplitsAtTheBoundary(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(2))
        {
            // Two buckets: groups 0 and 2 share bucket 0, group 1 is bucket 1.
            for (long c = 700; c >= 100; c--)
            {
                t.insert(c, c + 100);
            }
            for (final long[] rec : records(t))
            {
                assertEquals(rec[0] >> 8, (rec[0] + rec[2]) >> 8, "record crosses a group");
                assertTrue(rec[2] <= 255);
            }
            assertEquals(3, records(t).size(), "one record per group: 100..255, 256..511, 512..700");
            for (long c = 100; c <= 700; c++)
            {
                assertEquals(c + 100, t.lookup(c));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void lookupsAcrossSeveralRunsInOneBucket(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(64))
        {
            for (long c = 0; c < 10; c++)
            {
                t.insert(c, 1000 + c);
            }
            for (long c = 20; c < 25; c++)
            {
                t.insert(c, 5000 + c);
            }
            t.insert(30, 77);
            for (long c = 40; c < 60; c++)
            {
                t.insert(c, 9000 + c);
            }
            assertEquals(4, records(t).size());
            for (long c = 0; c < 70; c++)
            {
                final long expected;
                if (c < 10)
                {
                    expected = 1000 + c;
                }
                else if (c >= 20 && c < 25)
                {
                    expected = 5000 + c;
                }
                else if (c == 30)
                {
                    expected = 77;
                }
                else if (c >= 40 && c < 60)
                {
                    expected = 9000 + c;
                }
                else
                {
                    expected = CompleteTable.NOT_FOUND;
                }
                assertEquals(expected, t.lookup(c), "chunk " + c);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void removeDeletesAOneChunkRecord(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(64))
        {
            t.insert(5, 50);
            t.insert(7, 70);
            t.insert(9, 90);
            assertEquals(CompleteTable.REMOVED, t.removeChunk(7));
            assertEquals(CompleteTable.NOT_FOUND, t.lookup(7));
            assertEquals(CompleteTable.REMOVED, t.removeChunk(5));   // the head
            assertEquals(CompleteTable.REMOVED, t.removeChunk(9));   // the tail
            assertTrue(records(t).isEmpty());
            assertEquals(CompleteTable.REMOVE_NOT_FOUND, t.removeChunk(5));
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void removeShrinksARunAtItsFrontAndEnd(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(64))
        {
            for (long c = 10; c < 15; c++)
            {
                t.insert(c, 100 + c);
            }
            assertEquals(CompleteTable.REMOVED, t.removeChunk(10));
            assertArrayEquals(new long[] {11, 111, 3}, records(t).get(0));
            assertEquals(CompleteTable.REMOVED, t.removeChunk(14));
            assertArrayEquals(new long[] {11, 111, 2}, records(t).get(0));
            assertEquals(CompleteTable.NOT_FOUND, t.lookup(10));
            assertEquals(CompleteTable.NOT_FOUND, t.lookup(14));
            assertEquals(112, t.lookup(12));
            assertEquals(CompleteTable.REMOVE_FROM_MIDDLE, t.removeChunk(12));
            assertArrayEquals(new long[] {11, 111, 2}, records(t).get(0), "a middle remove changes nothing");
            assertEquals(CompleteTable.REMOVED, t.removeChunk(13));
            assertEquals(CompleteTable.REMOVED, t.removeChunk(11));
            assertArrayEquals(new long[] {12, 112, 0}, records(t).get(0));
            assertEquals(CompleteTable.REMOVED, t.removeChunk(12));
            assertTrue(records(t).isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void removeOfAnAbsentChunkReportsNotFound(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(64))
        {
            assertEquals(CompleteTable.REMOVE_NOT_FOUND, t.removeChunk(3));
            t.insert(3, 30);
            assertEquals(CompleteTable.REMOVE_NOT_FOUND, t.removeChunk(4));
            assertEquals(CompleteTable.REMOVE_NOT_FOUND, t.removeChunk(3 + 64 * 256));
            assertEquals(1, records(t).size());
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void reinsertAfterRemoveCombinesAgain(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(64))
        {
            t.insert(1, 11);
            t.insert(2, 12);
            assertEquals(CompleteTable.REMOVED, t.removeChunk(2));
            assertTrue(t.insert(2, 12));
            assertEquals(1, records(t).size());
            assertArrayEquals(new long[] {1, 11, 1}, records(t).get(0));
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void storesOnly56BitsOfTheNewChunk(final IntFunction<CompleteTable> factory)
    {
        try (CompleteTable t = factory.apply(64))
        {
            final long big = (1L << 56) - 2;
            t.insert(1, big);
            t.insert(2, big + 1);
            assertEquals(big + 1, t.lookup(2));
            assertArrayEquals(new long[] {1, big, 1}, records(t).get(0));
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void refusesBucketCountsThatAreNotPowersOfTwo(final IntFunction<CompleteTable> factory)
    {
        assertThrows(IllegalArgumentException.class, () -> factory.apply(48));
        assertThrows(IllegalArgumentException.class, () -> factory.apply(1));
        try (CompleteTable t = factory.apply(2))
        {
            assertNotEquals(0, t.buckets());
        }
    }
}
