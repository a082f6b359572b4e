package io.dmsnap.cli.tune;

import io.dmsnap.bench.stack.ManySnapshotsStack;
import io.dmsnap.bench.writeback.WritebackResult;
import io.dmsnap.bench.writeback.WritebackSettings;
import io.dmsnap.bench.writeback.WritebackWorkload;
import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.copy.CopierMemoryStats;
import io.dmsnap.engine.snap.SnapshotParameters;
import org.HdrHistogram.Histogram;


/**
 * The seed's workload, dmtest's {@code many_snapshots_of_same_volume}: N snapshots of one origin,
 * and the origin written by dt-like buffered writes of 4 MiB records through a modelled page cache
 * ({@link WritebackWorkload}); the flusher submits per chunk, open loop, up to the dirty limit.
 */
final class WritebackTuneWorkload implements TuneWorkload
{
    static final String NAME = "writeback";

    private final StackSettings stack;
    private final WritebackSettings settings;

    WritebackTuneWorkload(final StackSettings stack, final WritebackSettings settings)
    {
        this.stack = stack;
        this.settings = settings;
        if (settings.recordBytes() > stack.originBytes())
        {
            throw new IllegalArgumentException("--record-size " + Units.size(settings.recordBytes())
                + " is larger than the origin (" + Units.size(stack.originBytes()) + ")");
        }
    }

    WritebackSettings settings()
    {
        return settings;
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String describe()
    {
        final StringBuilder b = new StringBuilder(160);
        b.append("buffered writes of ").append(Units.size(settings.recordBytes())).append(" records at random offsets, ");
        b.append(settings.byAmount() ? Units.size(settings.amountBytes()) + " in all"
            : "for " + Units.duration(settings.durationNanos() / 1e9));
        if (settings.burstBytes() > 0)
        {
            b.append(", in bursts of ").append(Units.size(settings.burstBytes())).append(" every ")
                .append(Units.duration(settings.burstGapNanos() / 1e9)).append(" pause");
        }
        b.append(", through a page cache with a dirty limit of ").append(Units.size(settings.dirtyLimitBytes()))
            .append(" (background ").append(Units.size(settings.backgroundBytes())).append("); ")
            .append(stack.describe());
        return b.toString();
    }

    @Override
    public int submitters()
    {
        return 1;   // the flusher
    }

    @Override
    public long amountBytes()
    {
        return settings.amountBytes();
    }

    @Override
    public TuneWorkload withAmount(final long bytes)
    {
        if (!settings.byAmount())
        {
            return this;
        }
        final long dirty = Math.max(2L * 4096, Math.min(settings.dirtyLimitBytes(), Math.max(bytes / 2, 8192)));
        return new WritebackTuneWorkload(stack, settings.withAmount(bytes).withRecordBytes(
            Math.min(settings.recordBytes(), bytes)).withDirty(dirty, dirty / 2));
    }

    @Override
    public Sample run(final EngineConfig config, final int chunkSectors, final Progress progress) throws InterruptedException
    {
        try (ManySnapshotsStack st = stack.build(config, chunkSectors))
        {
            final SnapshotParameters parameters = st.parameters();
            parameters.resetPeaks();
            final long start = System.nanoTime();
            final WritebackWorkload workload = new WritebackWorkload(st.origin(), settings,
                (long) chunkSectors << Bio.SECTOR_SHIFT);
            final WritebackResult r;
            try
            {
                r = workload.run((written, target, elapsed) -> progress.update(
                    target > 0 ? Math.min(1.0, written / (double) target) : Math.min(1.0, elapsed / (double) settings.durationNanos()),
                    elapsed));
            }
            catch (final IllegalStateException e)
            {
                throw new SampleFailedException("the writeback run failed: " + e.getMessage(), e);
            }
            final CopierMemoryStats memory = parameters.copierMemoryStats();
            if (!st.allValid())
            {
                throw new SampleFailedException("a snapshot became invalid during the run: " + st.snapshotStats());
            }
            final long lastDue = st.lastDueNanos();
            final double device = lastDue == 0 ? -1 : Math.max(0, lastDue - start) / 1e9;
            return new Sample(r.iops(), micros(r.latencyPercentile(50)), micros(r.latencyPercentile(99)),
                micros(r.latencyPercentile(99.9)), r.elapsedSeconds(), device, r.bytesWrittenBack(),
                parameters.peakCopiesInFlight(), memory.peakBytes(), memory.meanBytes(), memory.peakJobs());
        }
    }

    private static double micros(final long nanos)
    {
        return nanos / 1000.0;
    }

    @Override
    public LiveRun startLive(final EngineConfig config, final int chunkSectors, final long durationNanos)
    {
        final ManySnapshotsStack st = stack.build(config, chunkSectors);
        final WritebackWorkload workload = new WritebackWorkload(st.origin(), settings.withDuration(durationNanos),
            (long) chunkSectors << Bio.SECTOR_SHIFT);
        return new Live(st, workload);
    }

    /** The writeback workload on its own thread. */
    private static final class Live implements LiveRun
    {
        private final ManySnapshotsStack stack;
        private final WritebackWorkload workload;
        private final Thread thread;
        private volatile Throwable failure;
        private volatile boolean done;

        Live(final ManySnapshotsStack stack, final WritebackWorkload workload)
        {
            this.stack = stack;
            this.workload = workload;
            this.thread = new Thread(this::runWorkload, "tune-live");
            thread.setDaemon(true);
            thread.start();
        }

        private void runWorkload()
        {
            try
            {
                workload.run(WritebackWorkload.Progress.NONE);
            }
            catch (final InterruptedException | RuntimeException e)
            {
                failure = e;
            }
            finally
            {
                done = true;
            }
        }

        @Override
        public ManySnapshotsStack stack()
        {
            return stack;
        }

        @Override
        public long completedWrites()
        {
            return workload.biosCompleted();
        }

        @Override
        public Histogram intervalLatencies()
        {
            return workload.intervalLatencies();
        }

        @Override
        public boolean finished()
        {
            return done;
        }

        @Override
        public void await() throws InterruptedException
        {
            thread.join();   // the workload ends itself: duration, sync, or its stall check
            if (failure != null)
            {
                throw new SampleFailedException("the live run failed: " + failure.getMessage(), failure);
            }
        }

        @Override
        public void close()
        {
            stack.close();
        }
    }
}
