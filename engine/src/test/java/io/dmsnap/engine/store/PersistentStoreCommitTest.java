package io.dmsnap.engine.store;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.dm.DmLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Allocation and commit batching ({@code persistent_prepare_exception}, {@code persistent_commit_exception}, {@code persistent_drop_snapshot}), checked against the raw image. */
@Timeout(10)
final class PersistentStoreCommitTest
{
    private final DmLog log = new DmLog("test");
    private final Recorder rec = new Recorder();

    private PersistentStore fresh(final FaultyDisk disk, final int cs) throws StoreException
    {
        final PersistentStore store = Recorder.store(disk, cs, "", log);
        assertEquals(0, store.readMetadata(rec));
        disk.clearWrites();
        return store;
    }

    @Test
    void areaWriteMatchesTheFormatAndUsesPreflushFua() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(4096);
        final CowImage img = new CowImage(disk, 8);
        final PersistentStore store = fresh(disk, 8);
        final long a = store.prepareException(0x1122334455L);
        final long b = store.prepareException(7);
        store.commitException(0x1122334455L, a, true, rec, "a");
        store.commitException(7, b, true, rec, "b");

        final List<FaultyDisk.Write> writes = disk.writes();
        assertEquals(1, writes.size());
        assertEquals(new FaultyDisk.Write(8, 8, Bio.REQ_PREFLUSH | Bio.REQ_FUA), writes.get(0));
        final byte[] entry0 = disk.raw(img.areaLocation(0) * img.chunkBytes(), 16).array();
        final byte[] expected = {0x55, 0x44, 0x33, 0x22, 0x11, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(entry0));
        assertEquals(7, img.old(0, 1));
        assertEquals(3, img.nu(0, 1));
        assertEquals(0, img.nu(0, 2));
        assertEquals(List.of("a", "b"), rec.committed);
    }

    @Test
    void commitsBatchUntilNothingIsOutstanding() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(4096);
        final PersistentStore store = fresh(disk, 1);
        final int k = 5;
        final long[] chunks = new long[k];
        for (int i = 0; i < k; i++)
        {
            chunks[i] = store.prepareException(100 + i);
        }
        for (int i = 0; i < k - 1; i++)
        {
            store.commitException(100 + i, chunks[i], true, rec, i);
            assertTrue(disk.writes().isEmpty(), "commit " + i + " wrote");
            assertTrue(rec.committed.isEmpty(), "commit " + i + " called back");
        }
        store.commitException(100 + k - 1, chunks[k - 1], true, rec, k - 1);
        assertEquals(1, disk.writes().size());
        assertEquals(List.of(0, 1, 2, 3, 4), rec.committed);
        assertEquals(List.of(true, true, true, true, true), rec.success);
        assertEquals(1, store.areaWrites());
        assertEquals(5, store.commits());
        assertEquals(0, store.pendingCount());
    }

    @Test
    void fullAreaFlushesWhileMoreAreOutstandingAndZeroesTheNextArea() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(4096);
        final CowImage img = new CowImage(disk, 1);
        img.entry(1, 0, 99, 99);   // stale content where area 1 will go
        final PersistentStore store = fresh(disk, 1);
        final long[] chunks = new long[40];
        for (int i = 0; i < 40; i++)
        {
            chunks[i] = store.prepareException(500 + i);
        }
        for (int i = 0; i < 32; i++)
        {
            store.commitException(500 + i, chunks[i], true, rec, i);
        }
        final List<FaultyDisk.Write> writes = disk.writes();
        assertEquals(2, writes.size());
        assertEquals(new FaultyDisk.Write(img.areaLocation(1), 1, 0), writes.get(0), "zero the next area first");
        assertEquals(new FaultyDisk.Write(img.areaLocation(0), 1, Bio.REQ_PREFLUSH | Bio.REQ_FUA), writes.get(1));
        assertEquals(0, img.nu(1, 0));
        assertEquals(32, rec.committed.size());
        assertEquals(1, store.currentArea());
        for (int i = 0; i < 32; i++)
        {
            assertEquals(500 + i, img.old(0, i));
            assertEquals(chunks[i], img.nu(0, i));
        }
        for (int i = 32; i < 40; i++)
        {
            store.commitException(500 + i, chunks[i], true, rec, i);
        }
        assertEquals(3, disk.writes().size());
        assertEquals(539, img.old(1, 7));
        assertEquals(0, img.nu(1, 8));
        assertEquals(40, rec.committed.size());
    }

    @Test
    void sustainedLoadWritesOneAreaPerEpaCommits() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(1 << 16);
        final PersistentStore store = fresh(disk, 1);   // epa 32
        long previous = store.prepareException(0);
        for (int i = 1; i <= 1000; i++)
        {
            final long next = store.prepareException(i);   // one always outstanding
            store.commitException(i - 1, previous, true, rec, i - 1);
            previous = next;
        }
        assertEquals(1000 / 32, store.areaWrites());
        assertEquals(1000 / 32 * 32, rec.committed.size());
        store.commitException(1000, previous, true, rec, 1000);
        assertEquals(1000 / 32 + 1, store.areaWrites());
        assertEquals(1001, rec.committed.size());
    }

    @Test
    void allocationSkipsAreaChunks() throws StoreException
    {
        final PersistentStore store = fresh(new FaultyDisk(4096), 1);
        final List<Long> got = new ArrayList<>();
        for (int i = 0; i < 70; i++)
        {
            got.add(store.prepareException(i));
        }
        assertEquals(2L, got.get(0));
        assertEquals(33L, got.get(31));
        assertEquals(35L, got.get(32), "34 is area 1");
        assertEquals(66L, got.get(63));
        assertEquals(68L, got.get(64), "67 is area 2");
        assertEquals(70, store.pendingCount());
    }

    @Test
    void fullCowReturnsFull() throws StoreException
    {
        final PersistentStore store = fresh(new FaultyDisk(20), 1);
        for (long c = 2; c < 20; c++)
        {
            assertEquals(c, store.prepareException(c));
        }
        assertEquals(ExceptionStore.FULL, store.prepareException(99));
        assertEquals(ExceptionStore.FULL, store.prepareException(99));
        assertEquals(18, store.pendingCount());
        assertEquals("20/20 2", PersistentStoreMetadataTest.usage(store));
    }

    @Test
    void cowEndingAtAnAreaLocationInvalidatesOnRollOver() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(34);   // exactly area_location(1) chunks of 1 sector
        final PersistentStore store = fresh(disk, 1);
        final long[] chunks = new long[32];
        for (int i = 0; i < 32; i++)
        {
            chunks[i] = store.prepareException(i);
        }
        assertEquals(33, chunks[31], "the last data chunk before area 1 is still handed out");
        assertEquals(ExceptionStore.FULL, store.prepareException(32));
        for (int i = 0; i < 32; i++)
        {
            store.commitException(i, chunks[i], true, rec, i);
        }
        assertFalse(store.isValid());
        assertEquals(1, disk.outOfRange(), "zeroing area 1 went past the end");
        assertTrue(disk.writes().isEmpty(), "area 0 must not be written once invalid");
        assertEquals(32, rec.success.size());
        assertFalse(rec.success.contains(true));
    }

    @Test
    void invalidCommitIsStickyAndNothingIsWritten() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(4096);
        final PersistentStore store = fresh(disk, 1);
        final long a = store.prepareException(1);
        final long b = store.prepareException(2);
        store.commitException(1, a, true, rec, "a");
        store.commitException(2, b, false, rec, "b");
        assertEquals(List.of("a", "b"), rec.committed);
        assertEquals(List.of(false, false), rec.success);
        store.commitException(3, store.prepareException(3), true, rec, "c");
        assertEquals(false, rec.success.get(2));
        assertTrue(disk.writes().isEmpty());
        assertEquals(0, store.areaWrites());
    }

    @Test
    void areaWriteFailureInvalidates() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(4096);
        final PersistentStore store = fresh(disk, 1);
        disk.failWriteOfChunk(1, 1);
        store.commitException(1, store.prepareException(1), true, rec, "a");
        assertEquals(List.of(false), rec.success);
        assertFalse(store.isValid());
        disk.healWrites();
        store.commitException(2, store.prepareException(2), true, rec, "b");
        assertEquals(List.of(false, false), rec.success);
    }

    @Test
    void dropSnapshotMarksTheHeaderAndAReloadSeesIt() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(4096);
        final CowImage img = new CowImage(disk, 8);
        final PersistentStore store = fresh(disk, 8);
        store.commitException(5, store.prepareException(5), true, rec, "a");
        store.dropSnapshot();
        assertFalse(store.isValid());
        assertEquals(CowImage.MAGIC, img.headerInt(0));
        assertEquals(0, img.headerInt(4));
        assertEquals(1, img.headerInt(8));
        assertEquals(8, img.headerInt(12));
        final Recorder again = new Recorder();
        assertEquals(1, Recorder.store(disk, 8, "", log).readMetadata(again));
        assertTrue(again.mappings.isEmpty());
    }

    @Test
    void dropSnapshotWriteFailureIsOnlyLogged() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(4096);
        final PersistentStore store = fresh(disk, 8);
        disk.failWriteOfChunk(0, 8);
        store.dropSnapshot();
        assertFalse(store.isValid());
        assertTrue(log.contains("invalidating"));
        assertEquals(1, new CowImage(disk, 8).headerInt(4), "header unchanged");
    }
}
