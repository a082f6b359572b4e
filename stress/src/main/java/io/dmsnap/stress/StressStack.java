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
import io.dmsnap.engine.snap.Origins;
import io.dmsnap.engine.snap.Snapshot;

import java.nio.ByteBuffer;

/**
 * An LVM-like stack for scenarios: a base data device {@code base} (a {@link FlakeyDevice} over a
 * {@link MemoryDevice}, so I/O to the origin's data can be held, delayed or failed), the origin
 * device {@code origin}, and snapshots added LVM's way (suspend origin, create snapshot, resume
 * origin). Devices are memory devices that keep data, so oracles can compare contents.
 */
public final class StressStack implements AutoCloseable
{
    public final DeviceMapper dm;
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
        dm.addDevice(base);
        this.origin = dm.create("origin", "0 " + sectors + " snapshot-origin base");
    }

    public Origins origins()
    {
        return Origins.of(dm);
    }

    /** A snapshot on a new memory COW device named {@code <name>-cow}. */
    public MappedDevice addSnapshot(final String name, final long cowSectors, final String store, final int chunk)
        throws DmException
    {
        final MemoryDevice cow = new MemoryDevice(name + "-cow", cowSectors);
        dm.addDevice(cow);
        return addSnapshotOn(name, cow.name(), store + " " + chunk);
    }

    /** A snapshot on an existing COW device; {@code storeAndChunk} is e.g. "P 8" or "N 8 1 discard_zeroes_cow". */
    public MappedDevice addSnapshotOn(final String name, final String cowName, final String storeAndChunk)
        throws DmException
    {
        dm.suspend("origin");
        try
        {
            return dm.create(name, "0 " + sectors + " snapshot base " + cowName + " " + storeAndChunk);
        }
        finally
        {
            dm.resume("origin");
        }
    }

    public Snapshot snapshot(final String name)
    {
        return (Snapshot) dm.mappedDevice(name).targetAt(0);
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
        for (int pass = 0; pass < 2; pass++)
        {
            for (final String n : dm.names())
            {
                try
                {
                    dm.remove(n);
                }
                catch (final DmException e)
                {
                    // snapshots go before the origin; the second pass removes what is left
                }
            }
        }
    }
}
