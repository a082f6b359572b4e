package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.config.TargetVersion;

/**
 * The {@code linear} target, {@code <dev> <offset>}: sector {@code s} of the target is sector
 * {@code offset + s} of the device. Passes flushes and discards down. Stateless after
 * construction, so {@link #map} is safe on any number of threads.
 */
public final class LinearTarget implements Target
{
    /** Version 1.5.0, today's mainline {@code linear_target} ({@code dm-linear.c}); the same in every preset. */
    public static final TargetType TYPE = TargetType.of("linear", TargetVersion.of(1, 5, 0), LinearTarget::construct);

    private final BlockDevice device;
    private final long offset;
    private final long length;

    private LinearTarget(final BlockDevice device, final long offset, final long length)
    {
        this.device = device;
        this.offset = offset;
        this.length = length;
    }

    private static Target construct(final DmTarget ti, final String[] args) throws DmException
    {
        if (args.length != 2)
        {
            throw new DmException("Invalid argument count");
        }
        final long offset;
        try
        {
            offset = Long.parseLong(args[1]);
        }
        catch (final NumberFormatException e)
        {
            throw new DmException("Invalid device sector");
        }
        if (offset < 0)
        {
            throw new DmException("Invalid device sector");
        }
        final BlockDevice dev;
        try
        {
            dev = ti.getDevice(args[0]);
        }
        catch (final DmException e)
        {
            throw new DmException("Device lookup failed", e.errno());
        }
        ti.numFlushBios(1);
        ti.numDiscardBios(1);
        return new LinearTarget(dev, offset, ti.length());
    }

    @Override
    public int map(final Bio bio)
    {
        bio.remap(device, offset + bio.sector());
        return DmMapResult.REMAPPED;
    }

    /** The device from the offset on, for the target's length ({@code linear_iterate_devices}). */
    @Override
    public void iterateDevices(final DeviceArea fn) throws DmException
    {
        fn.visit(device, offset, length);
    }

    @Override
    public String status(final StatusType type)
    {
        return switch (type)
        {
            case TABLE -> device.name() + " " + offset;
            case IMA -> StatusType.imaNameVersion(TYPE) + ",device_name=" + device.name() + ",start=" + offset + ";";
            case INFO -> "";
        };
    }

    @Override
    public void destroy()
    {
        // nothing of its own: dm closes the device
    }
}
