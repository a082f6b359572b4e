package io.dmsnap.bench.stack;

import io.dmsnap.bench.fio.RawStackFactory;
import io.dmsnap.bench.fio.StackFactory;
import io.dmsnap.bench.fio.TargetStack;
import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.FileDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.NullDevice;
import io.dmsnap.engine.block.TimedDeviceStats;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.snap.SnapshotStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The stacks of {@code dmsnap fio}: {@code raw} (the bare data device) through
 * {@link RawStackFactory}, and {@code origin}/{@code snapshot} as a {@link SnapshotStack} whose
 * COW is a device of the same kind as the data device, sized so it never fills (dmtest's max
 * snapshot size). A file-backed COW lives next to the data file, with the suffix {@code .cow}.
 * The spec's origin and COW profiles time the data and COW devices.
 */
public final class SnapshotStackFactory implements StackFactory
{
    private final RawStackFactory raw = new RawStackFactory();

    @Override
    public TargetStack build(final Spec spec)
    {
        if (spec.target.equals("raw"))
        {
            return raw.build(spec);
        }
        if (!spec.target.equals("origin") && !spec.target.equals("snapshot"))
        {
            throw new IllegalArgumentException("bad value for --target=" + spec.target + ": expected origin, snapshot or raw");
        }
        final BlockDevice base = RawStackFactory.dataDevice(spec);
        final long cowSectors = SnapshotStack.maxSnapshotSectors(spec.store, base.sizeSectors(), spec.chunkSectors);
        try
        {
            final SnapshotStack stack = new SnapshotStack(spec.config, base, spec.originProfile,
                () -> cowDevice(spec, cowSectors), spec.cowProfile, spec.store, spec.chunkSectors);
            return new Stack(stack, spec.target);
        }
        catch (final DmException e)
        {
            base.close();
            throw new IllegalArgumentException("cannot build the snapshot stack: " + e.getMessage(), e);
        }
    }

    private static BlockDevice cowDevice(final Spec spec, final long sectors)
    {
        switch (spec.device)
        {
            case "null":
                return new NullDevice("cow", sectors, spec.completionNsec, Bio.SECTOR_SIZE);
            case "memory":
                return new MemoryDevice("cow", sectors);
            default:
                try
                {
                    return FileDevice.create("cow", Path.of(spec.devicePath + ".cow"), sectors << Bio.SECTOR_SHIFT, false);
                }
                catch (final IOException e)
                {
                    throw new UncheckedIOException("cannot create the COW file " + spec.devicePath + ".cow", e);
                }
        }
    }

    private static final class Stack implements TargetStack
    {
        /** How long the statistics wait for the engine to settle after a run. */
        private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(5);

        private final SnapshotStack stack;
        private final String defaultTarget;

        Stack(final SnapshotStack stack, final String defaultTarget)
        {
            this.stack = stack;
            this.defaultTarget = defaultTarget;
        }

        @Override
        public BlockDevice device(final String filename)
        {
            return stack.target(filename == null ? defaultTarget : filename);
        }

        @Override
        public String describe()
        {
            return defaultTarget + ": " + stack.describe();
        }

        @Override
        public String statistics()
        {
            final SnapshotStats s = settledStats();
            return "snapshot " + s.name() + ": " + (s.valid() ? "valid" : "INVALID") + (s.overflowed() ? ", overflowed" : "")
                + ", lock waits=" + s.lockWaits() + ", peak copies in flight=" + s.peakCopiesInFlight()
                + ", peak copier jobs=" + s.peakCopierJobs() + ", pending exceptions=" + s.pendingExceptions();
        }

        /**
         * The snapshot's counters once the engine has settled: the copier frees a pending exception
         * just after it has released the writes that waited on it, so the last write of a run can
         * complete a moment before its exception is gone. Waits up to {@link #SETTLE_NANOS} for no
         * pending exception, then reports what it sees.
         */
        private SnapshotStats settledStats()
        {
            final long deadline = System.nanoTime() + SETTLE_NANOS;
            SnapshotStats s = stack.snapshotStats();
            while (s.pendingExceptions() > 0 && System.nanoTime() - deadline < 0)
            {
                LockSupport.parkNanos(100_000);
                s = stack.snapshotStats();
            }
            return s;
        }

        @Override
        public List<String> deviceStatistics()
        {
            final List<String> lines = new ArrayList<>();
            final TimedDeviceStats origin = stack.originTiming();
            if (origin != null)
            {
                lines.add(stack.base().name() + " (" + stack.originProfile().label() + "): " + origin.summary());
            }
            final TimedDeviceStats cow = stack.cowTiming();
            if (cow != null)
            {
                lines.add(stack.cow().name() + " (" + stack.cowProfile().label() + "): " + cow.summary());
            }
            return lines;
        }

        @Override
        public void close()
        {
            stack.close();
        }
    }
}
