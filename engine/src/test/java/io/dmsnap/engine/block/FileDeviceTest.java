package io.dmsnap.engine.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FileDeviceTest
{
    @TempDir
    Path dir;

    @Test
    void bufferedRoundTripPersistsInTheFile() throws IOException
    {
        final Path file = dir.resolve("disk.img");
        final FileDevice dev = FileDevice.create("file0", file, 1 << 20, false);
        try
        {
            assertEquals(2048, dev.sizeSectors());
            assertEquals(512, dev.logicalBlockSize());
            final ByteBuffer data = Completions.pattern(3 * 512, 7);
            final Completions c = new Completions();
            dev.submit(new Bio().init(BioOp.WRITE, 3, 2, data, 512, c, null));
            assertEquals(BlkStatus.OK, c.all().get(0).status);
            assertEquals(Thread.currentThread(), c.all().get(0).thread, "inline completion");
            final ByteBuffer back = ByteBuffer.allocate(1024);
            assertEquals(BlkStatus.OK, SyncIo.read(dev, 3, back));
            final byte[] expected = new byte[1024];
            data.get(512, expected);
            assertArrayEquals(expected, Completions.bytes(back));
            assertEquals(0, data.position());
            final byte[] onDisk = Files.readAllBytes(file);
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(onDisk, 3 * 512, 5 * 512));
            assertArrayEquals(new byte[512], java.util.Arrays.copyOfRange(onDisk, 0, 512), "unwritten reads zero");
        }
        finally
        {
            dev.close();
        }
    }

    @Test
    void discardWritesZerosAndFlushesAreCounted() throws IOException
    {
        final FileDevice dev = FileDevice.create("file0", dir.resolve("d.img"), 1 << 20, false);
        try
        {
            assertEquals(BlkStatus.OK, SyncIo.write(dev, 0, Completions.pattern(8192, 1)));
            assertEquals(BlkStatus.OK, SyncIo.io(dev, BioOp.DISCARD, 2, 12, null, 0));
            final ByteBuffer back = ByteBuffer.allocate(8192);
            assertEquals(BlkStatus.OK, SyncIo.read(dev, 0, back));
            final byte[] expected = Completions.bytes(Completions.pattern(8192, 1));
            java.util.Arrays.fill(expected, 2 * 512, 14 * 512, (byte) 0);
            assertArrayEquals(expected, Completions.bytes(back));
            assertEquals(BlkStatus.OK, SyncIo.flush(dev));
            assertEquals(BlkStatus.OK, SyncIo.io(dev, BioOp.WRITE, 0, 1, ByteBuffer.allocate(512),
                Bio.REQ_PREFLUSH | Bio.REQ_FUA));
            assertEquals(2, dev.stats().flushes());
            assertEquals(1, dev.stats().fuaWrites());
            assertEquals(1, dev.stats().discards());
        }
        finally
        {
            dev.close();
        }
    }

    @Test
    void outOfRangeAndClosedCompleteWithIoError() throws IOException
    {
        final FileDevice dev = FileDevice.create("file0", dir.resolve("e.img"), 4096, false);
        final Completions c = new Completions();
        dev.submit(c.bio(BioOp.READ, 8, 1, ByteBuffer.allocate(512)));
        dev.submit(c.bio(BioOp.WRITE, 7, 2, ByteBuffer.allocate(1024)));
        dev.close();
        dev.submit(c.bio(BioOp.READ, 0, 1, ByteBuffer.allocate(512)));
        assertEquals(3, c.count());
        c.all().forEach(d -> assertEquals(BlkStatus.IOERR, d.status));
    }

    @Test
    void missingFileKeepsItsOwnException()
    {
        final IOException e = assertThrows(IOException.class,
            () -> FileDevice.open("x", dir.resolve("missing.img"), true));
        assertTrue(!e.getMessage().contains("O_DIRECT"), e.getMessage());
    }

    @Test
    void directIoRoundTripsThroughAlignedViewsAndBounceBuffers() throws IOException
    {
        final Path file = dir.resolve("direct.img");
        final FileDevice dev;
        try
        {
            dev = FileDevice.create("direct", file, 1 << 20, true);
        }
        catch (final IOException refused)
        {
            assertTrue(refused.getMessage().contains("O_DIRECT is refused"), refused.getMessage());
            return;
        }
        checkDirectDevice(dev);
    }

    @Test
    void directOpenOnShmEitherWorksOrSaysO_DirectIsRefused() throws IOException
    {
        final Path shm = Path.of("/dev/shm");
        final Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : dir;
        final Path file = Files.createTempFile(base, "dmsnap-direct", ".img");
        try
        {
            final FileDevice dev = FileDevice.create("shm", file, 1 << 20, true);
            checkDirectDevice(dev);
        }
        catch (final IOException refused)
        {
            assertTrue(refused.getMessage().contains("O_DIRECT is refused by the file system"), refused.getMessage());
        }
        finally
        {
            Files.deleteIfExists(file);
        }
    }

    private static void checkDirectDevice(final FileDevice dev)
    {
        try
        {
            assertTrue(dev.isDirect());
            final int lbs = dev.logicalBlockSize();
            final int lbsSectors = lbs / 512;
            assertTrue(lbs >= 512 && Integer.bitCount(lbs) == 1);
            // Heap buffer: goes through the bounce buffer.
            final ByteBuffer heap = Completions.pattern(2 * lbs, 3);
            assertEquals(BlkStatus.OK, SyncIo.write(dev, 0, heap));
            // Aligned direct buffer: handed to the channel directly.
            final ByteBuffer aligned = ByteBuffer.allocateDirect(3 * lbs).alignedSlice(lbs);
            final ByteBuffer alignedData = Completions.pattern(2 * lbs, 4);
            aligned.put(0, alignedData, 0, 2 * lbs);
            final Completions c = new Completions();
            dev.submit(new Bio().init(BioOp.WRITE, 2L * lbsSectors, 2 * lbsSectors, aligned, 0, c, null));
            // Misaligned direct buffer (offset 512 inside an aligned one when lbs > 512, or 1 byte off).
            final ByteBuffer raw = ByteBuffer.allocateDirect(4 * lbs + 1);
            final int misalignedOffset = raw.alignmentOffset(0, lbs) == 0 ? 1 : 0;
            final ByteBuffer readBack = ByteBuffer.allocate(4 * lbs);
            dev.submit(new Bio().init(BioOp.READ, 0, 4 * lbsSectors, raw, misalignedOffset, c, null));
            assertEquals(2, c.count());
            c.all().forEach(d -> assertEquals(BlkStatus.OK, d.status));
            readBack.put(0, raw, misalignedOffset, 4 * lbs);
            final byte[] expected = new byte[4 * lbs];
            heap.get(0, expected, 0, 2 * lbs);
            alignedData.get(0, expected, 2 * lbs, 2 * lbs);
            assertArrayEquals(expected, Completions.bytes(readBack));
            if (lbsSectors > 1)
            {
                assertEquals(BlkStatus.IOERR, SyncIo.io(dev, BioOp.READ, 1, lbsSectors,
                    ByteBuffer.allocate(lbs), 0), "misaligned sector");
            }
            assertEquals(BlkStatus.OK, SyncIo.flush(dev));
        }
        finally
        {
            dev.close();
        }
    }
}
