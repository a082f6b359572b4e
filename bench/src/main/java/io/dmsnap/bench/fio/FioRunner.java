package io.dmsnap.bench.fio;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs fio jobs against block devices, one job after another (as if every job had
 * {@code stonewall}); each job's numjobs workers run concurrently, worker k on the region
 * [offset + k * offset_increment, + size) of the job's device.
 *
 * <p>Stopping: a worker stops issuing after one pass over its region (unless time_based), after
 * number_ios I/Os, at the first failed I/O (fio's default continue_on_error=none), or when the
 * runtime (after ramp_time) is over; it always collects the I/O it has in flight. A write-only job
 * with verify then reads back every block it wrote.
 *
 * <p>Measurement: this is a closed-loop generator with no target rate (fio without rate_iops):
 * each worker keeps iodepth requests in flight and issues the next one when one completes. There
 * is therefore no intended schedule and no coordinated-omission correction; a stall of the device
 * delays the next submissions and is recorded once per request in flight. Stalls show up instead
 * as a spike in the per-interval maximum of the histogram log and a dip in the IOPS timeline.
 * Results describe "what latency do workers x iodepth requests in flight see, and how many IOPS
 * result".
 *
 * <p>Threads: {@link #run} runs on the caller's thread, which samples the workers' recorders every
 * interval (the histogram log interval, else 1 s), reports progress, enforces the runtime and
 * waits for the workers. A device that completes nothing for {@link #STALL_NANOS} fails the job
 * instead of hanging the caller.
 */
public final class FioRunner
{
    /** A job whose workers complete no I/O for this long is abandoned and fails. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String[] TAGS = {"read", "write"};
    /** fio's err= for a verify mismatch. */
    static final int EILSEQ = 84;

    private final Function<String, BlockDevice> devices;
    private final FioProgress progress;

    /**
     * @param devices the target of a job from its {@code filename} (null when the job has none:
     *                the caller's default); must throw IllegalArgumentException for an unknown name
     */
    public FioRunner(final Function<String, BlockDevice> devices, final FioProgress progress)
    {
        this.devices = devices;
        this.progress = progress;
    }

    /**
     * Run the jobs in order; group ids are the jobs' positions. Bad job/device combinations
     * (a region beyond the device, a misaligned block size) throw IllegalArgumentException before
     * any I/O of that job.
     */
    public List<FioResult> run(final List<FioJob> jobs)
    {
        final List<FioResult> results = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++)
        {
            results.addAll(runJob(jobs.get(i), i));
        }
        return results;
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
                + "overlap (region " + regionBytes + " bytes, offset_increment " + step + "); set offset_increment="
                + regionBytes + " or leave size and offset_increment out");
        }
    }

    private List<FioResult> runJob(final FioJob job, final int groupId)
    {
        final BlockDevice device = devices.apply(job.filename());
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
        final long seed = job.randrepeat() || job.randseedGiven() ? job.randseed() : System.nanoTime();
        final CountDownLatch done = new CountDownLatch(job.numjobs());
        final FioWorker[] workers = new FioWorker[job.numjobs()];
        for (int k = 0; k < workers.length; k++)
        {
            final long start = job.regionStart(k, deviceBytes);
            if (start + regionBytes > deviceBytes)
            {
                throw new IllegalArgumentException("job [" + job.name() + "]: worker " + k + " region [" + start + ", "
                    + (start + regionBytes) + ") is beyond the end of " + device.name() + " (" + deviceBytes + " bytes)");
            }
            workers[k] = new FioWorker(job, device, k, start, regionBytes / job.blockSize(),
                BlockSequence.mix64(seed + k), done);
        }
        final Sampler sampler = new Sampler(job, workers, groupId);
        final long t0 = System.nanoTime();
        for (final FioWorker worker : workers)
        {
            final Thread thread = new Thread(worker, "fio-" + job.name() + "-" + worker.index());
            thread.setDaemon(true);
            worker.start(t0, thread);
        }
        String stallMessage = null;
        try
        {
            stallMessage = supervise(job, workers, done, sampler, t0);
        }
        finally
        {
            sampler.close();
        }
        return sampler.results(stallMessage);
    }

    /** Runner thread: sample, report progress and stop the workers at the deadline; returns a stall message or null. */
    private String supervise(final FioJob job, final FioWorker[] workers, final CountDownLatch done,
                             final Sampler sampler, final long t0)
    {
        final long tickNanos = TimeUnit.MILLISECONDS.toNanos(job.writeHistLog() != null ? job.logHistMsec()
            : FioJob.DEFAULT_LOG_HIST_MSEC);
        final long deadline = job.runtimeNanos() > 0 ? t0 + job.rampNanos() + job.runtimeNanos() : Long.MAX_VALUE;
        final long totalIos = expectedIos(job, workers);
        long nextTick = t0 + tickNanos;
        long nextProgress = t0 + PROGRESS_NANOS;
        long lastProgressIos = 0;
        long lastProgressNanos = t0;
        long lastCompleted = -1;
        long lastChange = t0;
        boolean stopped = false;
        while (true)
        {
            final long now = System.nanoTime();
            final long wakeAt = Math.min(Math.min(nextTick, nextProgress), stopped ? Long.MAX_VALUE : deadline);
            if (await(done, wakeAt - now))
            {
                break;
            }
            final long t = System.nanoTime();
            if (!stopped && t >= deadline)
            {
                for (final FioWorker worker : workers)
                {
                    worker.requestStop();
                }
                stopped = true;
            }
            if (t >= nextTick)
            {
                sampler.sample(t - t0);
                nextTick += tickNanos * Math.max(1, (t - nextTick) / tickNanos + 1);
            }
            final long completed = completedIos(workers);
            if (completed != lastCompleted)
            {
                lastCompleted = completed;
                lastChange = t;
            }
            else if (t - lastChange > STALL_NANOS)
            {
                for (final FioWorker worker : workers)
                {
                    worker.abandon();
                }
                await(done, TimeUnit.SECONDS.toNanos(5));
                sampler.sample(System.nanoTime() - t0);
                return "no I/O completed for " + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s";
            }
            if (t >= nextProgress)
            {
                final double iops = (completed - lastProgressIos) * 1e9 / Math.max(1, t - lastProgressNanos);
                progress.update(job.name(), TimeUnit.NANOSECONDS.toMillis(t - t0), iops,
                    eta(t, deadline, totalIos, completed, iops));
                lastProgressIos = completed;
                lastProgressNanos = t;
                nextProgress = t + PROGRESS_NANOS;
            }
        }
        sampler.sample(System.nanoTime() - t0);
        return null;
    }

    private static long expectedIos(final FioJob job, final FioWorker[] workers)
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

    private static long eta(final long now, final long deadline, final long totalIos, final long completed,
                            final double iops)
    {
        long eta = deadline == Long.MAX_VALUE ? -1 : TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadline - now));
        if (totalIos > 0 && iops > 0)
        {
            final long bySize = (long) ((totalIos - completed) * 1000 / iops);
            eta = eta < 0 ? bySize : Math.min(eta, bySize);
        }
        return eta;
    }

    private static long completedIos(final FioWorker[] workers)
    {
        long n = 0;
        for (final FioWorker worker : workers)
        {
            n += worker.completedIos();
        }
        return n;
    }

    /** Wait for the latch up to {@code nanos}; true when it reached zero. */
    private static boolean await(final CountDownLatch done, final long nanos)
    {
        try
        {
            return done.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running fio jobs", e);
        }
    }

    /** fio's errno for a failed I/O: EIO, EOPNOTSUPP, ENOSPC, ENOMEM. */
    static int errno(final int status)
    {
        switch (status)
        {
            case BlkStatus.OK: return 0;
            case BlkStatus.NOTSUPP: return 95;
            case BlkStatus.NOSPC: return 28;
            case BlkStatus.RESOURCE: return 12;
            default: return 5;
        }
    }

    /**
     * Runner thread: takes interval histograms from the workers' recorders, keeps per-worker
     * totals and IOPS timelines, writes the histogram log, and builds the results.
     */
    private static final class Sampler
    {
        private final FioJob job;
        private final FioWorker[] workers;
        private final int groupId;
        /** [worker][direction]: everything recorded so far. */
        private final Histogram[][] totals;
        /** [worker][direction]: the last interval histogram, recycled by the next sample. */
        private final Histogram[][] recycled;
        private final Histogram[] merged = new Histogram[2];
        private final List<long[]> counts = new ArrayList<>();
        private final List<Long> ticks = new ArrayList<>();
        private final FioHistogramLog log;
        private long lastTickNanos;

        Sampler(final FioJob job, final FioWorker[] workers, final int groupId)
        {
            this.job = job;
            this.workers = workers;
            this.groupId = groupId;
            this.totals = new Histogram[workers.length][2];
            this.recycled = new Histogram[workers.length][2];
            for (int w = 0; w < workers.length; w++)
            {
                for (int d = 0; d < 2; d++)
                {
                    totals[w][d] = new Histogram(3);
                }
            }
            if (job.writeHistLog() != null)
            {
                try
                {
                    log = new FioHistogramLog(FioHistogramLog.fileFor(job.writeHistLog(), groupId + 1), job.name(),
                        System.currentTimeMillis());
                }
                catch (final IOException e)
                {
                    throw new UncheckedIOException("cannot write the histogram log of job [" + job.name() + "]", e);
                }
            }
            else
            {
                log = null;
            }
        }

        void sample(final long elapsedNanos)
        {
            final long[] tickCounts = new long[workers.length];
            for (int d = 0; d < 2; d++)
            {
                merged[d] = null;
                for (int w = 0; w < workers.length; w++)
                {
                    final Histogram interval = workers[w].recorder(d).getIntervalHistogram(recycled[w][d]);
                    recycled[w][d] = interval;
                    totals[w][d].add(interval);
                    tickCounts[w] += interval.getTotalCount();
                    if (log != null)
                    {
                        if (merged[d] == null)
                        {
                            merged[d] = interval.copy();
                        }
                        else
                        {
                            merged[d].add(interval);
                            merged[d].setStartTimeStamp(Math.min(merged[d].getStartTimeStamp(), interval.getStartTimeStamp()));
                            merged[d].setEndTimeStamp(Math.max(merged[d].getEndTimeStamp(), interval.getEndTimeStamp()));
                        }
                    }
                }
                if (log != null && merged[d].getTotalCount() > 0)
                {
                    log.interval(merged[d], TAGS[d]);
                }
            }
            if (elapsedNanos > lastTickNanos)
            {
                counts.add(tickCounts);
                ticks.add(elapsedNanos);
                lastTickNanos = elapsedNanos;
            }
            else if (!counts.isEmpty())
            {
                final long[] last = counts.get(counts.size() - 1);
                for (int w = 0; w < workers.length; w++)
                {
                    last[w] += tickCounts[w];
                }
            }
        }

        void close()
        {
            if (log != null)
            {
                log.close();
            }
        }

        List<FioResult> results(final String stallMessage)
        {
            final List<FioResult> results = new ArrayList<>();
            if (job.groupReporting())
            {
                results.add(result(0, workers.length, stallMessage));
            }
            else
            {
                for (int w = 0; w < workers.length; w++)
                {
                    results.add(result(w, w + 1, stallMessage));
                }
            }
            return results;
        }

        /** The result of workers [from, to). */
        private FioResult result(final int from, final int to, final String stallMessage)
        {
            final Histogram read = new Histogram(3);
            final Histogram write = new Histogram(3);
            long runtimeNanos = 0;
            int error = 0;
            String errorMessage = stallMessage;
            long verifyFailures = 0;
            String verifyMessage = null;
            long verified = 0;
            final long[] bytes = new long[2];
            for (int w = from; w < to; w++)
            {
                final FioWorker worker = workers[w];
                bytes[FioWorker.READ] += worker.measuredBytes(FioWorker.READ);
                bytes[FioWorker.WRITE] += worker.measuredBytes(FioWorker.WRITE);
                read.add(totals[w][FioWorker.READ]);
                write.add(totals[w][FioWorker.WRITE]);
                runtimeNanos = Math.max(runtimeNanos, worker.runtimeNanos());
                if (worker.errors() > 0 && error == 0)
                {
                    error = errno(worker.firstErrorStatus());
                    errorMessage = BlkStatus.name(worker.firstErrorStatus()) + " at offset " + worker.firstErrorOffset()
                        + " (worker " + w + ", " + worker.errors() + " failed I/Os)";
                }
                verifyFailures += worker.verifyFailures();
                if (verifyMessage == null)
                {
                    verifyMessage = worker.firstVerifyFailure();
                }
                verified += worker.verifiedBlocks();
            }
            if (stallMessage != null && error == 0)
            {
                error = errno(BlkStatus.IOERR);
            }
            if (verifyFailures > 0 && error == 0)
            {
                error = EILSEQ;
            }
            final long runtimeMillis = TimeUnit.NANOSECONDS.toMillis(runtimeNanos + 999_999);
            final long[] millis = new long[ticks.size()];
            final double[] iops = new double[ticks.size()];
            long previous = 0;
            for (int i = 0; i < ticks.size(); i++)
            {
                long n = 0;
                for (int w = from; w < to; w++)
                {
                    n += counts.get(i)[w];
                }
                millis[i] = TimeUnit.NANOSECONDS.toMillis(ticks.get(i));
                iops[i] = n * 1e9 / Math.max(1, ticks.get(i) - previous);
                previous = ticks.get(i);
            }
            return new FioResult(job, groupId, to - from, FioDirectionResult.ofBytes(bytes[FioWorker.READ], runtimeMillis, read),
                FioDirectionResult.ofBytes(bytes[FioWorker.WRITE], runtimeMillis, write), runtimeMillis, error, errorMessage,
                verifyFailures, verifyMessage, verified, millis, iops);
        }
    }
}
