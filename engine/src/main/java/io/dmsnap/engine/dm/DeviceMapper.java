package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.Errno;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.TargetVersion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One isolated device-mapper "kernel": its target types, its base devices, its mapped devices
 * and the control verbs of {@code dmsetup} over them (create, load, suspend, resume, remove,
 * status, message). Tests create as many instances as they like; nothing is static.
 *
 * <p>Target modules found with {@link ServiceLoader} ({@link TargetModule}) register their types
 * in the constructor, after the built-in {@code linear}, {@code error} and {@code zero}.
 *
 * <p>Thread safety: every method may be called from any thread. The device name tables and open
 * counts are guarded by {@code devicesLock}; operations on one mapped device serialise on that
 * device's control lock; target constructors run without either lock held.
 */
public final class DeviceMapper
{
    private final EngineConfig config;
    private final DmLog log = new DmLog("device-mapper");
    private final Map<String, TargetType> targetTypes = new ConcurrentHashMap<>();
    private final Map<Class<?>, Object> moduleStates = new HashMap<>();

    private final Object devicesLock = new Object();
    /** Base devices by name; guarded by {@link #devicesLock}. */
    private final Map<String, BlockDevice> baseDevices = new TreeMap<>();
    /** Mapped devices by name; guarded by {@link #devicesLock}. */
    private final Map<String, MappedDevice> mappedDevices = new TreeMap<>();
    /** How many table slots hold each device open; guarded by {@link #devicesLock}. */
    private final Map<BlockDevice, Integer> openCounts = new IdentityHashMap<>();

    /** An instance with today's kernel configuration. */
    public DeviceMapper()
    {
        this(EngineConfig.current());
    }

    public DeviceMapper(final EngineConfig config)
    {
        this.config = Objects.requireNonNull(config, "config");
        registerTargetType(LinearTarget.TYPE);
        registerTargetType(ErrorTarget.TYPE);
        registerTargetType(ZeroTarget.TYPE);
        for (final TargetModule module : ServiceLoader.load(TargetModule.class))
        {
            module.register(this);
        }
    }

    public EngineConfig config()
    {
        return config;
    }

    /** This instance's kernel log. */
    public DmLog log()
    {
        return log;
    }

    // ------------------------------------------------------------------------------------------
    // Target types and module state
    // ------------------------------------------------------------------------------------------

    /** Register a target type ({@code dm_register_target}); a second type with the same name is refused. */
    public void registerTargetType(final TargetType type)
    {
        if (targetTypes.putIfAbsent(type.name(), type) != null)
        {
            throw new IllegalStateException("target type " + type.name() + " already registered");
        }
    }

    /** The type registered under {@code name}, or null. */
    public TargetType targetType(final String name)
    {
        return targetTypes.get(name);
    }

    /** Names of the registered target types, sorted. */
    public List<String> targetTypeNames()
    {
        final List<String> names = new ArrayList<>(targetTypes.keySet());
        names.sort(null);
        return names;
    }

    /**
     * Name and version of every registered target type, sorted by name ({@code DM_LIST_VERSIONS},
     * {@code dmsetup targets}). The dm-snapshot types report the versions of the configuration's
     * kernel ({@link io.dmsnap.engine.config.TargetVersions}).
     */
    public SortedMap<String, TargetVersion> versions()
    {
        final SortedMap<String, TargetVersion> versions = new TreeMap<>();
        for (final TargetType type : targetTypes.values())
        {
            versions.put(type.name(), type.version());
        }
        return Collections.unmodifiableSortedMap(versions);
    }

    /**
     * The per-instance singleton of a module, created on first use with {@code create} (for
     * example the snapshot module's origin registry). {@code create} may itself ask for other
     * states; it must not ask for {@code key}.
     */
    public <T> T moduleState(final Class<T> key, final Function<DeviceMapper, T> create)
    {
        synchronized (moduleStates)
        {
            Object state = moduleStates.get(key);
            if (state == null)
            {
                state = Objects.requireNonNull(create.apply(this), "module state");
                moduleStates.put(key, state);
            }
            return key.cast(state);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Devices
    // ------------------------------------------------------------------------------------------

    /** Make a base device known by its name, for table lines to refer to. */
    public void addDevice(final BlockDevice dev) throws DmException
    {
        final String name = dev.name();
        checkName(name);
        synchronized (devicesLock)
        {
            if (baseDevices.containsKey(name) || mappedDevices.containsKey(name))
            {
                throw new DmException("device " + name + " already exists", Errno.EBUSY);
            }
            baseDevices.put(name, dev);
        }
    }

    /** A base or mapped device by name, or null. */
    public BlockDevice device(final String name)
    {
        synchronized (devicesLock)
        {
            final BlockDevice base = baseDevices.get(name);
            return base != null ? base : mappedDevices.get(name);
        }
    }

    /** A mapped device by name, or null. */
    public MappedDevice mappedDevice(final String name)
    {
        synchronized (devicesLock)
        {
            return mappedDevices.get(name);
        }
    }

    /**
     * Forget a base device; refused while a table holds it open. Returns it (the caller closes
     * it if it wants to).
     */
    public BlockDevice removeDevice(final String name) throws DmException
    {
        synchronized (devicesLock)
        {
            final BlockDevice dev = baseDevices.get(name);
            if (dev == null)
            {
                throw new DmException("no such device: " + name, Errno.ENXIO);
            }
            if (openCounts.containsKey(dev))
            {
                throw new DmException("device " + name + " is busy", Errno.EBUSY);
            }
            baseDevices.remove(name);
            return dev;
        }
    }

    /** Open a device for a table slot ({@link DmTarget#getDevice}). */
    BlockDevice open(final String name) throws DmException
    {
        synchronized (devicesLock)
        {
            BlockDevice dev = baseDevices.get(name);
            if (dev == null)
            {
                dev = mappedDevices.get(name);
            }
            if (dev == null)
            {
                throw new DmException("no such device: " + name, Errno.ENXIO);
            }
            openCounts.merge(dev, 1, Integer::sum);
            return dev;
        }
    }

    /** Undo one {@link #open}. */
    void close(final BlockDevice dev)
    {
        synchronized (devicesLock)
        {
            openCounts.computeIfPresent(dev, (d, n) -> n == 1 ? null : n - 1);
        }
    }

    /** How many table slots hold {@code name} open (0 for an unknown name). */
    public int openCount(final String name)
    {
        synchronized (devicesLock)
        {
            final BlockDevice dev = device(name);
            return dev == null ? 0 : openCounts.getOrDefault(dev, 0);
        }
    }

    // ------------------------------------------------------------------------------------------
    // dmsetup verbs
    // ------------------------------------------------------------------------------------------

    /** Create a mapped device without a table ({@code dmsetup create --notable}). */
    public MappedDevice create(final String name) throws DmException
    {
        checkName(name);
        synchronized (devicesLock)
        {
            if (baseDevices.containsKey(name) || mappedDevices.containsKey(name))
            {
                throw new DmException("device " + name + " already exists", Errno.EBUSY);
            }
            final MappedDevice md = new MappedDevice(name, log);
            mappedDevices.put(name, md);
            return md;
        }
    }

    /**
     * Create, load and resume ({@code dmsetup create name --table ...}). When the load or the
     * resume fails the device is removed again and the failure is rethrown.
     */
    public MappedDevice create(final String name, final String table) throws DmException
    {
        final MappedDevice md = create(name);
        try
        {
            load(name, table);
            resume(name);
            return md;
        }
        catch (final DmException | RuntimeException e)
        {
            remove(name);
            throw e;
        }
    }

    /**
     * Build the targets of {@code table} and make it the device's inactive table, replacing (and
     * destroying) an earlier inactive one. When a constructor fails, the targets already built
     * are destroyed and the device keeps its tables; the message is {@code "<type>: <error>"}.
     */
    public void load(final String name, final String table) throws DmException
    {
        final MappedDevice md = existing(name);
        final List<TableLine> lines = TableParser.parse(table);
        final DmTarget[] built = new DmTarget[lines.size()];
        int count = 0;
        try
        {
            for (final TableLine line : lines)
            {
                built[count] = construct(md, line);
                count++;
            }
        }
        catch (final DmException e)
        {
            for (int i = 0; i < count; i++)
            {
                built[i].target().destroy();
                built[i].putDevices();
            }
            throw e;
        }
        try
        {
            for (final DmTarget ti : built)
            {
                ti.target().iterateDevices((dev, start, len) -> checkDeviceArea(md, dev, start, len));
            }
        }
        catch (final DmException e)
        {
            for (final DmTarget ti : built)
            {
                ti.target().destroy();
                ti.putDevices();
            }
            throw e;
        }
        md.loadInactive(new DmTable(built));
    }

    /**
     * dm core's {@code device_area_is_invalid}: a target may not map beyond the end of a device.
     * A device of size 0 (a mapped device without a live table) is not checked, as in the kernel.
     */
    private void checkDeviceArea(final MappedDevice md, final BlockDevice dev, final long start, final long len)
        throws DmException
    {
        final long devSize = dev.sizeSectors();
        if (devSize == 0)
        {
            return;
        }
        if (start >= devSize || len > devSize - start)
        {
            final String message = dev.name() + " too small for target: start=" + start + ", len=" + len
                + ", dev_size=" + devSize;
            log.err(md.name() + ": " + message);
            throw new DmException(message, Errno.EINVAL);
        }
    }

    private DmTarget construct(final MappedDevice md, final TableLine line) throws DmException
    {
        final TargetType type = targetTypes.get(line.targetType());
        if (type == null)
        {
            log.err(md.name() + ": " + line.targetType() + ": unknown target type");
            throw new DmException(line.targetType() + ": unknown target type", Errno.EINVAL,
                "unknown target type", null);
        }
        final DmTarget ti = new DmTarget(this, md, type, line.start(), line.length());
        final Target target;
        try
        {
            target = type.construct(ti, line.args());
        }
        catch (final DmException e)
        {
            ti.putDevices();
            log.err(md.name() + ": " + type.name() + ": " + e.getMessage());
            throw new DmException(type.name() + ": " + e.getMessage(), e.errno(), e.getMessage(), e);
        }
        catch (final RuntimeException e)
        {
            ti.putDevices();
            log.err(md.name() + ": " + type.name() + ": constructor failed: " + e);
            throw new DmException(type.name() + ": constructor failed: " + e, Errno.EINVAL,
                "constructor failed: " + e, e);
        }
        if (target == null)
        {
            ti.putDevices();
            throw new DmException(type.name() + ": constructor returned no target");
        }
        ti.target(target);
        return ti;
    }

    /** Destroy the inactive table, if any ({@code dmsetup clear}). */
    public void clear(final String name) throws DmException
    {
        existing(name).clearInactive();
    }

    /** Suspend: presuspend hooks, hold new I/O, wait for in-flight I/O, postsuspend hooks. No-op when suspended. */
    public void suspend(final String name) throws DmException
    {
        existing(name).suspend();
    }

    /**
     * Resume: with an inactive table, suspend if needed, swap it in, preresume and resume its
     * targets, release held I/O, then destroy the old table. A preresume failure leaves the
     * device suspended and throws.
     */
    public void resume(final String name) throws DmException
    {
        existing(name).resume();
    }

    /**
     * Remove a mapped device: refused while another table holds it open; otherwise its inactive
     * table is destroyed, it is suspended (with hooks) unless it was, its live table is destroyed
     * and any I/O to it fails from then on.
     */
    public void remove(final String name) throws DmException
    {
        final MappedDevice md;
        synchronized (devicesLock)
        {
            md = mappedDevices.get(name);
            if (md == null)
            {
                throw new DmException("no such device: " + name, Errno.ENXIO);
            }
            if (openCounts.containsKey(md))
            {
                throw new DmException("device " + name + " is busy", Errno.EBUSY);
            }
            mappedDevices.remove(name);
        }
        md.remove();
    }

    /** {@code dmsetup status} (INFO) or {@code dmsetup table} (TABLE); see {@link MappedDevice} for the format. */
    public String status(final String name, final StatusType type) throws DmException
    {
        return existing(name).status(type);
    }

    /** The device's event number ({@code dmsetup info}'s "Event number"); 0 until its first event. */
    public long eventNr(final String name) throws DmException
    {
        return existing(name).events().eventNr();
    }

    /**
     * {@code dmsetup wait <name> <event_nr>} with a timeout ({@code DM_DEV_WAIT}): block until the
     * device's event number differs from {@code lastEventNr}, or {@code timeout} passes. Returns
     * the event number then, equal to {@code lastEventNr} only after a timeout; a stale number
     * returns at once.
     */
    public long waitEvent(final String name, final long lastEventNr, final Duration timeout)
        throws DmException, InterruptedException
    {
        return existing(name).events().await(lastEventNr, timeout);
    }

    /** A short {@code dmsetup info}: state, tables present, open count, targets. */
    public String info(final String name) throws DmException
    {
        final MappedDevice md = existing(name);
        final String state = md.isSuspended() ? "SUSPENDED" : "ACTIVE";
        final boolean liveTable = md.hasLiveTable();
        final boolean inactiveTable = md.hasInactiveTable();
        final String tables = liveTable && inactiveTable ? "LIVE & INACTIVE"
            : liveTable ? "LIVE" : inactiveTable ? "INACTIVE" : "None";
        return "Name: " + name + "\nState: " + state + (md.isSuspendedInternally() ? " (internal)" : "")
            + "\nTables present: " + tables + "\nOpen count: " + openCount(name)
            + "\nEvent number: " + md.events().eventNr() + "\nLength: " + md.sizeSectors();
    }

    /** {@code dmsetup message <name> <sector> <args...>}: the reply of the target covering {@code sector}. */
    public String message(final String name, final long sector, final String... args) throws DmException
    {
        return existing(name).message(sector, args);
    }

    /**
     * One line per mapped device with its gate and counts ({@link MappedDevice#describeState}),
     * for watchdog dumps. Takes only the registry's lock, never a device's.
     */
    public String describeDevices()
    {
        final List<MappedDevice> devices;
        synchronized (devicesLock)
        {
            devices = new ArrayList<>(mappedDevices.values());
        }
        final StringBuilder sb = new StringBuilder();
        for (final MappedDevice md : devices)
        {
            sb.append("  ").append(md.describeState()).append('\n');
        }
        return sb.toString();
    }

    /** Names of the mapped devices, sorted. */
    public List<String> names()
    {
        synchronized (devicesLock)
        {
            return new ArrayList<>(mappedDevices.keySet());
        }
    }

    private MappedDevice existing(final String name) throws DmException
    {
        final MappedDevice md = mappedDevice(name);
        if (md == null)
        {
            throw new DmException("no such device: " + name, Errno.ENXIO);
        }
        return md;
    }

    private static void checkName(final String name) throws DmException
    {
        if (name == null || name.isEmpty() || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/'))
        {
            throw new DmException("invalid device name '" + name + "'");
        }
    }
}
