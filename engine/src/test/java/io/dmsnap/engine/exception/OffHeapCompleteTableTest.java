package io.dmsnap.engine.exception;

import static io.dmsnap.engine.exception.TableFixtures.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Memory layout, growth and exhaustion of the off-heap complete table. */
class OffHeapCompleteTableTest
{
    @Test
    @Timeout(20)
    void millionRandomRecordsCostAtMost32BytesEach()
    {
        final int n = 1_000_000;
        final SplittableRandom random = new SplittableRandom(42);
        try (OffHeapCompleteTable table = new OffHeapCompleteTable(262_144))
        {
            // Old chunks: distinct, spread over 2^32 by an odd multiplier. New chunks step by 2,
            // so no two records are ever consecutive on the COW side and nothing combines.
            final long multiplier = 0x9E37_79B9L | 1;
            final long offset = random.nextLong(1L << 20);
            for (int i = 0; i < n; i++)
            {
                assertTrue(table.insert((i * multiplier + offset) & 0xFFFF_FFFFL, 2L * i));
            }
            final long[] count = new long[1];
            table.forEachRecord((o, c, k) -> count[0]++);
            assertEquals(n, count[0]);
            final double perRecord = (double) table.footprintBytes() / n;
            assertTrue(perRecord <= 32.0, "bytes per record: " + perRecord);
            assertEquals(262_144L * 8 + (long) table.recordCapacity() * RecordSlab.RECORD_BYTES, table.footprintBytes());
            for (int i = 0; i < n; i += 997)
            {
                assertEquals(2L * i, table.lookup((i * multiplier + offset) & 0xFFFF_FFFFL));
            }
        }
    }

    @Test
    void footprintCountsBucketWordsBeforeAnyRecordAndGrowsBySegments()
    {
        try (OffHeapCompleteTable table = new OffHeapCompleteTable(1024))
        {
            assertEquals(1024L * 8, table.footprintBytes());
            assertEquals(0, table.recordCapacity());
            table.insert(1, 10);
            assertEquals(RecordSlab.SEGMENT_RECORDS, table.recordCapacity());
            assertEquals(1024L * 8 + RecordSlab.SEGMENT_BYTES, table.footprintBytes());
            for (int i = 0; i < RecordSlab.SEGMENT_RECORDS; i++)
            {
                assertTrue(table.insert(1_000 + 2L * i, 3L * i));
            }
            assertEquals(2 * RecordSlab.SEGMENT_RECORDS, table.recordCapacity());
            assertEquals(10, table.lookup(1));
            assertEquals(3L * (RecordSlab.SEGMENT_RECORDS - 1), table.lookup(1_000 + 2L * (RecordSlab.SEGMENT_RECORDS - 1)));
        }
    }

    @Test
    void insertFailsOnlyWhenNoRecordCanBeAllocated()
    {
        try (OffHeapCompleteTable table = new OffHeapCompleteTable(64, 3))
        {
            assertTrue(table.insert(10, 100));
            assertTrue(table.insert(20, 200));
            assertTrue(table.insert(30, 300));
            assertFalse(table.insert(40, 400), "a fourth record exceeds the limit");
            assertEquals(CompleteTable.NOT_FOUND, table.lookup(40));
            assertTrue(table.insert(11, 101), "combining needs no new record");
            assertTrue(table.insert(29, 299), "nor does extending at the front");
            assertEquals(CompleteTable.REMOVED, table.removeChunk(20));
            assertTrue(table.insert(40, 400), "the freed record is reused");
            assertEquals(400, table.lookup(40));
            assertEquals(3, records(table).size());
        }
    }

    @Test
    void freedRecordsAreReusedBeforeFreshOnes()
    {
        try (OffHeapCompleteTable table = new OffHeapCompleteTable(64, 2))
        {
            for (int round = 0; round < 1_000; round++)
            {
                assertTrue(table.insert(5, round * 10L));
                assertTrue(table.insert(7, round * 10L + 5));
                assertEquals(round * 10L + 5, table.lookup(7));
                assertEquals(CompleteTable.REMOVED, table.removeChunk(5));
                assertEquals(CompleteTable.REMOVED, table.removeChunk(7));
            }
            assertTrue(records(table).isEmpty());
        }
    }

    @Test
    void refusesBadRecordLimits()
    {
        assertThrows(IllegalArgumentException.class, () -> new OffHeapCompleteTable(64, 0));
        assertThrows(IllegalArgumentException.class, () -> new OffHeapCompleteTable(64, RecordSlab.MAX_RECORDS + 1));
    }

    @Test
    void useAfterCloseFailsInsteadOfTouchingFreedMemory()
    {
        final OffHeapCompleteTable table = new OffHeapCompleteTable(64);
        table.insert(1, 2);
        table.close();
        assertThrows(NullPointerException.class, () -> table.lookup(1));
        table.close();   // idempotent
    }
}
