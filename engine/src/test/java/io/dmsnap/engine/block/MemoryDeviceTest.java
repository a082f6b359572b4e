package io.dmsnap.engine.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MemoryDeviceTest
{
    private static final long TIB_SECTORS = (1L << 40) >>> Bio.SECTOR_SHIFT;

    @Test
    void heapAndDirectBuffersRoundTripAcrossPageBoundariesAtAnOffset()
    {
        final MemoryDevice dev = new MemoryDevice("mem", 4096);
        final ByteBuffer src = ByteBuffer.allocateDirect(3 * 4096 + 1024);
        final ByteBuffer pattern = Completions.pattern(src.capacity(), 5);
        src.put(0, pattern, 0, pattern.capacity());
        final Completions c = new Completions();
        // 10 sectors starting at sector 5 (inside page 0) from buffer offset 512: spans pages 0..1.
        final Bio write = new Bio().init(BioOp.WRITE, 5, 10, src, 512, c, null);
        dev.submit(write);
        final ByteBuffer dst = ByteBuffer.allocate(16 * 512);
        final Bio read = new Bio().init(BioOp.READ, 5, 10, dst, 1024, c, null);
        dev.submit(read);
        assertEquals(2, c.count());
        assertEquals(BlkStatus.OK, c.all().get(1).status);
        final byte[] expected = new byte[10 * 512];
        src.get(512, expected);
        final byte[] actual = new byte[10 * 512];
        dst.get(1024, actual);
        assertArrayEquals(expected, actual);
        assertEquals(0, src.position(), "positions untouched");
        assertEquals(0, dst.position());
        assertArrayEquals(expected, dev.readBytes(5, 10));
    }

    @Test
    void aWriteThatFindsNoMemoryForItsPageFailsWithEnomemAndTheDeviceRecoversWhenMemoryReturns()
    {
        // A 2 MiB device (two 1 MiB slabs) under a direct-memory limit of one slab, then none.
        final int[] allowed = {1};
        final MemoryDevice dev = new MemoryDevice("mem", 2 * 2048, Bio.SECTOR_SIZE, bytes ->
        {
            if (allowed[0] == 0)
            {
                throw new OutOfMemoryError("Cannot reserve " + bytes + " bytes of direct buffer memory");
            }
            allowed[0]--;
            return ByteBuffer.allocateDirect(bytes);
        });
        final ByteBuffer first = Completions.pattern(4096, 3);
        assertEquals(BlkStatus.OK, SyncIo.write(dev, 0, first));
        final long slabBytes = dev.reservedBytes();
        final int pagesPerSlab = (int) (slabBytes / MemoryDevice.PAGE_SIZE);
        // Fill the first slab, then one more page: no second slab can be had.
        for (int page = 1; page < pagesPerSlab; page++)
        {
            assertEquals(BlkStatus.OK, SyncIo.write(dev, page * 8L, Completions.pattern(4096, page)));
        }
        final ByteBuffer over = Completions.pattern(4096, 77);
        assertEquals(BlkStatus.RESOURCE, SyncIo.write(dev, pagesPerSlab * 8L, over), "ENOMEM, not an exception");
        assertArrayEquals(new byte[4096], dev.readBytes(pagesPerSlab * 8L, 8), "the failed page reads as never written");
        assertArrayEquals(Completions.bytes(first), dev.readBytes(0, 8), "earlier pages keep their data");
        assertEquals(slabBytes, dev.reservedBytes());
        final IllegalStateException direct = assertThrows(IllegalStateException.class,
            () -> dev.writeBytes(pagesPerSlab * 8L, Completions.bytes(over)));
        assertTrue(direct.getMessage().contains("MaxDirectMemorySize"), direct.getMessage());
        // Memory comes back: the same write succeeds, and the failed attempts cost no page ids
        // (the page lands at the start of the second slab).
        allowed[0] = 1;
        assertEquals(BlkStatus.OK, SyncIo.write(dev, pagesPerSlab * 8L, over));
        assertArrayEquals(Completions.bytes(over), dev.readBytes(pagesPerSlab * 8L, 8));
        assertEquals(2 * slabBytes, dev.reservedBytes());
        assertEquals((pagesPerSlab + 1L) * MemoryDevice.PAGE_SIZE, dev.allocatedBytes());
    }

    @Test
    void unwrittenSectorsReadAsZeros()
    {
        final MemoryDevice dev = new MemoryDevice("mem", 4096);
        dev.writeBytes(8, Completions.bytes(Completions.pattern(512, 1)));
        final ByteBuffer buf = Completions.pattern(8 * 512, 9);   // garbage that must be overwritten
        assertEquals(BlkStatus.OK, SyncIo.read(dev, 16, buf));
        assertArrayEquals(new byte[8 * 512], Completions.bytes(buf));
        final byte[] page1 = dev.readBytes(8, 8);
        assertArrayEquals(new byte[7 * 512], java.util.Arrays.copyOfRange(page1, 512, 8 * 512),
            "rest of a written page is zero");
    }

    @Test
    void discardZeroesTheRangeOnly()
    {
        final MemoryDevice dev = new MemoryDevice("mem", 64);
        final byte[] data = Completions.bytes(Completions.pattern(16 * 512, 2));
        dev.writeBytes(0, data);
        assertEquals(BlkStatus.OK, SyncIo.io(dev, BioOp.DISCARD, 3, 6, null, 0));
        final byte[] after = dev.readBytes(0, 16);
        for (int i = 0; i < after.length; i++)
        {
            final boolean discarded = i >= 3 * 512 && i < 9 * 512;
            assertEquals(discarded ? 0 : data[i], after[i], "byte " + i);
        }
    }

    @Test
    void outOfRangeAndMisalignedCompleteWithIoError()
    {
        final MemoryDevice dev = new MemoryDevice("mem4k", 1024, 4096);
        final Completions c = new Completions();
        dev.submit(c.bio(BioOp.WRITE, 1024, 8, ByteBuffer.allocate(4096)));
        dev.submit(c.bio(BioOp.WRITE, 4, 8, ByteBuffer.allocate(4096)));
        dev.submit(c.bio(BioOp.READ, 0, 16, ByteBuffer.allocate(4096)));   // buffer too small
        dev.submit(c.bio(BioOp.DISCARD, 1016, 16, null));
        dev.submit(c.bio(BioOp.READ, 0, 0, ByteBuffer.allocate(4096)));    // empty
        assertEquals(5, c.count());
        c.all().forEach(d -> assertEquals(BlkStatus.IOERR, d.status, d.bio.toString()));
        assertEquals(0, dev.allocatedBytes(), "refused writes allocate nothing");
        assertThrows(IllegalArgumentException.class, () -> dev.readBytes(1020, 8));
        assertThrows(IllegalArgumentException.class, () -> dev.writeBytes(0, new byte[100]));
    }

    @Test
    void oneTebibyteCostsNothingUpFrontAndOnePageAfterOneWrite()
    {
        final MemoryDevice dev = new MemoryDevice("huge", TIB_SECTORS);
        assertEquals(0, dev.allocatedBytes());
        assertEquals(0, dev.reservedBytes());
        final byte[] data = Completions.bytes(Completions.pattern(4096, 4));
        dev.writeBytes(TIB_SECTORS - 8, data);
        assertEquals(4096, dev.allocatedBytes());
        assertEquals(1 << 20, dev.reservedBytes(), "one slab");
        assertArrayEquals(data, dev.readBytes(TIB_SECTORS - 8, 8));
        assertArrayEquals(new byte[4096], dev.readBytes(TIB_SECTORS / 2, 8));
        assertEquals(4096, dev.allocatedBytes(), "reads allocate nothing");
    }

    @Test
    void zerosWrittenToUnwrittenPagesAllocateNothingAndZerosOverDataReplaceIt()
    {
        final MemoryDevice dev = new MemoryDevice("mem", 1L << 20);
        final ByteBuffer zeros = ByteBuffer.allocateDirect(3 * 4096);
        assertEquals(BlkStatus.OK, SyncIo.write(dev, 3, zeros));   // three pages' worth, from mid-page
        assertEquals(0, dev.allocatedBytes(), "a never-written page already reads as zeros");
        assertEquals(0, dev.reservedBytes());
        assertArrayEquals(new byte[3 * 4096], dev.readBytes(3, 24));

        final byte[] data = Completions.bytes(Completions.pattern(4096 + 1024, 6));
        dev.writeBytes(20, data);   // sectors 20..29: the second half of page 2, most of page 3
        assertEquals(2 * 4096, dev.allocatedBytes());
        assertArrayEquals(data, dev.readBytes(20, data.length / 512));
        assertArrayEquals(new byte[4 * 512], dev.readBytes(16, 4), "the rest of a written page reads zeros");

        assertEquals(BlkStatus.OK, SyncIo.write(dev, 3, zeros));   // sectors 3..26, now over written pages
        assertArrayEquals(new byte[3 * 4096], dev.readBytes(3, 24));
        assertArrayEquals(Arrays.copyOfRange(data, 7 * 512, data.length), dev.readBytes(27, 3),
            "the sectors after the zeros keep their data");
        assertEquals(2 * 4096, dev.allocatedBytes(), "written pages are kept");
    }

    @Test
    void aWriteWhosePagesLieInTwoSlabsLandsInBoth()
    {
        final MemoryDevice dev = new MemoryDevice("mem", 1L << 21);   // 1 GiB: slabs of 256 pages
        final byte[] filler = Completions.bytes(Completions.pattern(4096, 7));
        for (int page = 0; page < 255; page++)
        {
            dev.writeBytes((long) page * 8 + 80_000, filler);   // page ids 0..254: the first slab but one page
        }
        assertEquals(1 << 20, dev.reservedBytes());
        final byte[] data = Completions.bytes(Completions.pattern(2 * 4096, 8));
        dev.writeBytes(4, data);   // from mid-page: device pages 0, 1, 2 get ids 255 (slab 0), 256, 257 (slab 1)
        assertEquals(2 << 20, dev.reservedBytes(), "the write installed a second slab");
        assertEquals(258L * 4096, dev.allocatedBytes());
        assertArrayEquals(data, dev.readBytes(4, 16));
        assertArrayEquals(new byte[4 * 512], dev.readBytes(0, 4));
        assertArrayEquals(new byte[4 * 512], dev.readBytes(20, 4));
        assertArrayEquals(filler, dev.readBytes(80_000 + 254 * 8, 8), "the last page of the first slab is intact");
    }

    @Test
    void concurrentWritersOnDifferentPagesAllLand() throws Exception
    {
        final MemoryDevice dev = new MemoryDevice("mem", 1L << 22);   // 2 GiB, sparse
        final int threads = 4;
        final int pagesPerThread = 1500;   // several slabs and leaves, installed concurrently
        final CyclicBarrier start = new CyclicBarrier(threads);
        final AtomicInteger failures = new AtomicInteger();
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            final int id = t;
            workers[t] = new Thread(() ->
            {
                try
                {
                    start.await();
                    final ByteBuffer buf = ByteBuffer.allocateDirect(4096);
                    for (int i = 0; i < pagesPerThread; i++)
                    {
                        // Interleave the threads' pages so they share leaves and slabs.
                        final long page = (long) i * threads + id;
                        buf.putLong(0, page).putInt(8, id).putLong(4088, ~page);
                        if (SyncIo.write(dev, page * 8, buf) != BlkStatus.OK)
                        {
                            failures.incrementAndGet();
                        }
                    }
                }
                catch (final Exception e)
                {
                    failures.incrementAndGet();
                }
            });
            workers[t].start();
        }
        for (final Thread w : workers)
        {
            w.join();
        }
        assertEquals(0, failures.get());
        assertEquals((long) threads * pagesPerThread * 4096, dev.allocatedBytes());
        final ByteBuffer check = ByteBuffer.allocate(4096);
        for (long page = 0; page < (long) threads * pagesPerThread; page++)
        {
            assertEquals(BlkStatus.OK, SyncIo.read(dev, page * 8, check));
            assertEquals(page, check.getLong(0));
            assertEquals((int) (page % threads), check.getInt(8));
            assertEquals(~page, check.getLong(4088));
        }
        assertEquals((long) threads * pagesPerThread, dev.stats().writes());
    }

    @Test
    void concurrentFirstWritesToOnePageInstallExactlyOnePage() throws Exception
    {
        for (int round = 0; round < 50; round++)
        {
            final MemoryDevice dev = new MemoryDevice("mem", 1L << 16);
            final int threads = 4;
            final CyclicBarrier start = new CyclicBarrier(threads);
            final Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                final int sectorInPage = t;
                workers[t] = new Thread(() ->
                {
                    final ByteBuffer buf = ByteBuffer.allocate(512);
                    buf.put(0, (byte) (sectorInPage + 1));
                    try
                    {
                        start.await();
                    }
                    catch (final Exception e)
                    {
                        return;
                    }
                    SyncIo.write(dev, 800 + sectorInPage, buf);   // four sectors of page 100
                    SyncIo.write(dev, 8000 + sectorInPage, buf);  // and of page 1000
                });
                workers[t].start();
            }
            for (final Thread w : workers)
            {
                w.join();
            }
            assertEquals(2 * 4096, dev.allocatedBytes());
            for (int t = 0; t < threads; t++)
            {
                assertEquals(t + 1, dev.readBytes(800 + t, 1)[0], "no write lost to a losing page");
                assertEquals(t + 1, dev.readBytes(8000 + t, 1)[0]);
            }
        }
    }

    @Test
    void copyIsIndependentAndCopyToMakesContentEqual()
    {
        final MemoryDevice dev = new MemoryDevice("mem", 1L << 20);
        dev.writeBytes(0, Completions.bytes(Completions.pattern(8192, 1)));
        dev.writeBytes(500_000, Completions.bytes(Completions.pattern(512, 2)));
        final MemoryDevice copy = dev.copy("copy");
        assertTrue(copy.contentEquals(dev));
        assertEquals(dev.allocatedBytes(), copy.allocatedBytes());
        dev.writeBytes(3, new byte[512]);
        assertFalse(copy.contentEquals(dev));
        assertEquals(3, copy.firstDifference(dev));
        copy.writeBytes(900_000, Completions.bytes(Completions.pattern(512, 3)));
        dev.copyTo(copy);
        assertTrue(copy.contentEquals(dev), "pages written only in the target were zeroed");
        assertEquals(-1, dev.firstDifference(copy));
    }

    @Test
    void closeDropsTheMemoryAndFailsLaterIo()
    {
        final MemoryDevice dev = new MemoryDevice("mem", 1024);
        dev.writeBytes(0, Completions.bytes(Completions.pattern(4096, 5)));
        assertEquals(4096, dev.allocatedBytes());
        dev.close();
        assertEquals(0, dev.allocatedBytes());
        assertEquals(0, dev.reservedBytes());
        assertEquals(BlkStatus.IOERR, SyncIo.read(dev, 0, ByteBuffer.allocate(512)));
    }

    @Test
    void payloadlessBiosTransferNothing()
    {
        final MemoryDevice dev = new MemoryDevice("mem", 1024);
        assertEquals(BlkStatus.OK, SyncIo.io(dev, BioOp.WRITE, 0, 8, null, 0));
        assertEquals(BlkStatus.OK, SyncIo.io(dev, BioOp.READ, 0, 8, null, 0));
        assertEquals(0, dev.allocatedBytes());
        assertEquals(1, dev.stats().writes());
    }
}
