package io.dmsnap.engine.store;

import io.dmsnap.engine.dm.DmLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Merge support ({@code persistent_prepare_merge}, {@code persistent_commit_merge}): counting runs backwards and forgetting them durably. */
@Timeout(10)
final class PersistentStoreMergeTest
{
    private final DmLog log = new DmLog("test");
    private final Recorder rec = new Recorder();
    private final long[] last = new long[2];

    private PersistentStore withCommits(final FaultyDisk disk, final int cs, final long... olds) throws StoreException
    {
        final PersistentStore store = Recorder.store(disk, cs, "", log);
        assertEquals(0, store.readMetadata(rec));
        for (final long old : olds)
        {
            store.commitException(old, store.prepareException(old), true, rec, old);
        }
        return store;
    }

    @Test
    void runsWithinAnAreaAreMergedFromTheEnd() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(4096);
        final CowImage img = new CowImage(disk, 8);
        final PersistentStore store = withCommits(disk, 8, 100, 101, 102, 50, 51);   // new 2..6
        final long writesBefore = store.areaWrites();

        assertEquals(2, store.prepareMerge(last));
        assertArrayEquals(new long[] {51, 6}, last);
        assertEquals(0, store.commitMerge(2));
        assertEquals(writesBefore + 1, store.areaWrites());
        assertEquals(102, img.old(0, 2));
        assertEquals(0, img.old(0, 3));
        assertEquals(0, img.nu(0, 3));
        assertEquals(0, img.nu(0, 4));
        assertEquals(5, store.nextFree(), "area_location(0) + 3 + 1");

        assertEquals(3, store.prepareMerge(last));
        assertArrayEquals(new long[] {102, 4}, last);
        assertEquals(0, store.commitMerge(3));
        assertEquals(0, img.nu(0, 0));
        assertEquals(0, store.prepareMerge(last), "merge done");
        final long[] u = new long[3];
        store.usage(u);
        assertEquals(u[2], u[0], "allocated == metadata when a merge is finished");
    }

    @Test
    void runsStopAtTheAreaStartAndEarlierAreasAreReadBack() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(4096);
        final long[] olds = new long[34];
        for (int i = 0; i < olds.length; i++)
        {
            olds[i] = 1000 + i;
        }
        final PersistentStore store = withCommits(disk, 1, olds);   // area 0: new 2..33, area 1: 35, 36
        assertEquals(1, store.currentArea());

        assertEquals(2, store.prepareMerge(last));
        assertArrayEquals(new long[] {1033, 36}, last);
        assertEquals(0, store.commitMerge(2));

        assertEquals(32, store.prepareMerge(last));
        assertEquals(0, store.currentArea());
        assertArrayEquals(new long[] {1031, 33}, last);
        assertEquals(0, store.commitMerge(30));
        assertEquals(2, store.prepareMerge(last));
        assertArrayEquals(new long[] {1001, 3}, last);
    }

    @Test
    void mergeIoErrorsAreNegative() throws StoreException
    {
        final FaultyDisk disk = new FaultyDisk(4096);
        final long[] olds = new long[33];
        for (int i = 0; i < olds.length; i++)
        {
            olds[i] = 10 * i;   // nothing consecutive
        }
        final PersistentStore store = withCommits(disk, 1, olds);
        assertEquals(1, store.prepareMerge(last));
        disk.failWriteOfChunk(34, 1);
        assertTrue(store.commitMerge(1) < 0);
        disk.healWrites();
        assertEquals(0, store.commitMerge(1));
        disk.failReadOfChunk(1, 1);
        assertTrue(store.prepareMerge(last) < 0);
        assertTrue(store.commitMerge(5) < 0, "more than committed");
    }
}
