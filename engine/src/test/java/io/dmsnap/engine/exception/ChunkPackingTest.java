package io.dmsnap.engine.exception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChunkPackingTest
{
    @Test
    void packsNumberInLow56BitsAndCountInHigh8()
    {
        final long packed = ChunkPacking.pack(0x12_3456_789A_BCDEL, 0xAB);
        assertEquals(0xAB12_3456_789A_BCDEL, packed);
        assertEquals(0x12_3456_789A_BCDEL, ChunkPacking.chunkNumber(packed));
        assertEquals(0xAB, ChunkPacking.consecutive(packed));
    }

    @Test
    void roundTripsTheExtremes()
    {
        final long maxNumber = (1L << 56) - 1;
        final long packed = ChunkPacking.pack(maxNumber, 255);
        assertEquals(-1L, packed);
        assertEquals(maxNumber, ChunkPacking.chunkNumber(packed));
        assertEquals(255, ChunkPacking.consecutive(packed));
        assertEquals(0L, ChunkPacking.pack(0, 0));
        assertEquals(7L, ChunkPacking.chunkNumber(ChunkPacking.pack(7, 0)));
    }

    @Test
    void dropsNumberBitsAbove56()
    {
        assertEquals(ChunkPacking.pack(5, 1), ChunkPacking.pack((1L << 56) | 5, 1));
    }

    @Test
    void addingOneConsecutiveUnitIncrementsOnlyTheCount()
    {
        final long packed = ChunkPacking.pack(1000, 3) + ChunkPacking.ONE_CONSECUTIVE;
        assertEquals(1000, ChunkPacking.chunkNumber(packed));
        assertEquals(4, ChunkPacking.consecutive(packed));
    }

    @Test
    void refusesCountsOutsideEightBits()
    {
        assertThrows(IllegalArgumentException.class, () -> ChunkPacking.pack(1, 256));
        assertThrows(IllegalArgumentException.class, () -> ChunkPacking.pack(1, -1));
    }
}
