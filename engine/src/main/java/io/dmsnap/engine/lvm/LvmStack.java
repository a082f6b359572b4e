package io.dmsnap.engine.lvm;

import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.dm.StatusType;
import io.dmsnap.engine.snap.MergeTarget;
import io.dmsnap.engine.snap.Snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An origin with N snapshots in one {@link DeviceMapper}, built and changed in LVM's order of
 * operations, and the one place where the {@code snapshot-origin} and {@code snapshot} table
 * lines are written.
 *
 * <p>The stack: the data device (registered under its own name), the origin device
 * {@value #ORIGIN} ({@code 0 <sectors> snapshot-origin <data>}) and snapshots, each
 * {@code 0 <sectors> snapshot <data> <cow> <store> <chunk> [<features>]}, as long as the data
 * device.
 *
 * <p>Adding a snapshot follows {@code lvcreate -s}: register the COW device, suspend the origin,
 * load and resume the snapshot, resume the origin. The origin must be suspended while a snapshot
 * is loaded or unloaded: the origin recomputes the boundary it splits writes at only when it
 * resumes (7e768532), so a snapshot with a smaller chunk added without the suspend would see
 * origin writes larger than its chunk (the {@code splitBoundary=STALE} variant shows what that
 * does). Removing one follows {@code lvremove}: suspend the origin, remove the snapshot, resume
 * the origin.
 *
 * <p>Not thread-safe: one control thread builds and changes a stack; I/O may run meanwhile, as on
 * a live system (the suspend holds origin I/O while a snapshot is loaded).
 */
public final class LvmStack
{
    /** The origin device's name. */
    public static final String ORIGIN = "origin";

    private final DeviceMapper dm;
    private final BlockDevice data;
    private final long sectors;
    private final MappedDevice origin;
    /** Snapshots added here and not removed here, in the order they were added. */
    private final List<String> snapshots = new ArrayList<>();

    /**
     * Register {@code data} with {@code dm} and create the origin device {@value #ORIGIN} on it.
     *
     * @throws DmException when the data device's name is taken or the origin cannot be created
     */
    public LvmStack(final DeviceMapper dm, final BlockDevice data) throws DmException
    {
        this.dm = Objects.requireNonNull(dm, "dm");
        this.data = Objects.requireNonNull(data, "data");
        this.sectors = data.sizeSectors();
        dm.addDevice(data);
        this.origin = dm.create(ORIGIN, originTable(sectors, data.name()));
    }

    /** The table of an origin device of {@code sectors} over {@code dataDevice}. */
    public static String originTable(final long sectors, final String dataDevice)
    {
        return "0 " + sectors + " snapshot-origin " + dataDevice;
    }

    /**
     * The table of a snapshot of {@code sectors} of {@code dataDevice} on {@code cowDevice};
     * {@code storeAndChunk} is the rest of the line: {@code "P 8"}, {@code "N 8 1 discard_zeroes_cow"}.
     */
    public static String snapshotTable(final long sectors, final String dataDevice, final String cowDevice,
                                       final String storeAndChunk)
    {
        return "0 " + sectors + " snapshot " + dataDevice + " " + cowDevice + " " + storeAndChunk;
    }

    /**
     * The table of a {@code snapshot-merge} target of {@code sectors} merging the snapshot on
     * {@code cowDevice} into {@code dataDevice}; {@code storeAndChunk} as for {@link #snapshotTable}.
     */
    public static String mergeTable(final long sectors, final String dataDevice, final String cowDevice,
                                    final String storeAndChunk)
    {
        return "0 " + sectors + " snapshot-merge " + dataDevice + " " + cowDevice + " " + storeAndChunk;
    }

    /**
     * Start merging snapshot {@code name} into the origin, as {@code lvconvert --merge} does on an
     * active origin: load a {@code snapshot-merge} table on the origin device over the snapshot's
     * COW (a handover destination), suspend the snapshot, resume the origin (the handover, then the
     * merge starts), remove the snapshot device. The origin device then is the merge target until
     * {@link #finishMerge()}. Returns the merge target.
     *
     * @throws DmException when the table is refused (another merge, a transient store) or the resume fails
     */
    public MergeTarget startMerge(final String name) throws DmException
    {
        // The snapshot's table: "0 <length> snapshot <origin> <cow> <store> <chunk> [<features>]".
        final String[] table = dm.status(name, StatusType.TABLE).trim().split(" ", 6);
        if (table.length < 6 || !"snapshot".equals(table[2]))
        {
            throw new DmException(name + " is not a snapshot: " + String.join(" ", table));
        }
        dm.load(ORIGIN, mergeTable(sectors, data.name(), table[4], table[5]));
        try
        {
            dm.suspend(name);
            dm.resume(ORIGIN);
        }
        catch (final DmException e)
        {
            dm.clear(ORIGIN);
            dm.resume(name);
            throw e;
        }
        dm.remove(name);
        snapshots.remove(name);
        return mergeTarget();
    }

    /** The merge target while the origin device merges ({@link #startMerge}), else null. */
    public MergeTarget mergeTarget()
    {
        return origin.targetAt(0) instanceof MergeTarget m ? m : null;
    }

    /** After the merge ended: the origin device becomes a {@code snapshot-origin} again (lvm2's table replacement). */
    public void finishMerge() throws DmException
    {
        dm.load(ORIGIN, originTable(sectors, data.name()));
        dm.resume(ORIGIN);
    }

    /** The table of a snapshot of this stack's origin on {@code cowDevice} (also for reloading one: a handover). */
    public String snapshotTable(final String cowDevice, final String storeAndChunk)
    {
        return snapshotTable(sectors, data.name(), cowDevice, storeAndChunk);
    }

    /** Register {@code cow} and add snapshot {@code name} on it (see {@link #addSnapshotOn(String, String, String)}). */
    public MappedDevice addSnapshot(final String name, final BlockDevice cow, final String storeAndChunk)
        throws DmException
    {
        dm.addDevice(cow);
        return addSnapshotOn(name, cow.name(), storeAndChunk);
    }

    /**
     * Add snapshot {@code name} on the registered COW device {@code cowDevice}: suspend the
     * origin, create (load and resume) the snapshot, resume the origin, which recomputes its split
     * boundary. The origin is resumed also when the snapshot is refused.
     */
    public MappedDevice addSnapshotOn(final String name, final String cowDevice, final String storeAndChunk)
        throws DmException
    {
        return addSnapshotOn(name, cowDevice, storeAndChunk, null);
    }

    /**
     * As {@link #addSnapshotOn(String, String, String)}, running {@code whileSuspended} (when not
     * null) after the origin is suspended and before the snapshot is loaded: the moment the
     * snapshot's content is fixed, when a model of the data takes its own copy.
     */
    public MappedDevice addSnapshotOn(final String name, final String cowDevice, final String storeAndChunk,
                                      final Runnable whileSuspended) throws DmException
    {
        dm.suspend(ORIGIN);
        try
        {
            if (whileSuspended != null)
            {
                whileSuspended.run();
            }
            final MappedDevice snapshot = dm.create(name, snapshotTable(cowDevice, storeAndChunk));
            snapshots.remove(name);   // a name removed behind this stack's back and used again
            snapshots.add(name);
            return snapshot;
        }
        finally
        {
            dm.resume(ORIGIN);
        }
    }

    /** Remove snapshot {@code name} with the origin suspended; its COW device stays registered. */
    public void removeSnapshot(final String name) throws DmException
    {
        dm.suspend(ORIGIN);
        try
        {
            dm.remove(name);
            snapshots.remove(name);
        }
        finally
        {
            dm.resume(ORIGIN);
        }
    }

    /**
     * Remove every mapped device of the device mapper: the snapshots added here (the last first),
     * then the origin and anything else. A device that is still busy is tried again after the
     * others; the first failure of that second pass is thrown.
     */
    public void removeAll() throws DmException
    {
        final List<String> order = new ArrayList<>();
        for (int i = snapshots.size() - 1; i >= 0; i--)
        {
            order.add(snapshots.get(i));
        }
        for (final String n : dm.names())
        {
            if (!order.contains(n))
            {
                order.add(n);
            }
        }
        final List<String> left = new ArrayList<>();
        for (final String n : order)
        {
            if (!tryRemove(n))
            {
                left.add(n);
            }
        }
        for (final String n : left)
        {
            if (dm.mappedDevice(n) != null)
            {
                dm.remove(n);
            }
        }
        snapshots.clear();
    }

    private boolean tryRemove(final String name)
    {
        if (dm.mappedDevice(name) == null)
        {
            return true;   // removed meanwhile (or by the caller)
        }
        try
        {
            dm.remove(name);
            return true;
        }
        catch (final DmException e)
        {
            return false;   // busy now; the second pass reports it
        }
    }

    /** The snapshot target of one-target device {@code name}. */
    public Snapshot snapshot(final String name)
    {
        return (Snapshot) dm.mappedDevice(name).targetAt(0);
    }

    public DeviceMapper deviceMapper()
    {
        return dm;
    }

    /** The data device under the origin (and the snapshots' origin argument). */
    public BlockDevice data()
    {
        return data;
    }

    /** The origin device {@value #ORIGIN}. */
    public MappedDevice origin()
    {
        return origin;
    }

    /** Length of the origin and of every snapshot. */
    public long sectors()
    {
        return sectors;
    }
}
