package io.dmsnap.bench.fio;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.FileDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.NullDevice;
import io.dmsnap.engine.block.TimedDevice;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code raw} target: one data device of the origin size, no device-mapper layer (dmtest's
 * {@code raw_device} baseline). The device is {@code null} (null_blk: keeps nothing, completes
 * inline or after {@code completionNsec} on its own thread), {@code memory} (a sparse RAM disk that
 * keeps the data) or {@code file} (a file at {@code devicePath}, created sparse at the origin size
 * when missing). Filenames {@code raw} and null select it; {@code origin} and {@code snapshot}
 * need the snapshot stack and are refused with a message saying so. The spec's origin profile
 * times the device ({@link TimedDevice}); the raw target has no COW device, so a COW profile is
 * refused.
 */
public final class RawStackFactory implements StackFactory
{
    @Override
    public TargetStack build(final Spec spec)
    {
        if (!spec.target.equals("raw"))
        {
            throw new IllegalArgumentException("--target=" + spec.target
                + " needs the origin/snapshot stack, which this build does not provide yet; use --target=raw");
        }
        if (!spec.cowProfile.isNull())
        {
            throw new IllegalArgumentException("--cow-profile=" + spec.cowProfile.label()
                + " has no device to time: --target=raw has no COW device (use --origin-profile)");
        }
        final BlockDevice device = TimedDevice.wrap(dataDevice(spec), spec.originProfile);
        return new RawStack(device, spec);
    }

    /** The bare data device the spec asks for; also the building block of the snapshot stacks. */
    public static BlockDevice dataDevice(final Spec spec)
    {
        if (spec.originBytes <= 0 || spec.originBytes % Bio.SECTOR_SIZE != 0)
        {
            throw new IllegalArgumentException("--origin-size must be a positive multiple of 512 bytes, got "
                + spec.originBytes);
        }
        final long sectors = spec.originBytes >>> Bio.SECTOR_SHIFT;
        switch (spec.device)
        {
            case "null":
                return new NullDevice("raw", sectors, spec.completionNsec, Bio.SECTOR_SIZE);
            case "memory":
                return new MemoryDevice("raw", sectors);
            case "file":
                if (spec.devicePath == null)
                {
                    throw new IllegalArgumentException("--device=file needs --device-path=FILE");
                }
                return openFile(Path.of(spec.devicePath), spec.originBytes);
            default:
                throw new IllegalArgumentException("bad value for --device=" + spec.device
                    + ": expected one of null, memory, file");
        }
    }

    private static BlockDevice openFile(final Path path, final long bytes)
    {
        try
        {
            if (!Files.exists(path))
            {
                try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
                {
                    file.setLength(bytes);
                }
            }
            return FileDevice.open("raw", path, false);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot open " + path, e);
        }
    }

    /** One device under the names "raw" and null. */
    private static final class RawStack implements TargetStack
    {
        private final BlockDevice device;
        private final Spec spec;

        RawStack(final BlockDevice device, final Spec spec)
        {
            this.device = device;
            this.spec = spec;
        }

        @Override
        public BlockDevice device(final String filename)
        {
            if (filename == null || filename.equals("raw"))
            {
                return device;
            }
            throw new IllegalArgumentException("filename=" + filename + " is not a target of --target=raw"
                + " (origin and snapshot need the snapshot stack)");
        }

        @Override
        public String describe()
        {
            return "raw: " + spec.device + " device of " + FioValues.binarySize(spec.originBytes)
                + (spec.device.equals("null") && spec.completionNsec > 0 ? ", completion " + spec.completionNsec + " ns" : "")
                + ", profile " + spec.originProfile.label();
        }

        @Override
        public List<String> deviceStatistics()
        {
            if (device instanceof TimedDevice)
            {
                return List.of(device.name() + " (" + spec.originProfile.label() + "): " + ((TimedDevice) device).stats().summary());
            }
            return List.of();
        }

        @Override
        public void close()
        {
            device.close();
        }
    }
}
