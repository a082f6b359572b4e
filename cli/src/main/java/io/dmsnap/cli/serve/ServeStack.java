package io.dmsnap.cli.serve;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.dm.StatusType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The devices a server exports: one {@link DeviceMapper}, the base devices its tables name (made
 * from the table arguments by {@link BackingDevices}) and the mapped devices in the order they were
 * created. Table text goes to the engine's own parser and targets unchanged except that device
 * arguments are replaced by the names of the devices made for them, so every target type the
 * engine has (snapshot-origin, snapshot, linear, and any a module adds) works here.
 *
 * <p>Thread safety: the control verbs ({@link #create}, {@link #load}, {@link #remove},
 * {@link #shutdown}) and the bookkeeping are serialised on this object; {@link #find} and
 * {@link #names} (handshakes) take the same lock briefly. I/O never takes it.
 */
final class ServeStack implements ExportCatalog
{
    /** Base device bookkeeping: whether writes to it stay (multi-conn), whether it rotates, the direct memory it may take. */
    private static final class Base
    {
        final BlockDevice device;
        final boolean keepsData;
        final boolean rotational;
        final long memoryBytes;

        Base(final BlockDevice device, final boolean keepsData, final boolean rotational, final long memoryBytes)
        {
            this.device = device;
            this.keepsData = keepsData;
            this.rotational = rotational;
            this.memoryBytes = memoryBytes;
        }
    }

    private final DeviceMapper dm;
    private final ServeLog log;
    private final Map<String, Base> bases = new HashMap<>();
    /** Mapped devices in creation order. */
    private final Set<String> order = new LinkedHashSet<>();
    /** The device names each mapped device's latest table refers to. */
    private final Map<String, List<String>> refs = new HashMap<>();
    /** Direct memory the JVM allows, where memory devices keep their pages. */
    private final long directMemoryLimit = DirectMemoryLimit.bytes();
    /** The memory devices' total size last warned about (a warning is given once per new total). */
    private long warnedMemoryBytes;
    /** Set by {@link #settle}: the table file's devices exist, so a new total is worth a warning at once. */
    private boolean settled;

    ServeStack(final DeviceMapper dm, final ServeLog log)
    {
        this.dm = dm;
        this.log = log;
    }

    DeviceMapper deviceMapper()
    {
        return dm;
    }

    /** {@code dmsetup create NAME --table TABLE}: base devices first, then create, load and resume. */
    synchronized void create(final String name, final String table) throws DmException
    {
        final List<String> added = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final String resolved = resolve(table, added, names);
        try
        {
            dm.create(name, resolved);
        }
        catch (final DmException | RuntimeException e)
        {
            forget(added);
            throw e;
        }
        order.add(name);
        refs.put(name, names);
    }

    /** {@code dmsetup create NAME --notable}. */
    synchronized void createEmpty(final String name) throws DmException
    {
        dm.create(name);
        order.add(name);
        refs.put(name, List.of());
    }

    /** {@code dmsetup load NAME --table TABLE}: the inactive table, resumed later. */
    synchronized void load(final String name, final String table) throws DmException
    {
        final List<String> added = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final String resolved = resolve(table, added, names);
        try
        {
            dm.load(name, resolved);
        }
        catch (final DmException | RuntimeException e)
        {
            forget(added);
            throw e;
        }
        refs.put(name, names);
    }

    /** {@code dmsetup remove NAME}. Base devices stay: a later table may name them again. */
    synchronized void remove(final String name) throws DmException
    {
        dm.remove(name);
        order.remove(name);
        refs.remove(name);
    }

    /**
     * After a table file's devices were created in file order: suspend and resume each, so that
     * every origin learns the chunk sizes of the snapshots created after it (as lvcreate's resume of
     * the origin does). Nothing is in flight yet.
     */
    synchronized void settle() throws DmException
    {
        for (final String name : order)
        {
            dm.suspend(name);
            dm.resume(name);
        }
        settled = true;
        warnAboveDirectMemory();   // once for the whole table file; later devices warn as they come
    }

    /**
     * Replace each device argument of every table line by a registered device name, creating base
     * devices for specs not seen before ({@code added}); {@code names} receives every device name
     * the table refers to.
     */
    private String resolve(final String table, final List<String> added, final List<String> names)
    {
        final StringBuilder out = new StringBuilder();
        try
        {
            for (final String line : table.split("\r?\n|\r", -1))
            {
                final String text = line.strip();
                if (text.isEmpty() || text.startsWith("#"))
                {
                    continue;
                }
                final String[] fields = text.split("\\s+");
                for (int i = 0; i < fields.length; i++)
                {
                    String f = fields[i];
                    if (i >= 3)
                    {
                        f = BackingDevices.mapperName(f);
                        if (BackingDevices.isSpec(f))
                        {
                            final String devName = BackingDevices.name(f);
                            if (!bases.containsKey(devName))
                            {
                                if (dm.device(devName) != null)
                                {
                                    throw new IllegalArgumentException(f + ": a device called " + devName
                                        + " already exists");
                                }
                                final BackingDevices.Spec spec = BackingDevices.open(f);
                                try
                                {
                                    dm.addDevice(spec.device);
                                }
                                catch (final DmException e)
                                {
                                    spec.device.close();
                                    throw new IllegalArgumentException(f + ": " + e.getMessage());
                                }
                                bases.put(devName, new Base(spec.device, spec.keepsData, spec.rotational, spec.memoryBytes));
                                added.add(devName);
                            }
                            f = devName;
                        }
                        if (dm.device(f) != null)
                        {
                            names.add(f);
                        }
                    }
                    out.append(i == 0 ? "" : " ").append(f);
                }
                out.append('\n');
            }
        }
        catch (final RuntimeException e)
        {
            forget(added);
            throw e;
        }
        if (!added.isEmpty() && settled)
        {
            warnAboveDirectMemory();
        }
        return out.toString();
    }

    /** Warn once per new total when the memory devices could take more than the JVM's direct memory. */
    private void warnAboveDirectMemory()
    {
        long total = 0;
        for (final Base b : bases.values())
        {
            total += b.memoryBytes;
        }
        final String warning = DirectMemoryLimit.warning(total, directMemoryLimit);
        if (warning != null && total > warnedMemoryBytes)
        {
            warnedMemoryBytes = total;
            log.warn("warning: " + warning);
        }
    }

    private void forget(final List<String> added)
    {
        for (final String n : added)
        {
            try
            {
                dm.removeDevice(n).close();
            }
            catch (final DmException e)
            {
                log.warn("cannot forget " + n + ": " + e.getMessage());
            }
            bases.remove(n);
        }
        added.clear();
    }

    // ---- exports ----

    @Override
    public synchronized List<String> names()
    {
        final List<String> names = new ArrayList<>();
        for (final String n : order)
        {
            final MappedDevice md = dm.mappedDevice(n);
            if (md != null && md.sizeSectors() > 0)
            {
                names.add(n);
            }
        }
        return names;
    }

    @Override
    public synchronized Export find(final String name)
    {
        final String n = name.isEmpty() ? names().stream().findFirst().orElse(null) : name;
        final MappedDevice md = n == null || !order.contains(n) ? null : dm.mappedDevice(n);
        if (md == null || md.sizeSectors() == 0)
        {
            return null;
        }
        int flags = NbdProtocol.TFLAG_SEND_FLUSH | NbdProtocol.TFLAG_SEND_FUA | NbdProtocol.TFLAG_SEND_WRITE_ZEROES;
        if (md.supportsDiscard())
        {
            flags |= NbdProtocol.TFLAG_SEND_TRIM;
        }
        if (keepsData(n, 0))
        {
            flags |= NbdProtocol.TFLAG_CAN_MULTI_CONN;
        }
        if (rotational(n, 0))
        {
            flags |= NbdProtocol.TFLAG_ROTATIONAL;
        }
        final int min = Math.max(Bio.SECTOR_SIZE, md.logicalBlockSize());
        final ExportGeometry g = new ExportGeometry(md.sizeSectors() << Bio.SECTOR_SHIFT, flags, min,
            Math.max(4096, min), NbdProtocol.MAX_PAYLOAD);
        return new Export(n, md, g, description(n));
    }

    /**
     * Multi-conn holds when every device under the export keeps what is written: all connections
     * then share one device with no cache of their own, and a FLUSH on any of them flushes it
     * whole. A null device keeps nothing, so a FLUSH cannot make another connection's writes
     * durable there; a table with no device (zero, error) keeps nothing either.
     */
    private boolean keepsData(final String name, final int depth)
    {
        final Base b = bases.get(name);
        if (b != null)
        {
            return b.keepsData;
        }
        final List<String> r = refs.get(name);
        if (r == null || r.isEmpty() || depth > 16)
        {
            return false;
        }
        for (final String child : r)
        {
            if (!keepsData(child, depth + 1))
            {
                return false;
            }
        }
        return true;
    }

    private boolean rotational(final String name, final int depth)
    {
        final Base b = bases.get(name);
        if (b != null)
        {
            return b.rotational;
        }
        final List<String> r = refs.get(name);
        if (r == null || depth > 16)
        {
            return false;
        }
        for (final String child : r)
        {
            if (rotational(child, depth + 1))
            {
                return true;
            }
        }
        return false;
    }

    /** The target types of the live table, e.g. "snapshot-origin". */
    private String description(final String name)
    {
        try
        {
            final Set<String> types = new LinkedHashSet<>();
            for (final String line : dm.status(name, StatusType.TABLE).split("\n"))
            {
                final String[] f = line.strip().split("\\s+");
                if (f.length >= 3)
                {
                    types.add(f[2]);
                }
            }
            return "dmsnap " + String.join(",", types);
        }
        catch (final DmException e)
        {
            return "dmsnap";
        }
    }

    // ---- shutdown ----

    /**
     * Flush every mapped device (a persistent store's metadata reaches its COW device), remove them
     * newest first, then close the base devices. Returns the number of mapped devices removed.
     */
    synchronized int shutdown()
    {
        final List<String> names = new ArrayList<>(order);
        for (final String n : names)
        {
            final MappedDevice md = dm.mappedDevice(n);
            if (md != null && md.sizeSectors() > 0 && !md.isSuspended())
            {
                final int status = SyncIo.flush(md);
                if (status != BlkStatus.OK)
                {
                    log.warn(n + ": flush failed: " + BlkStatus.name(status));
                }
            }
        }
        int removed = 0;
        for (int i = names.size() - 1; i >= 0; i--)
        {
            final String n = names.get(i);
            try
            {
                if (dm.mappedDevice(n).isSuspended())
                {
                    dm.resume(n);
                }
                dm.remove(n);
                removed++;
            }
            catch (final DmException e)
            {
                log.warn(n + ": cannot remove: " + e.getMessage());
            }
            order.remove(n);
        }
        for (final Map.Entry<String, Base> e : bases.entrySet())
        {
            final BlockDevice dev = e.getValue().device;
            if (dev.sizeSectors() > 0)
            {
                SyncIo.flush(dev);
            }
            dev.close();
        }
        bases.clear();
        return removed;
    }
}
