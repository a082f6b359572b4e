package io.dmsnap.engine.store;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.StatusType;
import io.dmsnap.engine.lvm.LvmStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile persistent COW images loaded through the real table path (an {@link LvmStack}: origin
 * suspended, snapshot table loaded, origin resumed): an exception naming a chunk outside the COW
 * device or a metadata chunk fails the load with "Failed to read snapshot metadata"; nothing of
 * the image reaches the exception tables, no write reaches the header, and the stack is removed
 * afterwards. Images are written by the test from the format description (see {@link CowImage}).
 */
@Timeout(20)
final class HostileCowImageTest
{
    private static final int CS = 8;              // chunk size in sectors: epa 256, stride 257
    private static final long SECTORS = 8192;     // origin and COW: 1024 chunks each

    private final DeviceMapper dm = new DeviceMapper(EngineConfig.current());
    private final FaultyDisk cow = new FaultyDisk(SECTORS);
    private final CowImage image = new CowImage(cow, CS);

    /** Load the image as snapshot "s"; the refusal's message, or null when it loaded. */
    private String load(final LvmStack lvm)
    {
        try
        {
            lvm.addSnapshot("s", cow, "P " + CS);
            return null;
        }
        catch (final DmException e)
        {
            return e.getMessage();
        }
    }

    private void assertRefusedThenUsable(final long newChunk, final String logged) throws DmException
    {
        image.validHeader().entry(0, 0, 3, newChunk);
        final LvmStack lvm = new LvmStack(dm, new MemoryDevice("base", SECTORS));

        final String refusal = load(lvm);

        assertTrue(refusal != null && refusal.endsWith("Failed to read snapshot metadata"), String.valueOf(refusal));
        assertTrue(dm.log().contains(logged), dm.log().lines().toString());
        assertNull(dm.mappedDevice("s"));
        assertFalse(lvm.origin().isSuspended());
        assertEquals(BlkStatus.OK, SyncIo.write(lvm.origin(), 5L * CS, ByteBuffer.allocateDirect(4096)),
            "the origin takes writes after the refused load");
        assertTrue(cow.writes().isEmpty(), "a refused image is never written: " + cow.writes());
        assertEquals(CowImage.MAGIC, image.headerInt(0));
        lvm.removeAll();
        assertTrue(dm.names().isEmpty());
    }

    @Test
    void newChunkFarBeyondTheDeviceFailsTheLoad() throws DmException
    {
        // Before: loaded as valid; the first origin write threw IllegalArgumentException out of map
        // (copy to a negative sector) and the second write and the removal hung.
        assertRefusedThenUsable((1L << 60) + 5, "new chunk 1152921504606846981 is beyond the COW device (1024 chunks)");
    }

    @Test
    void newChunkWithBit63FailsTheLoadInsteadOfMappingOntoTheHeader() throws DmException
    {
        // Before: the packed record kept the low 56 bits, chunk 0: a snapshot read returned the header.
        assertRefusedThenUsable(1L << 63, "new chunk 9223372036854775808 is beyond");
    }

    @Test
    void newChunkWhoseSectorWrapsToZeroFailsTheLoad() throws DmException
    {
        // Before: (2^61 - 1) << 3 wraps to sector -8, packed to chunk 2^56 - 1; a copy overwrote the header.
        assertRefusedThenUsable((1L << 61) - 1, "new chunk 2305843009213693951 is beyond");
    }

    @Test
    void newChunkOneBeyondTheLastChunkFailsAndTheLastChunkLoads() throws DmException
    {
        assertRefusedThenUsable(SECTORS / CS, "new chunk 1024 is beyond the COW device (1024 chunks)");
    }

    @Test
    void newChunkNamingAMetadataAreaFailsTheLoad() throws DmException
    {
        assertRefusedThenUsable(image.areaLocation(1), "new chunk 258 is a metadata area");
    }

    @Test
    void newChunkNamingAreaZeroFailsTheLoad() throws DmException
    {
        assertRefusedThenUsable(1, "new chunk 1 is a metadata area");
    }

    @Test
    void theLastDataChunkIsAcceptedAndServesTheSnapshot() throws DmException
    {
        final long last = SECTORS / CS - 1;
        image.validHeader().entry(0, 0, 3, last);
        cow.putLong(last * CS * 512, 0x1122334455667788L);
        final LvmStack lvm = new LvmStack(dm, new MemoryDevice("base", SECTORS));

        assertNull(load(lvm));
        final ByteBuffer got = ByteBuffer.allocateDirect(4096);
        assertEquals(BlkStatus.OK, SyncIo.read(dm.mappedDevice("s"), 3L * CS, got));
        assertEquals(0x1122334455667788L, got.order(ByteOrder.LITTLE_ENDIAN).getLong(0));
        lvm.removeAll();
    }

    @Test
    void aHeaderChunkSizeOfAGibibyteOnASmallDeviceFailsWithoutAllocatingIt() throws DmException
    {
        image.header(CowImage.MAGIC, 1, 1, 1 << 21);
        final LvmStack lvm = new LvmStack(dm, new MemoryDevice("base", SECTORS));

        final String refusal = load(lvm);

        assertTrue(refusal != null && refusal.endsWith("Failed to read snapshot metadata"), String.valueOf(refusal));
        assertTrue(dm.log().contains("Unable to read metadata area 0 (chunk 1): the COW device of 8192 sectors holds 0 chunks"),
            dm.log().lines().toString());
        assertTrue(cow.writes().isEmpty());
        lvm.removeAll();
    }

    @Test
    void aTableChunkLargerThanTheDeviceFailsBeforeTheHeaderIsRead() throws DmException
    {
        final FaultyDisk tiny = new FaultyDisk(64);
        final LvmStack lvm = new LvmStack(dm, new MemoryDevice("base", SECTORS));
        final DmException e = assertThrows(DmException.class, () -> lvm.addSnapshot("s", tiny, "P 128"));
        assertTrue(e.getMessage().endsWith("Failed to read snapshot metadata"), e.getMessage());
        assertTrue(dm.log().contains("smaller than one chunk of 128 sectors"), dm.log().lines().toString());
        assertEquals(0, tiny.reads());
        lvm.removeAll();
    }

    @Test
    void validZeroLoadsAsInvalidAndIsNeverWritten() throws DmException
    {
        image.header(CowImage.MAGIC, 0, 1, CS).entry(0, 0, 3, 2);
        final LvmStack lvm = new LvmStack(dm, new MemoryDevice("base", SECTORS));

        assertNull(load(lvm));
        assertTrue(dm.status("s", StatusType.INFO).endsWith("Invalid"), dm.status("s", StatusType.INFO));
        assertEquals(BlkStatus.OK, SyncIo.write(lvm.origin(), 3L * CS, ByteBuffer.allocateDirect(4096)));
        assertEquals(BlkStatus.IOERR, SyncIo.read(dm.mappedDevice("s"), 3L * CS, ByteBuffer.allocateDirect(4096)));
        assertTrue(cow.writes().isEmpty(), cow.writes().toString());
        lvm.removeAll();
    }

    @Test
    void aDuplicatedOldChunkLoadsAsTheKernelDoesAndWritesNeitherHeaderNorAreas() throws DmException
    {
        // The kernel's replay adds both entries; dmsnap does too (inspect --verify flags the image).
        image.validHeader().entry(0, 0, 3, 2).entry(0, 1, 3, 3);
        final LvmStack lvm = new LvmStack(dm, new MemoryDevice("base", SECTORS));

        assertNull(load(lvm));
        assertEquals(BlkStatus.OK, SyncIo.read(dm.mappedDevice("s"), 3L * CS, ByteBuffer.allocateDirect(4096)));
        assertEquals(BlkStatus.OK, SyncIo.write(lvm.origin(), 3L * CS, ByteBuffer.allocateDirect(4096)));
        assertEquals(BlkStatus.OK, SyncIo.write(lvm.origin(), 9L * CS, ByteBuffer.allocateDirect(4096)));
        for (final FaultyDisk.Write w : cow.writes())
        {
            assertTrue(w.sector() >= CS, "no write to the header: " + cow.writes());
        }
        assertEquals(9, image.old(0, 2), "the origin write of chunk 9 appends after both entries");
        assertEquals(4, image.nu(0, 2));
        lvm.removeAll();
    }
}
