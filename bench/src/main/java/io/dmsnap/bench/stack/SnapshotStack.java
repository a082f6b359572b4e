package io.dmsnap.bench.stack;

import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.DeviceProfile;
import io.dmsnap.engine.block.TimedDevice;
import io.dmsnap.engine.block.TimedDeviceStats;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.lvm.LvmStack;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.engine.snap.SnapshotStats;
import io.dmsnap.engine.store.PersistentStore;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The benchmark stack of the dmtest snapshot tests: a data device {@code base}, the origin device
 * {@code origin} ({@code snapshot-origin base}) and one snapshot {@code snap} on a COW device, in
 * one {@link DeviceMapper}. Built by an {@link LvmStack}, in LVM's order, and renewable: {@link #renewSnapshot()} replaces the snapshot with
 * a fresh one on a fresh COW, so every benchmark iteration measures copy-on-write, as the reference
 * runs do (a new snapshot per run).
 *
 * <p>Device timing: the data device and every COW device can be given a {@link DeviceProfile}; the
 * stack then wraps them in a {@link TimedDevice}, so that copies cost what they cost on that kind
 * of storage (the COW often sits on slower storage than the origin). {@link DeviceProfile#NULL}
 * (the default) leaves a device as it is.
 *
 * <p>Not thread-safe: built and renewed by one control thread while no I/O runs.
 */
public final class SnapshotStack implements AutoCloseable
{
    public static final String ORIGIN = LvmStack.ORIGIN;
    public static final String SNAPSHOT = "snap";

    private final DeviceMapper dm;
    private final LvmStack lvm;
    private final BlockDevice base;
    private final Supplier<BlockDevice> cowFactory;
    private final DeviceProfile originProfile;
    private final DeviceProfile cowProfile;
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
        this(config, base, DeviceProfile.NULL, cowFactory, DeviceProfile.NULL, store, chunkSectors);
    }

    /**
     * A stack whose devices cost what their profiles say.
     *
     * @param base          the data device, registered under its own name; timed by {@code originProfile}
     * @param originProfile timing of the data device under the origin ({@link DeviceProfile#NULL}: none)
     * @param cowFactory    makes a fresh, zeroed COW device per snapshot, each time with the same name
     * @param cowProfile    timing of every COW device ({@link DeviceProfile#NULL}: none)
     * @param store         N, P or PO
     */
    public SnapshotStack(final EngineConfig config, final BlockDevice base, final DeviceProfile originProfile,
                         final Supplier<BlockDevice> cowFactory, final DeviceProfile cowProfile, final String store,
                         final int chunkSectors) throws DmException
    {
        this.dm = new DeviceMapper(config);
        this.originProfile = Objects.requireNonNull(originProfile, "originProfile");
        this.cowProfile = Objects.requireNonNull(cowProfile, "cowProfile");
        this.base = TimedDevice.wrap(base, originProfile);
        this.cowFactory = () -> TimedDevice.wrap(cowFactory.get(), cowProfile);
        this.store = store;
        this.chunkSectors = chunkSectors;
        this.lvm = new LvmStack(dm, this.base);
        this.origin = lvm.origin();
        createSnapshot();
    }

    private void createSnapshot() throws DmException
    {
        cow = cowFactory.get();
        snapshot = lvm.addSnapshot(SNAPSHOT, cow, store + " " + chunkSectors);
    }

    /** Remove the snapshot and its COW, and create a new one: the next writes copy-on-write again. */
    public void renewSnapshot() throws DmException
    {
        lvm.removeSnapshot(SNAPSHOT);
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
        if (store.toUpperCase(Locale.ROOT).startsWith("N"))
        {
            return chunks * chunkSectors;
        }
        final long epa = PersistentStore.exceptionsPerArea(chunkSectors);
        final long areas = (chunks + 1 + epa - 1) / epa;
        return chunkSectors * (1 + areas + chunks);
    }

    public DeviceMapper deviceMapper()
    {
        return dm;
    }

    /** The data device: a {@link TimedDevice} over the one given when the origin profile is not null. */
    public BlockDevice base()
    {
        return base;
    }

    public DeviceProfile originProfile()
    {
        return originProfile;
    }

    public DeviceProfile cowProfile()
    {
        return cowProfile;
    }

    /** The timing counters of the data device, or null when its profile is {@link DeviceProfile#NULL}. */
    public TimedDeviceStats originTiming()
    {
        return base instanceof TimedDevice ? ((TimedDevice) base).stats() : null;
    }

    /** The timing counters of the current snapshot's COW device, or null when its profile is {@link DeviceProfile#NULL}. */
    public TimedDeviceStats cowTiming()
    {
        return cow instanceof TimedDevice ? ((TimedDevice) cow).stats() : null;
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
            + dm.config().origin() + ", origin device " + originProfile.label() + ", cow device " + cowProfile.label();
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
            throw new IllegalStateException("cannot remove the stack: " + e.getMessage(), e);
        }
        cow.close();
        base.close();
    }
}
