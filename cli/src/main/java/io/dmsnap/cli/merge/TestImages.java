package io.dmsnap.cli.merge;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FileDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.lvm.LvmStack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes an origin image and a persistent COW image through the engine, for trying and measuring
 * {@code dmsnap merge}: the origin is filled with one pattern per chunk (generation 0), a persistent
 * snapshot is taken, and a given share of the chunks is rewritten through the origin device
 * (generation 1), so the COW holds generation 0 of exactly those chunks. After a merge the origin
 * holds generation 0 everywhere ({@link #expected}).
 */
final class TestImages
{
    private TestImages()
    {
    }

    /** Every 8-byte word of a chunk's data: its chunk number and generation, never zero. */
    static long word(final long chunk, final int generation)
    {
        return (chunk << 8) | 0x5A00 | generation;
    }

    /** What chunk {@code chunk} of the origin holds after a merge (generation 0). */
    static long expected(final long chunk)
    {
        return word(chunk, 0);
    }

    /**
     * Create both images; returns the number of chunks written twice (the COW's exceptions).
     *
     * @param percent share of the origin's chunks rewritten after the snapshot, 0..100
     */
    static long write(final Path originPath, final Path cowPath, final long originBytes, final int chunkSectors,
                      final int percent, final long seed) throws IOException, DmException
    {
        final long chunkBytes = chunkSectors * 512L;
        final long chunks = originBytes / chunkBytes;
        final long epa = chunkBytes / 16;
        final long exceptions = chunks * percent / 100;
        final long cowChunks = 2 + exceptions + exceptions / epa + 1;
        try (AutoCloseableDevice origin = new AutoCloseableDevice(FileDevice.create("origin-image", originPath, chunks * chunkBytes, false));
             AutoCloseableDevice cow = new AutoCloseableDevice(FileDevice.create("cow-image", cowPath, cowChunks * chunkBytes, false)))
        {
            final ByteBuffer buf = ByteBuffer.allocateDirect((int) chunkBytes);
            for (long c = 0; c < chunks; c++)
            {
                fill(buf, c, 0);
                require(SyncIo.write(origin.dev, c * chunkSectors, buf), "origin image write");
            }
            final DeviceMapper dm = new DeviceMapper(EngineConfig.current());
            final LvmStack stack = new LvmStack(dm, origin.dev);
            stack.addSnapshot("snap", cow.dev, "P " + chunkSectors);
            final SplittableRandom rnd = new SplittableRandom(seed);
            long written = 0;
            for (long c = 0; c < chunks && written < exceptions; c++)
            {
                // Choose the remaining exceptions among the remaining chunks, evenly at random.
                if (rnd.nextLong(chunks - c) < exceptions - written)
                {
                    fill(buf, c, 1);
                    require(SyncIo.write(stack.origin(), c * chunkSectors, buf), "origin write");
                    written++;
                }
            }
            stack.removeAll();
            require(SyncIo.flush(origin.dev), "origin flush");
            require(SyncIo.flush(cow.dev), "COW flush");
            return written;
        }
    }

    private static void fill(final ByteBuffer buf, final long chunk, final int generation)
    {
        final long w = word(chunk, generation);
        for (int i = 0; i < buf.capacity(); i += 8)
        {
            buf.putLong(i, w);
        }
    }

    private static void require(final int status, final String what) throws IOException
    {
        if (status != BlkStatus.OK)
        {
            throw new IOException(what + " failed: " + BlkStatus.name(status));
        }
    }

    /** A file device closed at the end of a try block. */
    private record AutoCloseableDevice(FileDevice dev) implements AutoCloseable
    {
        @Override
        public void close()
        {
            dev.close();
        }
    }
}
