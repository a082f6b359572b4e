package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.MappedDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;

import static io.dmsnap.engine.snap.SnapStack.BLOCK;
import static io.dmsnap.engine.snap.SnapStack.describe;
import static io.dmsnap.engine.snap.SnapStack.pattern;
import static io.dmsnap.engine.snap.SnapStack.read;
import static io.dmsnap.engine.snap.SnapStack.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Discards as the kernel's targets take them (2e602385, 3ee25485): the origin advertises no
 * discard support; a snapshot takes discards only with {@code discard_zeroes_cow}, which zeroes a
 * whole copied chunk's COW instead of reading through, completes a discard of a chunk not copied
 * without a copy, and passes a partial discard of a copied chunk to the COW device; with
 * {@code discard_passdown_origin} the discard's second bio goes to the origin's device, bypassing
 * the origin target (no copy-on-write for any snapshot).
 */
@Timeout(20)
final class DiscardTest
{
    private static final long SECTORS = 4096;
    private static final int CHUNK = 16;
    private static final byte[] ZEROS = new byte[BLOCK];

    private static int discard(final MappedDevice dev, final long sector, final int sectors)
    {
        return SyncIo.io(dev, BioOp.DISCARD, sector, sectors, null, 0);
    }

    private static SnapStack stackWithData() throws Exception
    {
        final SnapStack st = new SnapStack(EngineConfig.current(), SECTORS);
        for (long c = 0; c < SECTORS / CHUNK; c++)
        {
            assertEquals(BlkStatus.OK, write(st.base, c * CHUNK, pattern(c, 0, 0)));
        }
        return st;
    }

    @Test
    void theOriginRefusesDiscardsAsNotSupported() throws Exception
    {
        try (SnapStack st = stackWithData())
        {
            assertTrue(st.base.supportsDiscard(), "the data device itself takes discards");
            assertFalse(st.origin.supportsDiscard());
            assertEquals(BlkStatus.NOTSUPP, discard(st.origin, 0, CHUNK));
            st.addSnapshot("s", SECTORS, "N", CHUNK);
            assertEquals(BlkStatus.NOTSUPP, discard(st.origin, 2 * CHUNK, CHUNK));
            assertArrayEquals(pattern(2, 0, 0), read(st.origin, 2 * CHUNK, BLOCK), "nothing was discarded");
            assertEquals(-1, st.snapshot("s").lookup(2), "and nothing copied");
        }
    }

    @Test
    void aSnapshotWithoutDiscardFeaturesRefusesDiscards() throws Exception
    {
        try (SnapStack st = stackWithData())
        {
            final MappedDevice s = st.addSnapshot("s", SECTORS, "N", CHUNK);
            assertFalse(s.supportsDiscard());
            assertEquals(BlkStatus.NOTSUPP, discard(s, 0, CHUNK));
            assertArrayEquals(pattern(0, 0, 0), read(s, 0, BLOCK));
        }
    }

    @Test
    void discardZeroesCowZeroesWholeCopiedChunksAndNeverCopies() throws Exception
    {
        try (SnapStack st = stackWithData())
        {
            st.dm.addDevice(new MemoryDevice("cow", SECTORS));
            final MappedDevice s = st.addSnapshotOn("s", "cow", "N", CHUNK + " 1 discard_zeroes_cow");
            final Snapshot snap = st.snapshot("s");
            assertTrue(s.supportsDiscard());

            // State A: a discard completes without a copy; the snapshot still reads the origin.
            assertEquals(BlkStatus.OK, discard(s, 3 * CHUNK, CHUNK));
            assertEquals(-1, snap.lookup(3), "a discard never triggers a copy");
            assertArrayEquals(pattern(3, 0, 0), read(s, 3 * CHUNK, BLOCK));

            // State D, the whole chunk: the COW chunk is zeroed; the origin keeps its data.
            assertEquals(BlkStatus.OK, write(s, 5 * CHUNK + 8, pattern(5, 1, 1)));
            assertTrue(snap.lookup(5) >= 0);
            assertEquals(BlkStatus.OK, discard(s, 5 * CHUNK, CHUNK));
            assertArrayEquals(ZEROS, read(s, 5 * CHUNK, BLOCK), describe(read(s, 5 * CHUNK, BLOCK)));
            assertArrayEquals(ZEROS, read(s, 5 * CHUNK + 8, BLOCK));
            assertArrayEquals(pattern(5, 0, 0), read(st.origin, 5 * CHUNK, BLOCK), "the origin is not touched");

            // State D, part of the chunk: passed down to the COW device, which zeroes that part only.
            assertEquals(BlkStatus.OK, write(s, 7 * CHUNK + 8, pattern(7, 1, 1)));
            assertEquals(BlkStatus.OK, discard(s, 7 * CHUNK + 8, 8));
            assertArrayEquals(pattern(7, 0, 0), read(s, 7 * CHUNK, BLOCK), "the copied first block stays");
            assertArrayEquals(ZEROS, read(s, 7 * CHUNK + 8, BLOCK), "the discarded block reads zeros");

            // Writes after a discard copy nothing more and land on the zeroed chunk.
            assertEquals(BlkStatus.OK, write(s, 5 * CHUNK, pattern(5, 2, 2)));
            assertArrayEquals(pattern(5, 2, 2), read(s, 5 * CHUNK, BLOCK));
            assertArrayEquals(ZEROS, read(s, 5 * CHUNK + 8, BLOCK));
        }
    }

    @Test
    void discardPassdownOriginDiscardsTheOriginsDeviceWithoutCopyingForAnySnapshot() throws Exception
    {
        try (SnapStack st = stackWithData())
        {
            st.dm.addDevice(new MemoryDevice("cow", SECTORS));
            final MappedDevice s = st.addSnapshotOn("s", "cow", "N", CHUNK + " 2 discard_zeroes_cow discard_passdown_origin");
            final MappedDevice other = st.addSnapshot("other", SECTORS, "N", CHUNK);

            assertEquals(BlkStatus.OK, discard(s, 9 * CHUNK, CHUNK));
            assertArrayEquals(ZEROS, read(st.base, 9 * CHUNK, BLOCK), "the origin's device was discarded");
            assertArrayEquals(ZEROS, read(s, 9 * CHUNK, BLOCK));
            assertEquals(-1, st.snapshot("s").lookup(9));
            // The origin target was bypassed: no snapshot copied the chunk first, so the other
            // snapshot sees the discard too (the feature's documented price).
            assertEquals(-1, st.snapshot("other").lookup(9));
            assertArrayEquals(ZEROS, read(other, 9 * CHUNK, BLOCK));

            // A chunk already copied into s: its COW chunk is zeroed and the origin's data discarded.
            assertEquals(BlkStatus.OK, write(s, 11 * CHUNK + 8, pattern(11, 1, 1)));
            assertEquals(BlkStatus.OK, discard(s, 11 * CHUNK, CHUNK));
            assertArrayEquals(ZEROS, read(s, 11 * CHUNK + 8, BLOCK));
            assertArrayEquals(ZEROS, read(st.base, 11 * CHUNK, BLOCK));
        }
    }

    @Test
    void aReadAfterADiscardIsNotServedStaleData() throws Exception
    {
        try (SnapStack st = stackWithData())
        {
            st.dm.addDevice(new MemoryDevice("cow", SECTORS));
            final MappedDevice s = st.addSnapshotOn("s", "cow", "N", CHUNK + " 1 discard_zeroes_cow");
            assertEquals(BlkStatus.OK, write(s, 13 * CHUNK, pattern(13, 1, 1)));
            assertEquals(BlkStatus.OK, discard(s, 13 * CHUNK, CHUNK));
            final ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK << 9);
            assertEquals(BlkStatus.OK, SyncIo.read(s, 13 * CHUNK, buf));
            for (int i = 0; i < buf.capacity(); i++)
            {
                assertEquals(0, buf.get(i), "byte " + i + " of the discarded chunk");
            }
        }
    }
}
