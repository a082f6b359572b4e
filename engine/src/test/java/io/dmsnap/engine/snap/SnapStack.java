package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.dm.StatusType;
import io.dmsnap.engine.lvm.LvmStack;

import java.nio.ByteBuffer;

/**
 * Test fixture: an {@link LvmStack} in one {@link DeviceMapper}. A base device "base" (the origin's
 * data), the origin device "origin" ({@code snapshot-origin base}), and snapshots added with
 * {@link #addSnapshot}, each on its own COW device, in LVM's order, plus the I/O helpers tests share.
 */
final class SnapStack implements AutoCloseable
{
    static final int BLOCK = 4096;

    final DeviceMapper dm;
    final LvmStack lvm;
    final BlockDevice base;
    final MappedDevice origin;
    final long sectors;

    SnapStack(final EngineConfig config, final long sectors) throws DmException
    {
        this(config, new MemoryDevice("base", sectors));
    }

    /** A stack on a given base device, which must be named "base" (e.g. a fault-injecting wrapper). */
    SnapStack(final EngineConfig config, final BlockDevice base) throws DmException
    {
        this.dm = new DeviceMapper(config);
        this.sectors = base.sizeSectors();
        this.base = base;
        this.lvm = new LvmStack(dm, base);
        this.origin = lvm.origin();
    }

    /** Add snapshot {@code name} on a new memory COW of {@code cowSectors} with {@code store} and chunk size. */
    MappedDevice addSnapshot(final String name, final long cowSectors, final String store, final int chunk)
        throws DmException
    {
        return lvm.addSnapshot(name, new MemoryDevice(name + "-cow", cowSectors), store + " " + chunk);
    }

    MappedDevice addSnapshotOn(final String name, final String cowName, final String store, final String chunkAndFeatures)
        throws DmException
    {
        return lvm.addSnapshotOn(name, cowName, store + " " + chunkAndFeatures);
    }

    Snapshot snapshot(final String name)
    {
        return lvm.snapshot(name);
    }

    String info(final String name) throws DmException
    {
        return targetStatus(dm.status(name, StatusType.INFO));
    }

    String table(final String name) throws DmException
    {
        return targetStatus(dm.status(name, StatusType.TABLE));
    }

    /** Strip "<start> <len> <type> " from a one-target status line. */
    static String targetStatus(final String line)
    {
        final String[] parts = line.trim().split(" ", 4);
        return parts.length < 4 ? "" : parts[3];
    }

    static int write(final BlockDevice dev, final long sector, final byte[] data)
    {
        final ByteBuffer buf = ByteBuffer.allocateDirect(data.length);
        buf.put(0, data);
        return SyncIo.write(dev, sector, buf);
    }

    static byte[] read(final BlockDevice dev, final long sector, final int bytes)
    {
        final ByteBuffer buf = ByteBuffer.allocateDirect(bytes);
        final int st = SyncIo.read(dev, sector, buf);
        if (st != BlkStatus.OK)
        {
            throw new AssertionError("read of " + dev.name() + " at " + sector + " failed: " + BlkStatus.name(st));
        }
        final byte[] out = new byte[bytes];
        buf.get(0, out);
        return out;
    }

    static int readStatus(final BlockDevice dev, final long sector, final int bytes)
    {
        return SyncIo.read(dev, sector, ByteBuffer.allocateDirect(bytes));
    }

    /** A 4 KiB block carrying its block number, a version and a writer id in every 8-byte word. */
    static byte[] pattern(final long block, final int version, final int writer)
    {
        final ByteBuffer b = ByteBuffer.allocate(BLOCK);
        for (int i = 0; i < BLOCK; i += 16)
        {
            b.putLong(i, block);
            b.putInt(i + 8, version);
            b.putInt(i + 12, writer ^ i);
        }
        return b.array();
    }

    static String describe(final byte[] block)
    {
        final ByteBuffer b = ByteBuffer.wrap(block);
        return "block " + b.getLong(0) + " version " + b.getInt(8) + " writer " + b.getInt(12);
    }

    static int sectorsOf(final int bytes)
    {
        return bytes >>> Bio.SECTOR_SHIFT;
    }

    @Override
    public void close()
    {
        try
        {
            lvm.removeAll();
        }
        catch (final DmException e)
        {
            throw new AssertionError("cannot remove the stack: " + e.getMessage(), e);
        }
    }
}
