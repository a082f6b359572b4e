package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.BlockDevice;

import java.util.ArrayList;
import java.util.List;

/**
 * One slot of a table ({@code struct dm_target}): the sector range a table line covers, its
 * type, and the limits its constructor fills in. dm creates it, passes it to
 * {@link TargetType#construct} and keeps it next to the {@link Target} built for it.
 *
 * <p>The limit fields are public like the kernel's: the constructor writes them before the table
 * is published; {@link #maxIoLen} may also change later (snapshot handover and merge set it at
 * resume, while the device is suspended), hence volatile. Submitters read the others through the
 * happens-before edge of the table publication.
 */
public final class DmTarget
{
    /** Largest I/O in sectors dm sends to this target, split at multiples of it from the target start; 0 = unlimited. */
    public volatile long maxIoLen;
    /** How many empty clones of a FLUSH this target gets, numbered by {@code Bio.targetBioNr}. */
    public int numFlushBios = 1;
    /** How many copies of each DISCARD piece this target gets; 0 = discards fail with NOTSUPP. */
    public int numDiscardBios;

    private final DeviceMapper deviceMapper;
    private final MappedDevice mappedDevice;
    private final TargetType type;
    private final long begin;
    private final long length;
    /** Devices opened by {@link #getDevice}; control threads only (constructor, destroy). */
    private final List<BlockDevice> devices = new ArrayList<>(2);
    private Target target;

    DmTarget(final DeviceMapper deviceMapper, final MappedDevice mappedDevice, final TargetType type,
             final long begin, final long length)
    {
        this.deviceMapper = deviceMapper;
        this.mappedDevice = mappedDevice;
        this.type = type;
        this.begin = begin;
        this.length = length;
    }

    /** First sector of the mapped device this target covers. */
    public long begin()
    {
        return begin;
    }

    /** Number of sectors this target covers. */
    public long length()
    {
        return length;
    }

    public TargetType type()
    {
        return type;
    }

    /** The device whose table holds this target. */
    public MappedDevice mappedDevice()
    {
        return mappedDevice;
    }

    public DeviceMapper deviceMapper()
    {
        return deviceMapper;
    }

    /** The instance the constructor built; null while the constructor runs. */
    public Target target()
    {
        return target;
    }

    /** Set {@link #maxIoLen}; 0 = unlimited. */
    public void maxIoLen(final long sectors)
    {
        if (sectors < 0)
        {
            throw new IllegalArgumentException("max_io_len must be >= 0, got " + sectors);
        }
        this.maxIoLen = sectors;
    }

    /** Set {@link #numFlushBios}. */
    public void numFlushBios(final int n)
    {
        this.numFlushBios = n;
    }

    /** Set {@link #numDiscardBios}. */
    public void numDiscardBios(final int n)
    {
        this.numDiscardBios = n;
    }

    /**
     * Open a device by name ({@code dm_get_device}): a base device added with
     * {@link DeviceMapper#addDevice} or another mapped device. dm keeps it open (a mapped device
     * cannot be removed meanwhile) until this target's table is destroyed. Control threads only.
     *
     * @throws DmException when no device has that name (the caller turns it into its own error
     *                     string, e.g. "Cannot get target device") or it names this device itself
     */
    public BlockDevice getDevice(final String name) throws DmException
    {
        if (name.equals(mappedDevice.name()))
        {
            throw new DmException("device " + name + " cannot map onto itself");
        }
        final BlockDevice dev = deviceMapper.open(name);
        devices.add(dev);
        return dev;
    }

    /**
     * Raise a dm event on the device whose table holds this target ({@code dm_table_event}):
     * its event number goes up and {@code dmsetup wait} returns. Any thread; takes only the
     * device's event lock, a leaf.
     */
    public void tableEvent()
    {
        mappedDevice.events().raise();
    }

    /** The devices this target opened, in opening order. */
    public List<BlockDevice> devices()
    {
        return List.copyOf(devices);
    }

    void target(final Target target)
    {
        this.target = target;
    }

    /** Close every device this target opened. Control threads only. */
    void putDevices()
    {
        for (final BlockDevice dev : devices)
        {
            deviceMapper.close(dev);
        }
        devices.clear();
    }

    /** Largest logical block size among the opened devices, 0 when none. */
    int maxLogicalBlockSize()
    {
        int max = 0;
        for (final BlockDevice dev : devices)
        {
            max = Math.max(max, dev.logicalBlockSize());
        }
        return max;
    }

    @Override
    public String toString()
    {
        return begin + " " + length + " " + type.name();
    }
}
