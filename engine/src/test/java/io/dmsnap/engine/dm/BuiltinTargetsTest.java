package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.SyncIo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BuiltinTargetsTest
{
    private DeviceMapper dm;
    private MemoryDevice a;
    private FourKibDevice b;

    @BeforeEach
    void setUp() throws DmException
    {
        dm = new DeviceMapper();
        a = new MemoryDevice("a", 256);
        b = new FourKibDevice(new MemoryDevice("b", 64));
        dm.addDevice(a);
        dm.addDevice(b);
    }

    /**
     * Device b: advertises 4 KiB logical blocks and no discard support over a {@link MemoryDevice}
     * with 512-byte blocks. The table's block size comes from what its devices advertise, while the
     * reads below are sector-granular, which a MemoryDevice with 4 KiB blocks would refuse; and a
     * MemoryDevice always takes discards, where b must refuse them.
     */
    private record FourKibDevice(MemoryDevice data) implements BlockDevice
    {
        @Override
        public String name()
        {
            return data.name();
        }

        @Override
        public long sizeSectors()
        {
            return data.sizeSectors();
        }

        @Override
        public int logicalBlockSize()
        {
            return 4096;
        }

        @Override
        public void submit(final Bio bio)
        {
            if (bio.op() == BioOp.DISCARD)
            {
                bio.complete(BlkStatus.NOTSUPP);
                return;
            }
            data.submit(bio);
        }
    }

    /** The stored byte at byte offset {@code offset}. */
    private static byte byteAt(final MemoryDevice device, final long offset)
    {
        return device.readBytes(offset >>> Bio.SECTOR_SHIFT, 1)[(int) (offset & (Bio.SECTOR_SIZE - 1))];
    }

    private static ByteBuffer pattern(final int sectors, final int seed)
    {
        final ByteBuffer buf = ByteBuffer.allocate(sectors * Bio.SECTOR_SIZE);
        for (int i = 0; i < buf.capacity(); i++)
        {
            buf.put(i, (byte) (i * 31 + seed));
        }
        return buf;
    }

    @Test
    void linearMovesDataAcrossTwoTargets() throws DmException
    {
        final MappedDevice md = dm.create("lin", "0 8 linear a 100\n8 8 linear b 16");
        final ByteBuffer out = pattern(16, 7);
        assertEquals(BlkStatus.OK, SyncIo.write(md, 0, out));
        // the first 8 sectors landed at a:100, the next 8 at b:16
        for (int i = 0; i < 8 * Bio.SECTOR_SIZE; i++)
        {
            assertEquals(out.get(i), byteAt(a, 100L * Bio.SECTOR_SIZE + i));
            assertEquals(out.get(8 * Bio.SECTOR_SIZE + i), byteAt(b.data, 16L * Bio.SECTOR_SIZE + i));
        }
        final ByteBuffer in = ByteBuffer.allocate(10 * Bio.SECTOR_SIZE);
        assertEquals(BlkStatus.OK, SyncIo.read(md, 3, in));
        assertEquals(out.slice(3 * Bio.SECTOR_SIZE, 10 * Bio.SECTOR_SIZE), in);
        assertEquals(16, md.sizeSectors());
        assertEquals(4096, md.logicalBlockSize());
    }

    @Test
    void linearStatusAndOutOfRange() throws DmException
    {
        final MappedDevice md = dm.create("lin", "0 8 linear a 100\n8 8 linear b 0");
        assertEquals("0 8 linear a 100\n8 8 linear b 0", dm.status("lin", StatusType.TABLE));
        assertEquals("0 8 linear \n8 8 linear ", dm.status("lin", StatusType.INFO));
        assertEquals(BlkStatus.IOERR, SyncIo.read(md, 12, ByteBuffer.allocate(8 * Bio.SECTOR_SIZE)));
        assertEquals(BlkStatus.OK, SyncIo.flush(md));
        // b does not take discards: linear passes the discard down and b refuses it
        assertEquals(BlkStatus.NOTSUPP, SyncIo.io(md, BioOp.DISCARD, 8, 4, null, 0));
    }

    @Test
    void errorAndZeroTargets() throws DmException
    {
        final MappedDevice md = dm.create("ez", "0 8 zero\n8 8 error ignored args");
        assertEquals("0 8 zero \n8 8 error ", dm.status("ez", StatusType.TABLE));
        final ByteBuffer buf = pattern(8, 1);
        assertEquals(BlkStatus.OK, SyncIo.read(md, 0, buf));
        for (int i = 0; i < buf.capacity(); i++)
        {
            assertEquals(0, buf.get(i));
        }
        assertEquals(BlkStatus.OK, SyncIo.write(md, 0, pattern(8, 2)));
        assertEquals(BlkStatus.OK, SyncIo.io(md, BioOp.DISCARD, 0, 8, null, 0));
        assertEquals(BlkStatus.IOERR, SyncIo.read(md, 8, ByteBuffer.allocate(Bio.SECTOR_SIZE)));
        assertEquals(BlkStatus.IOERR, SyncIo.io(md, BioOp.DISCARD, 8, 1, null, 0));
        // a read spanning both fails as a whole, while the zero part was still served
        final ByteBuffer span = pattern(4, 3);
        assertEquals(BlkStatus.IOERR, SyncIo.read(md, 6, span));
        assertEquals(0, span.get(0));
        // a flush reaches every target: the error target fails it
        assertEquals(BlkStatus.IOERR, SyncIo.flush(md));
    }

    @Test
    void stackedDevicesAndBusyRemoval() throws DmException
    {
        final MappedDevice lower = dm.create("lower", "0 32 linear a 0");
        final MappedDevice upper = dm.create("upper", "0 16 linear lower 16");
        final ByteBuffer out = pattern(16, 9);
        assertEquals(BlkStatus.OK, SyncIo.write(upper, 0, out));
        assertEquals(out.get(5), byteAt(a, 16L * Bio.SECTOR_SIZE + 5));
        assertEquals(1, dm.openCount("lower"));
        assertEquals("device lower is busy", assertThrows(DmException.class, () -> dm.remove("lower")).getMessage());
        assertThrows(DmException.class, () -> dm.removeDevice("a"));
        assertThrows(DmException.class, () -> dm.load("lower", "0 8 linear lower 0"));
        dm.remove("upper");
        assertEquals(0, dm.openCount("lower"));
        dm.remove("lower");
        assertEquals(BlkStatus.IOERR, SyncIo.read(lower, 0, ByteBuffer.allocate(Bio.SECTOR_SIZE)));
        assertEquals(a, dm.removeDevice("a"));
        assertEquals(null, dm.device("a"));
    }
}
