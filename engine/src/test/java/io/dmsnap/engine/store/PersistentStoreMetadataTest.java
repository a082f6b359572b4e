package io.dmsnap.engine.store;

import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.dm.DmLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** readMetadata against images built from the format description ({@code persistent_read_metadata}, {@code read_header}, {@code read_exceptions}, {@code dm_exception_store_set_chunk_size}). */
@Timeout(10)
final class PersistentStoreMetadataTest
{
    private final DmLog log = new DmLog("test");
    private final Recorder rec = new Recorder();

    @Test
    void newCowGetsHeaderAndZeroedAreaZero() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(204800);
        final CowImage img = new CowImage(disk, 16);
        img.entry(0, 0, 7, 9).entry(0, 511, 1, 1);   // stale bytes in area 0 must be zeroed
        final PersistentStore store = Recorder.store(disk, 16, "", log);

        assertEquals(0, store.readMetadata(rec));

        assertArrayEquals(new byte[] {0x53, 0x6E, 0x41, 0x70}, disk.raw(0, 4).array());
        assertEquals(1, img.headerInt(4));
        assertEquals(1, img.headerInt(8));
        assertEquals(16, img.headerInt(12));
        assertTrue(allZero(disk.raw(16, 16 * 512 - 16).array()), "header chunk after byte 16");
        assertTrue(allZero(disk.raw(img.chunkBytes(), (int) img.chunkBytes()).array()), "area 0");
        assertTrue(rec.mappings.isEmpty());
        assertEquals("32/204800 32", usage(store));
        assertEquals(" P 16", store.statusTable());
        assertEquals(512, store.exceptionsPerArea());
    }

    @Test
    void tableChunkZeroUsesDefaultOrCowBlock() throws StoreException
    {
        final FaultyDisk small = new FaultyDisk(4096);
        final PersistentStore a = Recorder.store(small, 0, "", log);
        assertEquals(0, a.readMetadata(rec));
        assertEquals(32, a.chunkSize());
        assertEquals(32, new CowImage(small, 32).headerInt(12));

        final FaultyDisk big = new FaultyDisk(4096, 32768);
        final PersistentStore b = new PersistentStore(new StoreArgs(big, big, 0, "", log));
        assertEquals(0, b.readMetadata(rec));
        assertEquals(64, b.chunkSize());
    }

    @Test
    void replaysTwoFullAreasAndAPartialThird() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(200);
        final CowImage img = new CowImage(disk, 1).validHeader();   // epa 32, stride 33
        img.fullArea(0, 1000).fullArea(1, 2000);
        for (int i = 0; i < 5; i++)
        {
            img.entry(2, i, 3000 + i, 68 + i);
        }
        final PersistentStore store = Recorder.store(disk, 1, "", log);

        assertEquals(0, store.readMetadata(rec));

        final List<long[]> expected = new ArrayList<>();
        for (int i = 0; i < 32; i++)
        {
            expected.add(new long[] {1000 + i, 2 + i});
        }
        for (int i = 0; i < 32; i++)
        {
            expected.add(new long[] {2000 + i, 35 + i});
        }
        for (int i = 0; i < 5; i++)
        {
            expected.add(new long[] {3000 + i, 68 + i});
        }
        assertEquals(expected.size(), rec.mappings.size());
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i), rec.mappings.get(i), "mapping " + i);
        }
        assertEquals(73, store.nextFree());
        assertEquals(2, store.currentArea());
        assertEquals("73/200 4", usage(store));

        // The next commit appends after the replayed entries of area 2.
        final long chunk = store.prepareException(4000);
        assertEquals(73, chunk);
        store.commitException(4000, chunk, true, rec, "c");
        assertEquals(3004, img.old(2, 4));
        assertEquals(4000, img.old(2, 5));
        assertEquals(73, img.nu(2, 5));
        assertEquals(0, img.nu(2, 6));
    }

    @Test
    void replayedNextFreeSkipsAnAreaLocation() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(200);
        new CowImage(disk, 1).validHeader().fullArea(0, 500);   // max new = 33, area 1 at 34 is empty
        final PersistentStore store = Recorder.store(disk, 1, "", log);
        assertEquals(0, store.readMetadata(rec));
        assertEquals(35, store.nextFree());
        assertEquals(1, store.currentArea());
        assertEquals(35, store.prepareException(1));
    }

    @Test
    void entriesAfterTheTerminatorAreIgnoredAndNotResurrected() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(200);
        final CowImage img = new CowImage(disk, 1).validHeader();
        img.entry(0, 0, 10, 2).entry(0, 1, 11, 3).entry(0, 3, 13, 20);   // entry 2 is the terminator
        final PersistentStore store = Recorder.store(disk, 1, "", log);
        assertEquals(0, store.readMetadata(rec));
        assertEquals(2, rec.mappings.size());
        assertEquals(4, store.nextFree());

        store.commitException(12, store.prepareException(12), true, rec, "x");
        assertEquals(4, img.nu(0, 2));
        assertEquals(0, img.nu(0, 3), "a torn entry must not be written back");

        final Recorder again = new Recorder();
        assertEquals(0, Recorder.store(disk, 1, "", log).readMetadata(again));
        assertEquals(3, again.mappings.size());
    }

    @Test
    void wrongMagicIsInvalidOrCorrupt() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(200);
        new CowImage(disk, 1).header(0x12345678, 1, 1, 1);
        assertEquals(-6, Recorder.store(disk, 1, "", log).readMetadata(rec));
        assertTrue(log.contains("Invalid or corrupt snapshot"));
    }

    @Test
    void versionTwoFailsEvenWhenMarkedInvalid() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(200);
        final CowImage img = new CowImage(disk, 1).header(CowImage.MAGIC, 1, 2, 1);
        assertEquals(-22, Recorder.store(disk, 1, "", log).readMetadata(rec));
        img.header(CowImage.MAGIC, 0, 2, 1);
        assertEquals(-22, Recorder.store(disk, 1, "", log).readMetadata(rec));
    }

    @Test
    void invalidHeaderReturnsOneAndLoadsNothing() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(200);
        new CowImage(disk, 1).header(CowImage.MAGIC, 0, 1, 1).fullArea(0, 100).entry(1, 0, 5, 40);
        final PersistentStore store = Recorder.store(disk, 1, "", log);
        assertEquals(1, store.readMetadata(rec));
        assertTrue(rec.mappings.isEmpty());
        assertFalse(store.isValid());
    }

    @Test
    void onDiskChunkSizeWinsOverTheTable() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(4096);
        new CowImage(disk, 8).validHeader().entry(0, 0, 77, 2);
        final PersistentStore store = Recorder.store(disk, 16, "", log);
        assertEquals(0, store.readMetadata(rec));
        assertEquals(8, store.chunkSize());
        assertEquals(256, store.exceptionsPerArea());
        assertEquals(" P 8", store.statusTable());
        assertEquals(1, rec.mappings.size());
        assertTrue(log.contains("replaces the table's chunk size 16"));

        log.clear();
        final PersistentStore unsized = Recorder.store(disk, 0, "", log);
        assertEquals(0, unsized.readMetadata(new Recorder()));
        assertEquals(8, unsized.chunkSize());
        assertFalse(log.contains("replaces"), "no warning when the table gave no chunk size");
    }

    @Test
    void illegalOnDiskChunkSizeFails() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(4096);
        final CowImage img = new CowImage(disk, 8);
        img.header(CowImage.MAGIC, 1, 1, 12);
        assertTrue(Recorder.store(disk, 8, "", log).readMetadata(rec) < 0);
        img.header(CowImage.MAGIC, 1, 1, 0);
        assertTrue(Recorder.store(disk, 8, "", log).readMetadata(rec) < 0);
        img.header(CowImage.MAGIC, 1, 1, 1 << 23);
        assertTrue(Recorder.store(disk, 8, "", log).readMetadata(rec) < 0);

        final FaultyDisk fourK = new FaultyDisk(4096, 4096);
        new CowImage(fourK, 8).header(CowImage.MAGIC, 1, 1, 1);   // below the 8-sector block
        assertTrue(new PersistentStore(new StoreArgs(fourK, fourK, 8, "", log)).readMetadata(rec) < 0);
        assertTrue(log.contains("Chunk size is not a multiple of device blocksize"));
    }

    @Test
    void areaReadErrorFailsButAnUnneededReadAheadErrorDoesNot() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(400);
        final CowImage img = new CowImage(disk, 1).validHeader().fullArea(0, 100);
        disk.failReadOfChunk(img.areaLocation(1), 1);
        assertTrue(Recorder.store(disk, 1, "", log).readMetadata(rec) < 0);

        final FaultyDisk other = new FaultyDisk(400);
        final CowImage partial = new CowImage(other, 1).validHeader().entry(0, 0, 1, 2);
        other.failReadOfChunk(partial.areaLocation(3), 1);   // read ahead, never needed
        assertEquals(0, Recorder.store(other, 1, "", log).readMetadata(new Recorder()));
    }

    @Test
    void readAheadStopsAtTheDeviceEnd() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(36);   // chunks 0..35: areas 0 (1) and 1 (34) only
        new CowImage(disk, 1).validHeader().fullArea(0, 100).entry(1, 0, 9, 35);
        assertEquals(0, Recorder.store(disk, 1, "", log).readMetadata(rec));
        assertEquals(33, rec.mappings.size());
        assertEquals(0, disk.outOfRange());
        assertEquals(3, disk.reads(), "header + two areas");
    }

    @Test
    void sinkRefusalIsOutOfMemory() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(200);
        new CowImage(disk, 1).validHeader().entry(0, 0, 1, 2);
        assertEquals(-12, Recorder.store(disk, 1, "", log).readMetadata((o, n) -> false));
    }

    @Test
    void options() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(200);
        assertFalse(Recorder.store(disk, 8, "", log).userspaceSupportsOverflow());
        final PersistentStore po = Recorder.store(disk, 8, "oX", log);
        assertTrue(po.userspaceSupportsOverflow());
        assertEquals(" PO 8", po.statusTable());
        final StoreException e = assertThrows(StoreException.class, () -> Recorder.store(disk, 8, "X1", log));
        assertEquals("Unsupported persistent store option: X1", e.getMessage());
        assertTrue(log.contains("Unsupported persistent store option: X1"));

        final BlockDevice origin = new FaultyDisk(200);
        final ExceptionStore viaRegistry = ExceptionStores.create("PO", "8", disk, origin, log);
        assertInstanceOf(PersistentStore.class, viaRegistry);
        assertEquals(" PO 8", viaRegistry.statusTable());
        assertEquals("P", viaRegistry.typeName());
        assertTrue(viaRegistry.supportsMerge());
        assertEquals(PersistentStore.TYPE, ExceptionStores.type("persistent"));
    }

    static String usage(final ExceptionStore store)
    {
        final long[] u = new long[3];
        store.usage(u);
        return u[0] + "/" + u[1] + " " + u[2];
    }

    static boolean allZero(final byte[] bytes)
    {
        for (final byte b : bytes)
        {
            if (b != 0)
            {
                return false;
            }
        }
        return true;
    }
}
