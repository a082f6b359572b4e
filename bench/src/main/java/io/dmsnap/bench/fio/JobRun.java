package io.dmsnap.bench.fio;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlockDevice;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One job section while it runs: its numjobs workers (fio's clones, each on its own region that
 * covers size bytes from offset + k * offset_increment), their {@link ThreadStats}, deadline and
 * stall watch. Built and driven by the runner thread only; workers signal their exit through the
 * runner's semaphore.
 */
final class JobRun
{
    final FioJob job;
    final int groupId;
    /** fio's thread number of the first clone (from 1), for log file names. */
    final int firstThread;
    final BlockDevice device;
    final FioWorker[] workers;
    ThreadStats[] stats;
    private final Semaphore exits;
    long startNanos;
    long startMillis;
    long deadline = Long.MAX_VALUE;
    long baseTickNanos;
    long nextTick;
    private long lastCompleted = -1;
    private long lastChange;
    boolean started;
    boolean done;
    boolean stopped;
    String stallMessage;

    JobRun(final FioJob job, final int groupId, final int firstThread, final BlockDevice device, final long seed,
           final Semaphore exits)
    {
        this.job = job;
        this.groupId = groupId;
        this.firstThread = firstThread;
        this.device = device;
        this.exits = exits;
        final long deviceBytes = device.sizeSectors() << Bio.SECTOR_SHIFT;
        final long regionBytes = job.regionBytes(deviceBytes);
        if (job.blockSize() % device.logicalBlockSize() != 0)
        {
            throw new IllegalArgumentException("job [" + job.name() + "]: bs=" + job.blockSize()
                + " is not a multiple of the logical block size " + device.logicalBlockSize() + " of " + device.name());
        }
        if (regionBytes < job.blockSize())
        {
            throw new IllegalArgumentException("job [" + job.name() + "]: region of " + regionBytes
                + " bytes is smaller than bs=" + job.blockSize());
        }
        checkVerifiableRegions(job, deviceBytes, regionBytes);
        workers = new FioWorker[job.numjobs()];
        final boolean perIoLog = job.logs().anyCsvLog() && job.logs().logAvgMsec() == 0;
        for (int k = 0; k < workers.length; k++)
        {
            final long start = job.regionStart(k, deviceBytes);
            if (start + regionBytes > deviceBytes)
            {
                throw new IllegalArgumentException("job [" + job.name() + "]: worker " + k + " region [" + start + ", "
                    + (start + regionBytes) + ") is beyond the end of " + device.name() + " (" + deviceBytes + " bytes)");
            }
            workers[k] = new FioWorker(job, device, k, start, regionBytes / job.blockSize(), BlockSequence.mix64(seed + k),
                perIoLog ? new IoLogRing() : null, exits::release);
        }
    }

    /**
     * Verify checks each block against what its own worker wrote, so it needs the workers on
     * disjoint regions: where two workers write the same block at the same time, the block holds
     * either one's data (or, without atomic writes, a mix) and the read-back reports a mismatch
     * that says nothing about the device. fio leaves that to the user; here it is an error that
     * names the fix.
     */
    private static void checkVerifiableRegions(final FioJob job, final long deviceBytes, final long regionBytes)
    {
        if (job.verify() == VerifyMode.NONE || job.numjobs() < 2 || !job.rw().hasWrites())
        {
            return;
        }
        final long step = job.regionStart(1, deviceBytes) - job.regionStart(0, deviceBytes);
        if (step < regionBytes)
        {
            throw new IllegalArgumentException("job [" + job.name() + "]: verify needs a region per worker, but workers 0 and 1 "
                + "overlap (region " + regionBytes + " bytes, offset_increment " + step + "); set size and offset_increment="
                + "size so that the clones' regions do not overlap");
        }
    }

    /** Runner thread: open the logs and start every worker. */
    void start(final long now)
    {
        startNanos = now;
        startMillis = System.currentTimeMillis();
        stats = new ThreadStats[workers.length];
        for (int k = 0; k < workers.length; k++)
        {
            final FioLogFiles logs = job.logs().anyCsvLog() || job.logs().histLog() != null || job.logs().hdrLog() != null
                ? new FioLogFiles(job.logs(), firstThread + k, job.name(), job.blockSize(), job.isAsync(), startMillis)
                : null;
            stats[k] = new ThreadStats(workers[k], job, logs, now);
        }
        deadline = job.runtimeNanos() > 0 ? now + job.rampNanos() + job.runtimeNanos() : Long.MAX_VALUE;
        baseTickNanos = TimeUnit.MILLISECONDS.toNanos(ThreadStats.basePeriodMillis(job));
        nextTick = now + baseTickNanos;
        lastChange = now;
        for (final FioWorker worker : workers)
        {
            final Thread thread = new Thread(worker, "fio-" + job.name() + "-" + worker.index());
            thread.setDaemon(true);
            worker.start(now, thread);
        }
        started = true;
    }

    /** Runner thread: samples at the base tick, the deadline, the stall watch; true once every worker exited. */
    boolean poll(final long now, final long stallNanos)
    {
        if (!stopped && now >= deadline)
        {
            stop();
        }
        if (now >= nextTick)
        {
            for (final ThreadStats s : stats)
            {
                s.take(now);
            }
            nextTick += baseTickNanos * Math.max(1, (now - nextTick) / baseTickNanos + 1);
        }
        final long completed = completedIos();
        if (completed != lastCompleted)
        {
            lastCompleted = completed;
            lastChange = now;
        }
        else if (now - lastChange > stallNanos && stallMessage == null && !allExited())
        {
            stallMessage = "no I/O completed for " + TimeUnit.NANOSECONDS.toSeconds(stallNanos) + " s";
            for (final FioWorker worker : workers)
            {
                worker.abandon();
            }
        }
        if (allExited() || stallMessage != null && now - lastChange > stallNanos + TimeUnit.SECONDS.toNanos(5))
        {
            for (final ThreadStats s : stats)
            {
                s.take(System.nanoTime());
                s.close();
            }
            done = true;
        }
        return done;
    }

    /**
     * Runner thread, for an interim report: take what the running workers recorded up to
     * {@code now}; the sampling clocks tick at their own boundaries as with {@link #poll}.
     */
    void sample(final long now)
    {
        if (started && !done)
        {
            for (final ThreadStats s : stats)
            {
                s.take(now);
            }
        }
    }

    /** Any time after start: stop issuing (runtime over, or exitall). */
    void stop()
    {
        stopped = true;
        for (final FioWorker worker : workers)
        {
            worker.requestStop();
        }
    }

    /** Runner thread, after a failure: release the log files of a started job. */
    void abandon()
    {
        if (started && !done)
        {
            for (final FioWorker worker : workers)
            {
                worker.abandon();
            }
            for (final ThreadStats s : stats)
            {
                s.close();
            }
        }
    }

    long nextWake()
    {
        return Math.min(nextTick, stopped ? Long.MAX_VALUE : deadline);
    }

    boolean allExited()
    {
        for (final FioWorker worker : workers)
        {
            if (!worker.exited())
            {
                return false;
            }
        }
        return true;
    }

    long completedIos()
    {
        long n = 0;
        for (final FioWorker worker : workers)
        {
            n += worker.completedIos();
        }
        return n;
    }

    /** I/Os the job will do, or -1 when time based. */
    long expectedIos()
    {
        if (job.timeBased())
        {
            return -1;
        }
        long total = 0;
        for (final FioWorker worker : workers)
        {
            total += job.numberIos() > 0 ? Math.min(job.numberIos(), worker.regionBlocks()) : worker.regionBlocks();
        }
        return total;
    }
}
