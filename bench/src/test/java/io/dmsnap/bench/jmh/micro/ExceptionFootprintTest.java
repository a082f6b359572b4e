package io.dmsnap.bench.jmh.micro;

import io.dmsnap.engine.config.Switches.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class ExceptionFootprintTest
{
    private static final int EXCEPTIONS = 1 << 18;   // four full slab segments, no partly empty one
    private static final int BUCKETS = 1024;

    @Test
    void offHeapTableCostsItsRecordsInDirectMemory()
    {
        final ExceptionFootprint.Result r = ExceptionFootprint.measure(Tables.OFFHEAP_BL, EXCEPTIONS, BUCKETS);
        // 24-byte records plus 8-byte bucket words.
        assertEquals(24L * EXCEPTIONS + 8L * BUCKETS, r.accountedBytes());
        assertTrue(r.accountedPerException() <= 32, "accounted " + r.accountedPerException());
        assertTrue(r.directBytes() >= 24L * EXCEPTIONS, "direct " + r.directBytes());
        assertTrue(r.heapBytes() < 4L * EXCEPTIONS, "heap " + r.heapBytes());
    }

    @Test
    void heapListsCostAnObjectPerRecordOnTheHeap()
    {
        final ExceptionFootprint.Result r = ExceptionFootprint.measure(Tables.HEAP_LISTS, EXCEPTIONS, BUCKETS);
        assertEquals(0, r.directBytes());
        final double measured = r.measuredPerException();
        assertTrue(measured > 28 && measured < 48, "measured heap bytes per exception " + measured);
    }

    @Test
    void rowsFormatEveryColumn()
    {
        final String row = ExceptionFootprint.row(new ExceptionFootprint.Result(Tables.OFFHEAP_BL, 1000, 64, 26_000,
            1_000, 25_000));
        assertTrue(row.startsWith("OFFHEAP_BL"), row);
        assertTrue(row.contains("26.00") && row.contains("26,000"), row);
        assertEquals(ExceptionFootprint.header().length(), row.length());
    }
}
