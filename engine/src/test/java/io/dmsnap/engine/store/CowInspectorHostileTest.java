package io.dmsnap.engine.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CowInspector} on hostile images: unsigned chunk numbers, sizes checked first, summaries. */
@Timeout(20)
final class CowInspectorHostileTest
{
    private static List<String> violations(final FaultyDisk disk) throws InspectException
    {
        return CowInspector.inspect(disk, null).verify();
    }

    @Test
    void newChunkWithBit63IsBeyondTheDeviceNotBelowIt() throws Exception
    {
        // Before: a signed comparison found -2^63 below the device and --verify said OK.
        final FaultyDisk disk = new FaultyDisk(200);
        new CowImage(disk, 1).validHeader().entry(0, 0, 10, 1L << 63);
        assertEquals(List.of("area 0 entry #0: new chunk 9223372036854775808 lies beyond the device (200 chunks)"),
            violations(disk));
    }

    @Test
    void hugeNewChunksAreBeyondTheDevice() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(200);
        new CowImage(disk, 1).validHeader().entry(0, 0, 10, (1L << 60) + 5).entry(0, 1, 11, (1L << 61) - 1)
                                           .entry(0, 2, 12, -1L);
        final CowReport report = CowInspector.inspect(disk, null);
        assertEquals(List.of("new chunks beyond the device: 3, first: "
                             + "area 0 entry #0: new chunk 1152921504606846981 lies beyond the device (200 chunks); "
                             + "area 0 entry #1: new chunk 2305843009213693951 lies beyond the device (200 chunks); "
                             + "area 0 entry #2: new chunk 18446744073709551615 lies beyond the device (200 chunks)"),
            report.verify());
        assertEquals(2, report.nextFree(), "chunks off the device do not move next_free");
    }

    @Test
    void aGibibyteChunkOnASmallImageIsATruncatedDeviceAndOnlyTheHeaderIsRead() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(8192);
        new CowImage(disk, 8).header(CowImage.MAGIC, 1, 1, 1 << 21);
        assertEquals(List.of("truncated device: area 0 belongs at chunk 1 but the device has only 0 chunks"),
            violations(disk));
        assertEquals(1, disk.reads());
    }

    @Test
    void aDuplicatedOldChunkIsNamed() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(200);
        new CowImage(disk, 1).validHeader().entry(0, 0, 10, 2).entry(0, 1, 11, 3).entry(0, 2, 10, 4);
        assertEquals(List.of("old chunk 10 replayed 2 times: area 0 entry #0, area 0 entry #2 (the kernel adds each; "
                             + "which one a read finds depends on its exception table)"), violations(disk));
    }

    @Test
    void aHeaderChunkSizeChangedUpwardsLosesEveryExceptionAndIsFlagged() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(8192);
        new CowImage(disk, 8).validHeader().entry(0, 0, 10, 2).entry(0, 1, 11, 3).entry(0, 2, 12, 4);
        new CowImage(disk, 8).header(CowImage.MAGIC, 1, 1, 16);
        final CowReport report = CowInspector.inspect(disk, null);
        assertEquals(0, report.exceptionCount());
        assertEquals(List.of("chunk size 16 in the header does not fit the metadata: its area 0 (chunk 1, sector 16) "
                             + "holds no exception, but sector 8 starts with 3 exceptions that fit a chunk size of 8 "
                             + "sectors (try --chunk-size 8)"), report.verify());
        assertEquals(3, CowInspector.inspect(disk, 8).exceptionCount(), "the override reads them");
    }

    @Test
    void aHeaderChunkSizeChangedDownwardsIsFlaggedToo() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(8192);
        new CowImage(disk, 16).validHeader().entry(0, 0, 10, 2);
        new CowImage(disk, 16).header(CowImage.MAGIC, 1, 1, 4);
        final List<String> v = violations(disk);
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).startsWith("chunk size 4 in the header does not fit the metadata"), v.get(0));
        assertTrue(v.get(0).endsWith("sector 16 starts with 1 exception that fit a chunk size of 16 sectors (try --chunk-size 16)"),
            v.get(0));
    }

    @Test
    void aHealthyEmptySnapshotIsNotFlaggedForItsChunkSize() throws Exception
    {
        final FaultyDisk disk = new FaultyDisk(8192);
        new CowImage(disk, 8).validHeader();
        assertEquals(List.of(), violations(disk));
    }

    @Test
    void aChunkReferenced768TimesIsOneShortLine() throws Exception
    {
        // Before: one line naming all 768 places.
        final FaultyDisk disk = new FaultyDisk(4096);
        final CowImage img = new CowImage(disk, 1).validHeader();   // epa 32, stride 33
        for (int a = 0; a < 24; a++)
        {
            for (int i = 0; i < 32; i++)
            {
                img.entry(a, i, 32L * a + i, 2);
            }
        }
        final List<String> v = violations(disk);
        final String line = v.stream().filter(s -> s.startsWith("COW chunk 2")).findFirst().orElseThrow();
        assertEquals("COW chunk 2 referenced 768 times: area 0 entry #0, area 0 entry #1, area 0 entry #2 and 765 more",
            line);
    }

    @Test
    void aSparseImageWithManyViolationsGetsOneLinePerKind() throws Exception
    {
        // Before: one line per leaked run and per bad entry, 100,000 lines for a large sparse image.
        final FaultyDisk disk = new FaultyDisk(1 << 20);
        final CowImage img = new CowImage(disk, 1).validHeader();   // epa 32, stride 33
        final int areas = 300;
        for (int a = 0; a < areas; a++)
        {
            for (int i = 0; i < 32; i++)
            {
                final long nu = img.areaLocation(a) + 1 + i;
                img.entry(a, i, 5, i % 2 == 0 ? nu : nu + (1L << 40));   // every other: beyond, and a leak
            }
        }
        final List<String> v = violations(disk);
        assertTrue(v.size() <= 6, v.toString());
        for (final String line : v)
        {
            assertTrue(line.length() < 600, line);
        }
        assertTrue(v.stream().anyMatch(s -> s.startsWith("old chunk 5 replayed 9600 times: ")), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.startsWith("leaks below next_free ") && s.contains(" more")), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.startsWith("new chunks beyond the device: 4800, first: ")), v.toString());
        assertFalse(v.stream().anyMatch(s -> s.contains("area 299 entry")), "only the first places are named");
    }
}
