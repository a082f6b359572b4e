package io.dmsnap.engine.store;

import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.dm.DmLog;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The store's chunk geometry: derived values, and one object replaced as a whole when the size changes. */
final class ChunkGeometryTest
{
    @Test
    void shiftAndMaskFollowTheSize()
    {
        final ChunkGeometry g = ChunkGeometry.of(16);
        assertEquals(16, g.sectors());
        assertEquals(4, g.shift());
        assertEquals(15L, g.mask());
        assertEquals(1L << 21, ChunkGeometry.of(1 << 21).mask() + 1);
        assertEquals(0, ChunkGeometry.of(1).shift());
        assertEquals(0L, ChunkGeometry.of(1).mask());
    }

    @Test
    void sizeZeroHasShiftAndMaskZero()
    {
        assertSame(ChunkGeometry.NONE, ChunkGeometry.of(0));
        assertEquals(0, ChunkGeometry.NONE.shift());
        assertEquals(0L, ChunkGeometry.NONE.mask());
    }

    @Test
    void settingTheChunkSizeReplacesTheStoresGeometry() throws StoreException
    {
        final ExceptionStore transientStore = new TransientStore(new MemoryDevice("cow", 1024), 8);
        final ChunkGeometry before = transientStore.geometry();
        assertEquals(3, before.shift());
        transientStore.chunkSize(0);
        assertSame(ChunkGeometry.NONE, transientStore.geometry());
        assertEquals(3, before.shift(), "a reader holding the old geometry keeps consistent values");

        final ExceptionStore persistent = ExceptionStores.create("P", "32", new MemoryDevice("cow2", 4096),
            new MemoryDevice("origin", 4096), new DmLog("test"));
        assertEquals(32, persistent.chunkSize());
        assertEquals(5, persistent.geometry().shift());
        persistent.chunkSize(64);
        assertNotSame(before, persistent.geometry());
        assertEquals(63L, persistent.geometry().mask());
        assertEquals(64 * 512 / 16, ((PersistentStore) persistent).exceptionsPerArea());
        assertEquals(64 * 512 / 16, PersistentStore.exceptionsPerArea(64));
    }
}
