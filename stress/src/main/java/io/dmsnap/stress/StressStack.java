package io.dmsnap.stress;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.dm.StatusType;
import io.dmsnap.engine.lvm.LvmStack;
import io.dmsnap.engine.snap.Origins;
import io.dmsnap.engine.snap.Snapshot;

import java.nio.ByteBuffer;

/**
 * The {@link LvmStack} of scenarios: a base data device {@code base} (a {@link FlakeyDevice} over a
 * {@link MemoryDevice}, so I/O to the origin's data can be held, delayed or failed), the origin
 * device {@code origin}, and snapshots added in LVM's order. Devices are memory devices that keep
 * data, so oracles can compare contents.
 */
public final class StressStack implements AutoCloseable
{
    public final DeviceMapper dm;
    public final LvmStack lvm;
    public final FlakeyDevice base;
    public final MemoryDevice baseMemory;
    public final MappedDevice origin;
    public final long sectors;

    public StressStack(final EngineConfig config, final long sectors) throws DmException
    {
        this.dm = new DeviceMapper(config);
        this.sectors = sectors;
        this.baseMemory = new MemoryDevice("base-mem", sectors);
        this.base = new FlakeyDevice("base", baseMemory);
        this.lvm = new LvmStack(dm, base);
        this.origin = lvm.origin();
    }

    public Origins origins()
    {
        return Origins.of(dm);
    }

    /** A snapshot on a new memory COW device named {@code <name>-cow}. */
    public MappedDevice addSnapshot(final String name, final long cowSectors, final String store, final int chunk)
        throws DmException
    {
        return lvm.addSnapshot(name, new MemoryDevice(name + "-cow", cowSectors), store + " " + chunk);
    }

    /** A snapshot on an existing COW device; {@code storeAndChunk} is e.g. "P 8" or "N 8 1 discard_zeroes_cow". */
    public MappedDevice addSnapshotOn(final String name, final String cowName, final String storeAndChunk)
        throws DmException
    {
        return lvm.addSnapshotOn(name, cowName, storeAndChunk);
    }

    /** The table line of a snapshot of this origin on {@code cowName}: {@code storeAndChunk} is e.g. "N 8". */
    public String snapshotTable(final String cowName, final String storeAndChunk)
    {
        return lvm.snapshotTable(cowName, storeAndChunk);
    }

    public Snapshot snapshot(final String name)
    {
        return lvm.snapshot(name);
    }

    /** The target part of the INFO status of a one-target device. */
    public String info(final String name) throws DmException
    {
        final String[] parts = dm.status(name, StatusType.INFO).trim().split(" ", 4);
        return parts.length < 4 ? "" : parts[3];
    }

    public static int write(final BlockDevice dev, final long sector, final byte[] data)
    {
        final ByteBuffer buf = ByteBuffer.allocateDirect(data.length);
        buf.put(0, data);
        return SyncIo.write(dev, sector, buf);
    }

    /** Read {@code bytes} at {@code sector}; null when the read fails. */
    public static byte[] read(final BlockDevice dev, final long sector, final int bytes)
    {
        final ByteBuffer buf = ByteBuffer.allocateDirect(bytes);
        if (SyncIo.read(dev, sector, buf) != BlkStatus.OK)
        {
            return null;
        }
        final byte[] out = new byte[bytes];
        buf.get(0, out);
        return out;
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
            // a scenario may leave a device held (its verdict says why); closing must not hide that verdict
        }
    }
}
