package io.dmsnap.bench.stack;

import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.CompletionTimer;
import io.dmsnap.engine.block.DeviceProfile;
import io.dmsnap.engine.block.NullDevice;
import io.dmsnap.engine.block.TimedDevice;
import io.dmsnap.engine.block.TimedDeviceStats;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.lvm.LvmStack;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.engine.snap.SnapshotParameters;
import io.dmsnap.engine.snap.SnapshotStats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * N snapshots of one origin, as dmtest's {@code many_snapshots_of_same_volume} builds them: a data
 * device {@code base} under the origin {@code origin} ({@code snapshot-origin base}) and the
 * snapshots {@code snap1} .. {@code snapN}, each on a COW device of its own ({@code cow1} ..
 * {@code cowN}) sized so it never fills, added one by one by an {@link LvmStack}, in LVM's order.
 *
 * <p>Every first write to an origin chunk then starts one copy per snapshot: N copier jobs and N
 * copies of the same origin chunk, the load that made the copier's memory grow before
 * {@code snapshot_cow_threshold} existed (721b1d98).
 *
 * <p>Devices keep no data ({@link NullDevice}): the stack measures timing and accounting, not
 * contents. The data device is timed by the origin profile and every COW device by the COW profile
 * ({@link TimedDevice}; {@link DeviceProfile#NULL} leaves a device untimed). Each modelled device
 * has its own queue and, for a disk, its own head. dmtest carves the origin and the COWs out of
 * one test disk as linear volumes, so there the copies' reads and writes also compete for one
 * head; a profile describes one device, and giving the COWs a profile of their own models storage
 * where they do not.
 *
 * <p>Not thread-safe: built and closed by one control thread while no I/O runs; the counters may
 * be read from any thread while I/O runs.
 */
public final class ManySnapshotsStack implements AutoCloseable
{
    public static final String ORIGIN = LvmStack.ORIGIN;

    private final DeviceMapper dm;
    private final LvmStack lvm;
    private final BlockDevice base;
    private final MappedDevice origin;
    private final List<MappedDevice> snapshots = new ArrayList<>();
    private final List<BlockDevice> cows = new ArrayList<>();
    private final DeviceProfile originProfile;
    private final DeviceProfile cowProfile;
    private final String store;
    private final int chunkSectors;
    private final CompletionTimer timer;

    /**
     * @param originSectors size of the origin (and of each snapshot)
     * @param snapshots     how many snapshots, at least 1
     * @param store         N, P or PO
     * @param chunkSectors  chunk size of every snapshot
     * @throws IllegalArgumentException for a bad count or size
     * @throws DmException when the engine refuses a table (a bad chunk size, say)
     */
    public ManySnapshotsStack(final EngineConfig config, final long originSectors, final int snapshots, final String store,
                              final int chunkSectors, final DeviceProfile originProfile, final DeviceProfile cowProfile)
        throws DmException
    {
        this(config, originSectors, snapshots, store, chunkSectors, originProfile, cowProfile, CompletionTimer.shared());
    }

    /**
     * A stack whose timed devices complete on {@code timer}: a {@link CompletionTimer#manual manual}
     * timer lets a test hold every completion (its clock stands still) and release them when it chooses.
     */
    public ManySnapshotsStack(final EngineConfig config, final long originSectors, final int snapshots, final String store,
                              final int chunkSectors, final DeviceProfile originProfile, final DeviceProfile cowProfile,
                              final CompletionTimer timer)
        throws DmException
    {
        if (snapshots < 1)
        {
            throw new IllegalArgumentException("snapshots must be at least 1, got " + snapshots);
        }
        if (originSectors < chunkSectors)
        {
            throw new IllegalArgumentException("origin of " + originSectors + " sectors is smaller than one chunk of "
                + chunkSectors + " sectors");
        }
        this.dm = new DeviceMapper(config);
        this.originProfile = Objects.requireNonNull(originProfile, "originProfile");
        this.cowProfile = Objects.requireNonNull(cowProfile, "cowProfile");
        this.store = store.toUpperCase(Locale.ROOT);
        this.chunkSectors = chunkSectors;
        this.timer = Objects.requireNonNull(timer, "timer");
        this.base = timed(new NullDevice("base", originSectors), originProfile);
        try
        {
            this.lvm = new LvmStack(dm, base);
            this.origin = lvm.origin();
            final long cowSectors = SnapshotStack.maxSnapshotSectors(this.store, originSectors, chunkSectors);
            for (int i = 1; i <= snapshots; i++)
            {
                addSnapshot(i, cowSectors);
            }
        }
        catch (final DmException | RuntimeException e)
        {
            close();
            throw e;
        }
    }

    private void addSnapshot(final int number, final long cowSectors) throws DmException
    {
        final BlockDevice cow = timed(new NullDevice("cow" + number, cowSectors), cowProfile);
        cows.add(cow);
        snapshots.add(lvm.addSnapshot("snap" + number, cow, store + " " + chunkSectors));
    }

    private BlockDevice timed(final BlockDevice inner, final DeviceProfile profile)
    {
        return profile.isNull() ? inner : new TimedDevice(inner, profile, timer);
    }

    public DeviceMapper deviceMapper()
    {
        return dm;
    }

    /** The module parameters and copier figures of this stack's engine. */
    public SnapshotParameters parameters()
    {
        return SnapshotParameters.of(dm);
    }

    public MappedDevice origin()
    {
        return origin;
    }

    /** Snapshot {@code number}, 1-based as dmtest names them. */
    public MappedDevice snapshot(final int number)
    {
        return snapshots.get(number - 1);
    }

    public int snapshotCount()
    {
        return snapshots.size();
    }

    public int chunkSectors()
    {
        return chunkSectors;
    }

    public String store()
    {
        return store;
    }

    public DeviceProfile originProfile()
    {
        return originProfile;
    }

    public DeviceProfile cowProfile()
    {
        return cowProfile;
    }

    /** The device a target name stands for: {@code origin} or {@code snapshot} (the first snapshot). */
    public BlockDevice target(final String name)
    {
        switch (name)
        {
            case "origin":
                return origin;
            case "snapshot":
                return snapshots.get(0);
            default:
                throw new IllegalArgumentException("unknown target '" + name + "'; valid targets: origin, snapshot");
        }
    }

    /** The counters of every snapshot, in order. */
    public List<SnapshotStats> snapshotStats()
    {
        final List<SnapshotStats> stats = new ArrayList<>(snapshots.size());
        for (final MappedDevice s : snapshots)
        {
            stats.add(((Snapshot) s.targetAt(0)).stats());
        }
        return stats;
    }

    /** Copies in flight now, summed over the snapshots. */
    public long copiesInFlight()
    {
        long n = 0;
        for (final SnapshotStats s : snapshotStats())
        {
            n += s.copiesInFlight();
        }
        return n;
    }

    /** Copies in flight now in the snapshot that has the most. */
    public long maxCopiesInFlight()
    {
        long n = 0;
        for (final SnapshotStats s : snapshotStats())
        {
            n = Math.max(n, s.copiesInFlight());
        }
        return n;
    }

    /** Pending exceptions not yet freed, summed over the snapshots. */
    public long pendingExceptions()
    {
        long n = 0;
        for (final SnapshotStats s : snapshotStats())
        {
            n += s.pendingExceptions();
        }
        return n;
    }

    /** Whether every snapshot is still valid (none overflowed or failed). */
    public boolean allValid()
    {
        for (final SnapshotStats s : snapshotStats())
        {
            if (!s.valid())
            {
                return false;
            }
        }
        return true;
    }

    /** The data device's timing counters, or null when its profile is {@link DeviceProfile#NULL}. */
    public TimedDeviceStats originTiming()
    {
        return base instanceof TimedDevice ? ((TimedDevice) base).stats() : null;
    }

    /** The timing counters of every COW device, in snapshot order; empty when the COW profile is null. */
    public List<TimedDeviceStats> cowTimings()
    {
        final List<TimedDeviceStats> stats = new ArrayList<>(cows.size());
        for (final BlockDevice cow : cows)
        {
            if (cow instanceof TimedDevice)
            {
                stats.add(((TimedDevice) cow).stats());
            }
        }
        return Collections.unmodifiableList(stats);
    }

    /**
     * The latest due time of any timed device, on the device clock, or 0 when no device is timed
     * or none has served a request: with a start time read from the same clock, the modelled time
     * the devices took for the work submitted so far.
     */
    public long lastDueNanos()
    {
        long last = 0;
        final TimedDeviceStats o = originTiming();
        if (o != null)
        {
            last = o.lastDueNanos();
        }
        for (final TimedDeviceStats c : cowTimings())
        {
            last = Math.max(last, c.lastDueNanos());
        }
        return last;
    }

    public String describe()
    {
        return "origin " + base.sizeSectors() + " sectors, " + snapshots.size() + " snapshot"
            + (snapshots.size() == 1 ? "" : "s") + " " + store + " chunk " + chunkSectors + " sectors, " + dm.config().origin()
            + ", origin device " + originProfile.label() + ", cow devices " + cowProfile.label();
    }

    /** Removes the snapshots (last first), the origin and the devices. */
    @Override
    public void close()
    {
        RuntimeException failure = null;
        if (lvm != null)
        {
            try
            {
                lvm.removeAll();
            }
            catch (final DmException e)
            {
                failure = new IllegalStateException("cannot remove the stack: " + e.getMessage(), e);
            }
        }
        for (final BlockDevice cow : cows)
        {
            cow.close();
        }
        base.close();
        if (failure != null)
        {
            throw failure;
        }
    }
}
