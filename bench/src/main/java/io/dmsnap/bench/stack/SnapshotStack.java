package io.dmsnap.bench.stack;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.engine.snap.SnapshotStats;

import java.util.function.Supplier;

/**
 * The benchmark stack of the dmtest snapshot tests: a data device {@code base}, the origin device
 * {@code origin} ({@code snapshot-origin base}) and one snapshot {@code snap} on a COW device, in
 * one {@link DeviceMapper}. Built the way LVM does it (suspend the origin, load and resume the
 * snapshot, resume the origin), and renewable: {@link #renewSnapshot()} replaces the snapshot with
 * a fresh one on a fresh COW, so every benchmark iteration measures copy-on-write, as the reference
 * runs do (a new snapshot per run).
 *
 * <p>Not thread-safe: built and renewed by one control thread while no I/O runs.
 */
public final class SnapshotStack implements AutoCloseable
{
    public static final String ORIGIN = "origin";
    public static final String SNAPSHOT = "snap";

    private final DeviceMapper dm;
    private final BlockDevice base;
    private final Supplier<BlockDevice> cowFactory;
    private final String store;
    private final int chunkSectors;
    private final MappedDevice origin;
    private BlockDevice cow;
    private MappedDevice snapshot;

    /**
     * @param base       the data device, registered under its own name
     * @param cowFactory makes a fresh, zeroed COW device per snapshot, each time with the same name
     * @param store      N, P or PO
     */
    public SnapshotStack(final EngineConfig config, final BlockDevice base, final Supplier<BlockDevice> cowFactory,
                         final String store, final int chunkSectors) throws DmException
    {
        this.dm = new DeviceMapper(config);
        this.base = base;
        this.cowFactory = cowFactory;
        this.store = store;
        this.chunkSectors = chunkSectors;
        dm.addDevice(this.base);
        this.origin = dm.create(ORIGIN, "0 " + base.sizeSectors() + " snapshot-origin " + base.name());
        createSnapshot();
    }

    private void createSnapshot() throws DmException
    {
        cow = cowFactory.get();
        dm.addDevice(cow);
        dm.suspend(ORIGIN);
        try
        {
            snapshot = dm.create(SNAPSHOT, "0 " + base.sizeSectors() + " snapshot " + base.name() + " " + cow.name() + " " + store
                + " " + chunkSectors);
        }
        finally
        {
            dm.resume(ORIGIN);
        }
    }

    /** Remove the snapshot and its COW, and create a new one: the next writes copy-on-write again. */
    public void renewSnapshot() throws DmException
    {
        dm.suspend(ORIGIN);
        try
        {
            dm.remove(SNAPSHOT);
        }
        finally
        {
            dm.resume(ORIGIN);
        }
        dm.removeDevice(cow.name());
        cow.close();
        createSnapshot();
    }

    /**
     * COW sectors so the snapshot can never fill (dmtest's max snapshot size): transient
     * {@code nr_chunks * CS}; persistent {@code CS * (1 + nr_areas + nr_chunks)} with
     * {@code nr_areas = ceil((nr_chunks + 1) / epa)}.
     */
    public static long maxSnapshotSectors(final String store, final long originSectors, final int chunkSectors)
    {
        final long chunks = (originSectors + chunkSectors - 1) / chunkSectors;
        if (store.toUpperCase(java.util.Locale.ROOT).startsWith("N"))
        {
            return chunks * chunkSectors;
        }
        final long epa = (long) chunkSectors * Bio.SECTOR_SIZE / 16;
        final long areas = (chunks + 1 + epa - 1) / epa;
        return chunkSectors * (1 + areas + chunks);
    }

    public DeviceMapper deviceMapper()
    {
        return dm;
    }

    public BlockDevice base()
    {
        return base;
    }

    public MappedDevice origin()
    {
        return origin;
    }

    public MappedDevice snapshot()
    {
        return snapshot;
    }

    public BlockDevice cow()
    {
        return cow;
    }

    /** The counters of the current snapshot (its target instance). */
    public SnapshotStats snapshotStats()
    {
        return ((Snapshot) snapshot.targetAt(0)).stats();
    }

    /** The device a dmtest target name stands for: origin, snapshot, or raw (the bare data device). */
    public BlockDevice target(final String name)
    {
        switch (name)
        {
            case "origin":
                return origin;
            case "snapshot":
                return snapshot;
            case "raw":
            case "raw_device":
                return base;
            default:
                throw new IllegalArgumentException("unknown target '" + name + "'; valid targets: origin, snapshot, raw");
        }
    }

    public String describe()
    {
        return "origin " + base.sizeSectors() + " sectors, snapshot " + store + " chunk " + chunkSectors + " sectors, "
            + dm.config().origin();
    }

    @Override
    public void close()
    {
        for (final String name : new String[] {SNAPSHOT, ORIGIN})
        {
            try
            {
                dm.remove(name);
            }
            catch (final DmException e)
            {
                throw new IllegalStateException("cannot remove " + name + ": " + e.getMessage(), e);
            }
        }
        cow.close();
        base.close();
    }
}
