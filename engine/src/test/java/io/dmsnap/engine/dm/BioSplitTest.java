package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.SyncIo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BioSplitTest
{
    private DeviceMapper dm;
    private ProbeType probe;
    private RecordingDevice base;

    @BeforeEach
    void setUp() throws DmException
    {
        dm = new DeviceMapper();
        probe = new ProbeType();
        dm.registerTargetType(probe);
        base = new RecordingDevice("base", 128);
        dm.addDevice(base);
    }

    /** The stored byte at byte offset {@code offset}. */
    private static byte byteAt(final MemoryDevice device, final long offset)
    {
        return device.readBytes(offset >>> Bio.SECTOR_SHIFT, 1)[(int) (offset & (Bio.SECTOR_SIZE - 1))];
    }

    private static ByteBuffer pattern(final int sectors)
    {
        final ByteBuffer buf = ByteBuffer.allocate(sectors * Bio.SECTOR_SIZE);
        for (int i = 0; i < buf.capacity(); i++)
        {
            buf.put(i, (byte) (i * 13 + i / Bio.SECTOR_SIZE));
        }
        return buf;
    }

    @Test
    void splitsAtMaxIoLenAndTargetBoundaries() throws DmException
    {
        final MemoryDevice other = new MemoryDevice("other", 32);
        dm.addDevice(other);
        final MappedDevice md = dm.create("d", "0 20 probe a maxio=8 dev=base\n20 12 probe b maxio=8 dev=other");
        final AtomicInteger completions = new AtomicInteger();
        final AtomicInteger status = new AtomicInteger(-1);
        final ByteBuffer out = pattern(26);
        final Bio bio = new Bio().init(BioOp.WRITE, 4, 26, out, 0, (b, s) ->
        {
            completions.incrementAndGet();
            status.set(s);
        }, null);
        md.submit(bio);
        assertEquals(List.of("a WRITE 4+4 #0", "a WRITE 8+8 #0", "a WRITE 16+4 #0", "b WRITE 0+8 #0",
            "b WRITE 8+2 #0"), probe.seen());
        assertEquals(1, completions.get());
        assertEquals(BlkStatus.OK, status.get());
        assertEquals(5, probe.endIos.get());
        // each piece carried its part of the buffer: the probes remap 1:1, so base sector s
        // (4..19) holds bio sector s - 4 and other's sector s (0..9) holds bio sector 16 + s
        for (int s = 4; s < 20; s++)
        {
            assertEquals(out.get((s - 4) * Bio.SECTOR_SIZE + 3), byteAt(base.data(), (long) s * Bio.SECTOR_SIZE + 3),
                "base sector " + s);
        }
        for (int s = 0; s < 10; s++)
        {
            assertEquals(out.get((16 + s) * Bio.SECTOR_SIZE + 5), byteAt(other, (long) s * Bio.SECTOR_SIZE + 5),
                "other sector " + s);
        }
        assertEquals(0, md.inFlight());
    }

    @Test
    void maxIoLenCountsFromTheTargetStart() throws DmException
    {
        final MappedDevice md = dm.create("d", "0 3 zero\n3 16 probe a maxio=4");
        assertEquals(BlkStatus.OK, SyncIo.read(md, 0, ByteBuffer.allocate(12 * Bio.SECTOR_SIZE)));
        assertEquals(List.of("a READ 0+4 #0", "a READ 4+4 #0", "a READ 8+1 #0"), probe.seen());
    }

    @Test
    void partialAcceptanceReassemblesTheWrite() throws DmException
    {
        final MappedDevice md = dm.create("d", "0 64 probe o accept=8 dev=base");
        final ByteBuffer out = pattern(20);
        assertEquals(BlkStatus.OK, SyncIo.write(md, 3, out));
        assertEquals(List.of("o WRITE 3+5 #0", "o WRITE 8+8 #0", "o WRITE 16+7 #0"), probe.seen());
        // reads are never cut by this target
        final ByteBuffer in = ByteBuffer.allocate(20 * Bio.SECTOR_SIZE);
        assertEquals(BlkStatus.OK, SyncIo.read(md, 3, in));
        assertEquals("o READ 3+20 #0", probe.seen().get(3));
        assertEquals(out, in);
        assertEquals(List.of("WRITE 3+5", "WRITE 8+8", "WRITE 16+7", "READ 3+20"), base.log());
    }

    @Test
    void flushFansOutToEveryTargetWithCopyNumbers() throws DmException
    {
        final MappedDevice md = dm.create("d", "0 8 probe a flush=2 dev=base\n8 8 probe b\n16 8 probe c flush=0");
        assertEquals(BlkStatus.OK, SyncIo.flush(md));
        assertEquals(List.of("a FLUSH 0+0 #0", "a FLUSH 0+0 #1", "b FLUSH 0+0 #0"), probe.seen());
        assertEquals(List.of("FLUSH 0+0", "FLUSH 0+0"), base.log());
    }

    @Test
    void discardWithoutDiscardBiosFailsNotSupported() throws DmException
    {
        final MappedDevice md = dm.create("d", "0 8 probe a dev=base\n8 8 probe b discard=2 dev=base");
        assertEquals(BlkStatus.NOTSUPP, SyncIo.io(md, BioOp.DISCARD, 0, 4, null, 0));
        assertTrue(probe.seen().isEmpty());
        assertEquals(BlkStatus.OK, SyncIo.io(md, BioOp.DISCARD, 10, 4, null, 0));
        assertEquals(List.of("b DISCARD 2+4 #0", "b DISCARD 2+4 #1"), probe.seen());
        assertEquals(true, md.supportsDiscard());
    }

    @Test
    void firstErrorWinsAndKilledClonesSkipEndIo() throws DmException
    {
        final MappedDevice md = dm.create("d", "0 8 probe a dev=base\n8 8 probe k mode=kill\n16 8 error");
        final AtomicInteger completions = new AtomicInteger();
        final AtomicInteger status = new AtomicInteger(-1);
        final Bio bio = new Bio().init(BioOp.READ, 0, 24, ByteBuffer.allocate(24 * Bio.SECTOR_SIZE), 0, (b, s) ->
        {
            completions.incrementAndGet();
            status.set(s);
        }, null);
        md.submit(bio);
        assertEquals(1, completions.get());
        assertEquals(BlkStatus.IOERR, status.get());
        assertEquals(1, probe.endIos.get(), "only the remapped clone of a ends through endIo");
        assertEquals(0, md.inFlight());
    }

    @Test
    void emptyAndOutOfRangeBios() throws DmException
    {
        final MappedDevice md = dm.create("d", "0 8 probe a dev=base");
        assertEquals(BlkStatus.OK, SyncIo.io(md, BioOp.READ, 8, 0, null, 0));
        assertEquals(BlkStatus.IOERR, SyncIo.io(md, BioOp.READ, 7, 2, null, 0));
        assertEquals(BlkStatus.IOERR, SyncIo.io(md, BioOp.WRITE, -1, 1, null, 0));
        assertTrue(probe.seen().isEmpty());
        dm.create("empty");
        assertEquals(BlkStatus.IOERR, SyncIo.flush(dm.mappedDevice("empty")));
    }
}
