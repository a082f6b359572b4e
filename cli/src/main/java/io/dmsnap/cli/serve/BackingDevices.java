package io.dmsnap.cli.serve;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.DeviceProfile;
import io.dmsnap.engine.block.FileDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.NullDevice;
import io.dmsnap.engine.block.TimedDevice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Turns a device argument of a table line into a base device, the way {@code dmsetup} users name
 * block devices: {@code memory:SIZE} (kept in memory), {@code null:SIZE} (keeps nothing, reads
 * zeros), {@code file:PATH} or any argument with a {@code /} (an image file, opened read-write;
 * its size is the file's), each optionally followed by {@code @PROFILE} (a device timing profile
 * of docs/devices.md, e.g. {@code memory:1g@hdd}) and optionally preceded by {@code NAME=}, the
 * name later table lines use for it. {@code /dev/mapper/NAME} names a mapped device.
 *
 * <p>A device without a name is known by its text ({@code memory:1g}; a path with each {@code /}
 * as {@code !}, as the kernel names block devices in sysfs): the same text in two lines is the
 * same device.
 */
final class BackingDevices
{
    /** What a spec became: the device (not registered yet) and whether it keeps what is written. */
    static final class Spec
    {
        final BlockDevice device;
        final boolean keepsData;
        final boolean rotational;
        /** For a {@code memory:SIZE} device its size in bytes (direct memory it may take), else 0. */
        final long memoryBytes;

        Spec(final BlockDevice device, final boolean keepsData, final boolean rotational, final long memoryBytes)
        {
            this.device = device;
            this.keepsData = keepsData;
            this.rotational = rotational;
            this.memoryBytes = memoryBytes;
        }
    }

    private static final String MAPPER = "/dev/mapper/";

    private BackingDevices()
    {
    }

    /** Whether {@code arg} describes a base device (so {@link #name} and {@link #open} apply). */
    static boolean isSpec(final String arg)
    {
        final String spec = specPart(arg);
        return spec != null && !arg.startsWith(MAPPER);
    }

    /** {@code /dev/mapper/NAME} as NAME; anything else unchanged. */
    static String mapperName(final String arg)
    {
        return arg.startsWith(MAPPER) && arg.length() > MAPPER.length() ? arg.substring(MAPPER.length()) : arg;
    }

    /** The name the device of {@code arg} is registered under. */
    static String name(final String arg)
    {
        final int eq = nameSeparator(arg);
        if (eq > 0)
        {
            return arg.substring(0, eq);
        }
        return arg.replace('/', '!');
    }

    /** Build the device {@code arg} describes (see the class comment), registered under {@link #name}. */
    static Spec open(final String arg)
    {
        final String name = name(arg);
        String spec = specPart(arg);
        String profileText = null;
        final int at = spec.lastIndexOf('@');
        if (at > 0)
        {
            profileText = spec.substring(at + 1);
            spec = spec.substring(0, at);
        }
        final DeviceProfile profile = profileText == null ? DeviceProfile.NULL : DeviceProfile.parse(profileText);
        final BlockDevice inner;
        final boolean keeps;
        long memoryBytes = 0;
        if (spec.startsWith("memory:"))
        {
            inner = new MemoryDevice(name, sectors(spec.substring(7), arg));
            keeps = true;
            memoryBytes = inner.sizeSectors() << Bio.SECTOR_SHIFT;
        }
        else if (spec.startsWith("null:"))
        {
            inner = new NullDevice(name, sectors(spec.substring(5), arg));
            keeps = false;
        }
        else
        {
            inner = openFile(name, Path.of(spec.startsWith("file:") ? spec.substring(5) : spec), arg);
            keeps = true;
        }
        return new Spec(TimedDevice.wrap(inner, profile), keeps, profile.rotational(), memoryBytes);
    }

    private static long sectors(final String size, final String arg)
    {
        return ByteSize.parse(size, arg) >>> Bio.SECTOR_SHIFT;
    }

    private static BlockDevice openFile(final String name, final Path path, final String arg)
    {
        if (Files.isDirectory(path) || Files.exists(path) && !Files.isRegularFile(path))
        {
            throw new IllegalArgumentException(arg + ": " + path + " is not a regular file (image files only)");
        }
        try
        {
            final FileDevice dev = FileDevice.open(name, path, false);
            if (dev.sizeSectors() == 0)
            {
                dev.close();
                throw new IllegalArgumentException(arg + ": " + path
                    + " is empty: give the image a size first (e.g. truncate -s 1G " + path + ")");
            }
            return dev;
        }
        catch (final NoSuchFileException e)
        {
            throw new IllegalArgumentException(arg + ": no such image file: " + path);
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException(arg + ": cannot open " + path + ": " + e.getMessage());
        }
    }

    /** The part after {@code NAME=} when it is a spec, or null when {@code arg} is no spec. */
    private static String specPart(final String arg)
    {
        final int eq = nameSeparator(arg);
        final String spec = eq > 0 ? arg.substring(eq + 1) : arg;
        if (spec.startsWith("memory:") || spec.startsWith("null:") || spec.startsWith("file:") || spec.indexOf('/') >= 0)
        {
            return spec;
        }
        return null;
    }

    /** The index of the {@code =} ending a {@code NAME=} prefix, or -1. */
    private static int nameSeparator(final String arg)
    {
        for (int i = 0; i < arg.length(); i++)
        {
            final char c = arg.charAt(i);
            if (c == '=')
            {
                return i;
            }
            if (c == ':' || c == '/' || c == '@')
            {
                return -1;
            }
        }
        return -1;
    }
}
