package io.dmsnap.engine.store;

import io.dmsnap.engine.dm.DmLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CowInspector on store-written images and on hand-built images with each kind of damage. The
 * rendering of a report (text, JSON) is tested where it is shown, with {@code dmsnap inspect}.
 */
@Timeout(10)
final class CowInspectorTest
{
    private final DmLog log = new DmLog("test");

    @Test
    void storeWrittenImageIsHealthyAndAgreesWithAReplay() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(200);
        final PersistentStore store = Recorder.store(disk, 1, "", log);
        final Recorder rec = new Recorder();
        assertEquals(0, store.readMetadata(rec));
        for (int i = 0; i < 40; i++)
        {
            store.commitException(1000 + i, store.prepareException(1000 + i), true, rec, i);
        }
        store.commitException(7, store.prepareException(7), true, rec, "x");

        final CowReport report = CowInspector.inspect(disk, null);
        assertEquals(List.of(), report.verify());
        assertEquals(1, report.chunkSize());
        assertEquals(32, report.exceptionsPerArea());
        assertEquals(List.of(new CowReport.Area(0, 1, 32, true, -1, 0), new CowReport.Area(1, 34, 9, false, 9, 0)),
                     report.areas());
        assertEquals(List.of("1000-1031 -> 2-33 (32)", "1032-1039 -> 35-42 (8)", "7 -> 43 (1)"),
                     report.runs().stream().map(CowReport.Run::toString).toList());

        final Recorder replay = new Recorder();
        final PersistentStore reloaded = Recorder.store(disk, 1, "", log);
        assertEquals(0, reloaded.readMetadata(replay));
        assertEquals(replay.mappings.size(), report.exceptionCount());
        for (int i = 0; i < report.exceptionCount(); i++)
        {
            assertEquals(replay.mappings.get(i)[0], report.oldChunk(i));
            assertEquals(replay.mappings.get(i)[1], report.newChunk(i));
        }
        assertEquals(reloaded.nextFree(), report.nextFree());
        assertEquals(PersistentStoreMetadataTest.usage(reloaded), report.usageLine());
        assertEquals("44/200 3", report.statusLine());
    }

    @Test
    void freshStoreImageReportsTheKernelStatusNumbers() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(204800);
        assertEquals(0, Recorder.store(disk, 16, "", log).readMetadata(new Recorder()));
        final CowReport report = CowInspector.inspect(disk, null);
        assertEquals("32/204800 32", report.statusLine());
        assertEquals(0, report.exceptionCount());
        assertTrue(report.ok());
    }

    @Test
    void metadataChunkReferencedAsData() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(200);
        new CowImage(disk, 1).validHeader().entry(0, 0, 10, 2).entry(0, 1, 11, 34);
        final List<String> v = CowInspector.inspect(disk, null).verify();
        assertTrue(v.contains("area 0 entry #1: new chunk 34 is the location of metadata area 1 "
                              + "(a metadata chunk referenced as data)"), v.toString());
    }

    @Test
    void chunkReferencedTwice() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(200);
        new CowImage(disk, 1).validHeader().entry(0, 0, 10, 2).entry(0, 1, 11, 3).entry(0, 2, 12, 2);
        final List<String> v = CowInspector.inspect(disk, null).verify();
        assertEquals(List.of("COW chunk 2 referenced 2 times: area 0 entry #0, area 0 entry #2"), v);
    }

    @Test
    void leakBelowNextFree() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(200);
        new CowImage(disk, 1).validHeader().entry(0, 0, 10, 2).entry(0, 1, 11, 3).entry(0, 2, 12, 7);
        final CowReport report = CowInspector.inspect(disk, null);
        assertEquals(8, report.nextFree());
        assertEquals(3, report.leakedChunks());
        assertEquals(List.of("leak: chunks 4-6 (3) below next_free 8 are neither metadata nor referenced"),
                     report.verify());
    }

    @Test
    void areaChunksAreNotLeaks() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(200);
        new CowImage(disk, 1).validHeader().fullArea(0, 0).entry(1, 0, 100, 35);
        assertEquals(List.of(), CowInspector.inspect(disk, null).verify());
    }

    @Test
    void strayEntriesAfterTheTerminator() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(200);
        new CowImage(disk, 1).validHeader().entry(0, 0, 10, 2).entry(0, 1, 11, 3).entry(0, 5, 9, 0)
                             .entry(0, 7, 0, 40);
        final CowReport report = CowInspector.inspect(disk, null);
        assertEquals(List.of("area 0 (chunk 1): 2 non-zero entries after the terminator at #2 (first at #5); "
                             + "replay ignores them"), report.verify());
        assertEquals(2, report.areas().get(0).strayEntries());
        assertEquals(2, report.exceptionCount());
    }

    @Test
    void newChunkBeyondTheDevice() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(200);
        new CowImage(disk, 1).validHeader().entry(0, 0, 10, 2).entry(0, 1, 11, 500);
        final List<String> v = CowInspector.inspect(disk, null).verify();
        assertTrue(v.contains("area 0 entry #1: new chunk 500 lies beyond the device (200 chunks)"), v.toString());
    }

    @Test
    void truncatedDevice() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(34);   // area 1 would be chunk 34
        new CowImage(disk, 1).validHeader().fullArea(0, 0);
        final List<String> v = CowInspector.inspect(disk, null).verify();
        assertEquals(List.of("truncated device: area 1 belongs at chunk 34 but the device has only 34 chunks "
                             + "(area 0 is full, so replay needs area 1)"), v);
    }

    @Test
    void unreadableArea() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(200);
        new CowImage(disk, 1).validHeader().fullArea(0, 0);
        disk.failReadOfChunk(34, 1);
        final List<String> v = CowInspector.inspect(disk, null).verify();
        assertEquals(List.of("area 1 (chunk 34): read error: I/O error"), v);
    }

    @Test
    void invalidHeaderIsAViolationNotJustANote() throws Exception
    {
        // Before: a note only, and --verify said OK.
        final FaultyDisk disk = new FaultyDisk(200);
        new CowImage(disk, 1).header(CowImage.MAGIC, 0, 1, 1).entry(0, 0, 5, 2);
        final CowReport report = CowInspector.inspect(disk, null);
        assertFalse(report.ok());
        assertEquals("Invalid", report.statusLine());
        assertEquals(List.of("the header marks the snapshot invalid (valid = 0 at byte 4): the kernel loads no "
                             + "exceptions and reports the status \"Invalid\""), report.verify());
        assertEquals(List.of(), report.notes());
    }

    @Test
    void fatalHeaders()
    {
        final FaultyDisk blank = new FaultyDisk(200);
        assertTrue(assertThrows(InspectException.class, () -> CowInspector.inspect(blank, null))
                       .getMessage().contains("blank COW device"));

        final FaultyDisk magic = new FaultyDisk(200);
        new CowImage(magic, 1).header(0x01020304, 1, 1, 1);
        assertEquals("wrong magic 0x01020304 at byte 0: expected 0x70416E53 (\"SnAp\"), "
                     + "not a persistent snapshot COW device",
                     assertThrows(InspectException.class, () -> CowInspector.inspect(magic, null)).getMessage());

        final FaultyDisk version = new FaultyDisk(200);
        new CowImage(version, 1).header(CowImage.MAGIC, 1, 2, 1);
        assertEquals("unsupported on-disk version 2 at byte 8: only version 1 exists",
                     assertThrows(InspectException.class, () -> CowInspector.inspect(version, null)).getMessage());

        final FaultyDisk chunk = new FaultyDisk(200);
        new CowImage(chunk, 1).header(CowImage.MAGIC, 1, 1, 12);
        assertEquals("chunk size 12 in the header (byte 12) is not a power of 2",
                     assertThrows(InspectException.class, () -> CowInspector.inspect(chunk, null)).getMessage());
        assertTrue(assertThrows(InspectException.class, () -> CowInspector.inspect(chunk, 3))
                       .getMessage().startsWith("chunk size override 3"));
    }

    @Test
    void overrideWalksWithTheGivenChunkSize() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(200);
        new CowImage(disk, 1).header(CowImage.MAGIC, 1, 1, 12).entry(0, 0, 5, 2);
        final CowReport report = CowInspector.inspect(disk, 1);
        assertEquals(1, report.chunkSize());
        assertEquals(12, report.header().chunkSize());
        assertEquals(1, report.exceptionCount());
        assertEquals(List.of("chunk size 1 given by the caller; the header says 12"), report.notes());
    }
}
