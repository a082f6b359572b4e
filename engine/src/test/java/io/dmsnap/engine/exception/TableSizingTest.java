package io.dmsnap.engine.exception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches.HashSizing;
import io.dmsnap.engine.config.Switches.Tables;

import org.junit.jupiter.api.Test;

/** {@code init_hash_tables} and {@code calc_max_buckets} sizing examples and the factories. */
class TableSizingTest
{
    private static final long GIB_SECTORS = (1L << 30) / 512;
    private static final long MIB_SECTORS = (1L << 20) / 512;
    private static final int MAX_BL = 262_144;
    private static final int MAX_LISTS = 131_072;

    @Test
    void oneGibCowWithChunkSize8()
    {
        final int complete = TableSizing.completeBuckets(GIB_SECTORS, 0, 3, HashSizing.COW_ONLY, MAX_BL);
        assertEquals(262_144, complete);
        assertEquals(32_768, TableSizing.pendingBuckets(complete));
    }

    @Test
    void hundredMibCowWithChunkSize16RoundsDown()
    {
        final int complete = TableSizing.completeBuckets(100 * MIB_SECTORS, 0, 4, HashSizing.COW_ONLY, MAX_BL);
        assertEquals(8_192, complete);   // 12,800 chunks round down
        assertEquals(1_024, TableSizing.pendingBuckets(complete));
    }

    @Test
    void tinyDevicesGetTheMinimumOf64()
    {
        assertEquals(64, TableSizing.completeBuckets(4, 4, 6, HashSizing.COW_ONLY, MAX_BL));
        assertEquals(64, TableSizing.completeBuckets(GIB_SECTORS, 4, 6, HashSizing.MIN_ORIGIN_COW, MAX_BL));
        assertEquals(64, TableSizing.pendingBuckets(64));
    }

    @Test
    void minOriginCowWithAnEmptyOriginGives64()
    {
        assertEquals(64, TableSizing.completeBuckets(GIB_SECTORS, 0, 3, HashSizing.MIN_ORIGIN_COW, MAX_BL));
        assertEquals(262_144, TableSizing.completeBuckets(GIB_SECTORS, 0, 3, HashSizing.COW_ONLY, MAX_BL));
    }

    @Test
    void minOriginCowUsesTheSmallerDevice()
    {
        assertEquals(4_096, TableSizing.completeBuckets(GIB_SECTORS, 32 * MIB_SECTORS, 4, HashSizing.MIN_ORIGIN_COW,
            MAX_BL));
        assertEquals(4_096, TableSizing.completeBuckets(32 * MIB_SECTORS, GIB_SECTORS, 4, HashSizing.MIN_ORIGIN_COW,
            MAX_BL));
    }

    @Test
    void headSizeCapsTheTable()
    {
        assertEquals(131_072, TableSizing.completeBuckets(GIB_SECTORS, 0, 3, HashSizing.COW_ONLY, MAX_LISTS));
        assertEquals(16_384, TableSizing.pendingBuckets(131_072));
        assertEquals(262_144, TableSizing.completeBuckets(1L << 40, 0, 0, HashSizing.COW_ONLY, MAX_BL));
    }

    @Test
    void chunkShiftZeroUsesTheSectorCount()
    {
        assertEquals(1_024, TableSizing.completeBuckets(2_000, 0, 0, HashSizing.COW_ONLY, MAX_BL));
    }

    @Test
    void configSuppliesSizingAndLimit()
    {
        final EngineConfig current = EngineConfig.current();
        assertEquals(262_144, TableSizing.completeBuckets(current, GIB_SECTORS, 0, 3));
        final EngineConfig old = current.with("tables", "HEAP_LISTS").with("hashSizing", "MIN_ORIGIN_COW");
        assertEquals(64, TableSizing.completeBuckets(old, GIB_SECTORS, 0, 3));
        assertEquals(131_072, TableSizing.completeBuckets(old, GIB_SECTORS, GIB_SECTORS, 3));
    }

    @Test
    void refusesNegativeInput()
    {
        assertThrows(IllegalArgumentException.class,
            () -> TableSizing.completeBuckets(-1, 0, 3, HashSizing.COW_ONLY, MAX_BL));
    }

    @Test
    void factoriesBuildTheSelectedImplementation()
    {
        try (CompleteTable c = ExceptionTables.complete(Tables.OFFHEAP_BL, 128);
             PendingTable p = ExceptionTables.pending(Tables.OFFHEAP_BL, 64))
        {
            assertInstanceOf(OffHeapCompleteTable.class, c);
            assertInstanceOf(OffHeapPendingTable.class, p);
            assertEquals(128, c.buckets());
            assertEquals(64, p.buckets());
        }
        try (CompleteTable c = ExceptionTables.complete(Tables.HEAP_LISTS, 128);
             PendingTable p = ExceptionTables.pending(Tables.HEAP_LISTS, 64))
        {
            assertInstanceOf(HeapListCompleteTable.class, c);
            assertInstanceOf(HeapListPendingTable.class, p);
        }
    }
}
