package io.dmsnap.cli.tune;

import io.dmsnap.bench.fio.FioDirectionResult;
import io.dmsnap.bench.fio.FioJob;
import io.dmsnap.bench.fio.FioProgress;
import io.dmsnap.bench.fio.FioResult;
import io.dmsnap.bench.fio.FioRunner;
import io.dmsnap.bench.stack.ManySnapshotsStack;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.copy.CopierMemoryStats;
import io.dmsnap.engine.snap.SnapshotParameters;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * fio's random writes, as the dmtest fio matrix runs them, on the origin or on the first snapshot:
 * {@code workers} workers ({@code numjobs}) each keeping {@code iodepth} writes in flight (libaio;
 * psync at iodepth 1) on a region of their own, closed loop. Unlike the page cache, a worker issues
 * its next write only when one completes, so at most {@code workers x iodepth} writes, and as many
 * copies per snapshot, are ever in flight.
 */
final class FioTuneWorkload implements TuneWorkload
{
    static final String ORIGIN = "origin-randwrite";
    static final String SNAPSHOT = "snapshot-randwrite";

    private final StackSettings stack;
    private final String target;
    private final int workers;
    private final int iodepth;
    private final int blockSize;
    private final long amountBytes;
    private final long durationNanos;

    /**
     * @param target        origin or snapshot
     * @param amountBytes   bytes written in all (split evenly over the workers), or 0 for a duration
     * @param durationNanos the run's length when {@code amountBytes} is 0
     */
    FioTuneWorkload(final StackSettings stack, final String target, final int workers, final int iodepth,
                    final int blockSize, final long amountBytes, final long durationNanos)
    {
        if (workers < 1)
        {
            throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
        }
        if (iodepth < 1)
        {
            throw new IllegalArgumentException("--iodepth must be at least 1, got " + iodepth);
        }
        if (amountBytes > 0 && amountBytes / workers < blockSize)
        {
            throw new IllegalArgumentException("--amount " + Units.size(amountBytes) + " gives each of the " + workers
                + " workers less than one block of " + Units.size(blockSize));
        }
        if (amountBytes > stack.originBytes())
        {
            throw new IllegalArgumentException("--amount " + Units.size(amountBytes) + " is larger than the origin ("
                + Units.size(stack.originBytes()) + "); fio writes each block once");
        }
        this.stack = stack;
        this.target = target;
        this.workers = workers;
        this.iodepth = iodepth;
        this.blockSize = blockSize;
        this.amountBytes = amountBytes;
        this.durationNanos = durationNanos;
    }

    int iodepth()
    {
        return iodepth;
    }

    int blockSize()
    {
        return blockSize;
    }

    @Override
    public String name()
    {
        return target.equals("origin") ? ORIGIN : SNAPSHOT;
    }

    @Override
    public String describe()
    {
        return "fio randwrite on the " + target + ", bs " + Units.size(blockSize) + ", " + workers + " worker"
            + (workers == 1 ? "" : "s") + " x iodepth " + iodepth + ", " + (amountBytes > 0 ? Units.size(amountBytes)
            + " in all" : "for " + Units.duration(durationNanos / 1e9)) + "; " + stack.describe();
    }

    @Override
    public int submitters()
    {
        return workers;
    }

    @Override
    public long amountBytes()
    {
        return amountBytes;
    }

    @Override
    public TuneWorkload withAmount(final long bytes)
    {
        if (amountBytes == 0)
        {
            return this;
        }
        final long per = Math.max(blockSize, bytes / workers / blockSize * blockSize);
        return new FioTuneWorkload(stack, target, workers, iodepth, blockSize, per * workers, 0);
    }

    /** The job: randwrite over disjoint regions, one pass (or time based). */
    private FioJob job(final long runNanos)
    {
        final Map<String, String> o = new LinkedHashMap<>();
        o.put("rw", "randwrite");
        o.put("bs", Integer.toString(blockSize));
        o.put("ioengine", iodepth > 1 ? "libaio" : "psync");
        o.put("iodepth", Integer.toString(iodepth));
        o.put("numjobs", Integer.toString(workers));
        o.put("group_reporting", "1");
        final long region;
        if (runNanos > 0)
        {
            region = stack.originBytes() / workers / blockSize * blockSize;
            o.put("time_based", "1");
            o.put("runtime", TimeUnit.NANOSECONDS.toMillis(runNanos) + "ms");
        }
        else
        {
            region = amountBytes / workers / blockSize * blockSize;
        }
        o.put("size", Long.toString(region));
        o.put("offset_increment", Long.toString(region));
        return FioJob.of("tune-" + name(), o);
    }

    @Override
    public Sample run(final EngineConfig config, final int chunkSectors, final Progress progress) throws InterruptedException
    {
        try (ManySnapshotsStack st = stack.build(config, chunkSectors))
        {
            final SnapshotParameters parameters = st.parameters();
            parameters.resetPeaks();
            final long start = System.nanoTime();
            final FioJob job = job(amountBytes > 0 ? 0 : durationNanos);
            final FioResult r = runJob(st, job, (name, elapsedMillis, iops, etaMillis) -> progress.update(
                etaMillis < 0 ? -1 : elapsedMillis / (double) Math.max(1, elapsedMillis + etaMillis),
                TimeUnit.MILLISECONDS.toNanos(elapsedMillis)));
            final CopierMemoryStats memory = parameters.copierMemoryStats();
            if (!st.allValid())
            {
                throw new SampleFailedException("a snapshot became invalid during the run: " + st.snapshotStats());
            }
            final long lastDue = st.lastDueNanos();
            final FioDirectionResult w = r.write();
            return new Sample(w.iops(), w.clatPercentile(50) / 1000.0, w.clatPercentile(99) / 1000.0,
                w.clatPercentile(99.9) / 1000.0, r.runtimeMillis() / 1000.0,
                lastDue == 0 ? -1 : Math.max(0, lastDue - start) / 1e9, w.ioBytes(), parameters.peakCopiesInFlight(),
                memory.peakBytes(), memory.meanBytes(), memory.peakJobs());
        }
    }

    private FioResult runJob(final ManySnapshotsStack st, final FioJob job, final FioProgress progress)
    {
        final List<FioResult> results = new FioRunner(name -> st.target(name == null ? target : name), progress)
            .run(List.of(job));
        final FioResult r = results.get(0);
        if (r.failed())
        {
            throw new SampleFailedException("the fio job failed: err=" + r.error()
                + (r.errorMessage() != null ? ": " + r.errorMessage() : ""));
        }
        return r;
    }

    @Override
    public LiveRun startLive(final EngineConfig config, final int chunkSectors, final long runNanos)
    {
        final ManySnapshotsStack st = stack.build(config, chunkSectors);
        return new Live(st, job(runNanos));
    }

    /** The fio job on its own thread; writes completed are summed from its per-second rates. */
    private final class Live implements LiveRun
    {
        private final ManySnapshotsStack stack;
        private final Thread thread;
        private final AtomicLong writes = new AtomicLong();
        private volatile long lastElapsedMillis;
        private volatile Throwable failure;
        private volatile boolean done;

        Live(final ManySnapshotsStack stack, final FioJob job)
        {
            this.stack = stack;
            this.thread = new Thread(() -> runLive(job), "tune-live");
            thread.setDaemon(true);
            thread.start();
        }

        private void runLive(final FioJob job)
        {
            try
            {
                runJob(stack, job, (name, elapsedMillis, iops, etaMillis) ->
                {
                    writes.addAndGet(Math.round(iops * (elapsedMillis - lastElapsedMillis) / 1000.0));
                    lastElapsedMillis = elapsedMillis;
                });
            }
            catch (final RuntimeException e)
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
            return writes.get();
        }

        @Override
        public Histogram intervalLatencies()
        {
            return null;
        }

        @Override
        public boolean finished()
        {
            return done;
        }

        @Override
        public void await() throws InterruptedException
        {
            thread.join();
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
