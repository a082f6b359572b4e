package io.dmsnap.bench.fio;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs fio jobs against block devices the way fio runs them.
 *
 * <p>Threads and groups: every job section becomes numjobs threads (clones); each clone covers
 * the whole region of its job ({@code size} bytes, or the device from {@code offset} to its end)
 * from {@code offset + k * offset_increment}, as fio copies a job rather than splitting it. Jobs
 * start together unless told otherwise: going through the jobs in order, a job with
 * {@code stonewall} waits until every earlier job has finished (and no later job starts before
 * it), a job with {@code wait_for=NAME} waits for NAME's threads to finish while later jobs go
 * ahead, as fio's thread start loop does. Group ids count from 0 and grow by one at every job
 * with {@code stonewall} or {@code new_group} after the first job. {@code exitall}: when such a
 * job finishes, every running job stops. Reports ({@link FioResult}) are one per thread, or with
 * group_reporting one per group, the threads merged.
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
 * as a dip in the per-interval bandwidth and IOPS samples and a spike in the interval logs.
 *
 * <p>Threads: {@link #run} runs on the caller's thread (the runner), which starts jobs when they
 * may start, samples the workers' recorders every base tick ({@link ThreadStats}), writes the
 * logs, reports progress, enforces runtimes and waits for the workers; it sleeps on a semaphore
 * every worker releases when it exits. With a status interval it also builds the interim reports
 * there, from the running threads' figures so far, so the workers do nothing more for them. A job
 * whose device completes nothing for
 * {@link #STALL_NANOS} fails instead of hanging the caller.
 */
public final class FioRunner
{
    /** A job whose workers complete no I/O for this long is abandoned and fails. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** fio's err= for a verify mismatch. */
    static final int EILSEQ = 84;

    private final Function<String, BlockDevice> devices;
    private final FioProgress progress;
    /** fio's --status-interval in ns, 0 for none. */
    private final long statusNanos;
    private final FioStatus status;

    /**
     * @param devices the target of a job from its {@code filename} (null when the job has none:
     *                the caller's default); must throw IllegalArgumentException for an unknown name
     */
    public FioRunner(final Function<String, BlockDevice> devices, final FioProgress progress)
    {
        this(devices, progress, 0, FioStatus.NONE);
    }

    /**
     * With fio's {@code --status-interval}: every {@code statusIntervalNanos} from the start of the
     * run, {@code status} gets the report entries of the jobs started so far, figures up to then
     * ({@link FioReports#interimEntries}); 0 for none.
     */
    public FioRunner(final Function<String, BlockDevice> devices, final FioProgress progress,
                     final long statusIntervalNanos, final FioStatus status)
    {
        if (statusIntervalNanos < 0)
        {
            throw new IllegalArgumentException("status interval " + statusIntervalNanos + " ns: expected 0 (none) or more");
        }
        this.devices = devices;
        this.progress = progress;
        this.statusNanos = statusIntervalNanos;
        this.status = status;
    }

    /**
     * Run the jobs as fio would (see the class comment). Bad jobs (a region beyond the device, a
     * misaligned block size, wait_for naming no earlier job) throw IllegalArgumentException before
     * any job starts.
     */
    public List<FioResult> run(final List<FioJob> jobs)
    {
        final Semaphore exits = new Semaphore(0);
        final List<JobRun> runs = plan(jobs, exits);
        try
        {
            schedule(runs, exits);
        }
        finally
        {
            for (final JobRun run : runs)
            {
                run.abandon();
            }
        }
        return FioReports.entries(runs);
    }

    /**
     * fio's group ids of {@code jobs}: 0 for the first, one more at every later job with
     * stonewall or new_group.
     */
    public static int[] groupIds(final List<FioJob> jobs)
    {
        final int[] ids = new int[jobs.size()];
        for (int i = 1; i < ids.length; i++)
        {
            ids[i] = ids[i - 1] + (jobs.get(i).grouping().newGroup() ? 1 : 0);
        }
        return ids;
    }

    /** Group ids, thread numbers and devices of every job, checked before anything runs. */
    private List<JobRun> plan(final List<FioJob> jobs, final Semaphore exits)
    {
        final List<JobRun> runs = new ArrayList<>();
        final Map<String, Integer> byName = new HashMap<>();
        final int[] groupIds = groupIds(jobs);
        int thread = 1;
        for (int i = 0; i < jobs.size(); i++)
        {
            final FioJob job = jobs.get(i);
            final int groupId = groupIds[i];
            final String waitFor = job.grouping().waitFor();
            if (waitFor != null && !byName.containsKey(waitFor))
            {
                throw new IllegalArgumentException("job [" + job.name() + "]: wait_for=" + waitFor
                    + " names no earlier job; earlier jobs: " + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())));
            }
            final long seed = job.randrepeat() || job.randseedGiven() ? job.randseed() : System.nanoTime();
            runs.add(new JobRun(job, groupId, thread, devices.apply(job.filename()), seed, exits));
            byName.putIfAbsent(job.name(), i);
            thread += job.numjobs();
        }
        return runs;
    }

    /** Runner thread: start jobs as fio's start loop does, drive the running ones until all are done. */
    private void schedule(final List<JobRun> runs, final Semaphore exits)
    {
        long nextProgress = System.nanoTime() + PROGRESS_NANOS;
        long nextStatus = statusNanos > 0 ? System.nanoTime() + statusNanos : Long.MAX_VALUE;
        long lastProgressIos = 0;
        long lastProgressNanos = System.nanoTime();
        while (true)
        {
            startEligible(runs, System.nanoTime());
            long wake = Long.MAX_VALUE;
            boolean running = false;
            for (final JobRun run : runs)
            {
                if (run.started && !run.done)
                {
                    running = true;
                    wake = Math.min(wake, run.nextWake());
                }
            }
            if (!running)
            {
                if (runs.stream().allMatch(r -> r.done))
                {
                    return;
                }
                continue;   // a job just finished; the next round starts the ones waiting for it
            }
            final long now = System.nanoTime();
            wake = Math.min(wake, Math.min(nextProgress, nextStatus));
            acquire(exits, wake - now);
            final long t = System.nanoTime();
            for (final JobRun run : runs)
            {
                if (run.started && !run.done && run.poll(t, STALL_NANOS) && run.job.grouping().exitall())
                {
                    runs.stream().filter(r -> r.started && !r.done).forEach(JobRun::stop);
                }
            }
            if (t >= nextProgress)
            {
                long completed = 0;
                long expected = 0;
                long deadline = Long.MAX_VALUE;
                final StringBuilder names = new StringBuilder();
                for (final JobRun run : runs)
                {
                    completed += run.started ? run.completedIos() : 0;
                    if (run.started && !run.done)
                    {
                        names.append(names.length() == 0 ? "" : ",").append(run.job.name());
                        final long e = run.expectedIos();
                        expected = expected < 0 || e < 0 ? -1 : expected + e;
                        deadline = Math.min(deadline, run.deadline);
                    }
                }
                final double iops = Math.max(0, completed - lastProgressIos) * 1e9 / Math.max(1, t - lastProgressNanos);
                final JobRun first = runs.stream().filter(r -> r.started).findFirst().orElseThrow();
                progress.update(names.toString(), TimeUnit.NANOSECONDS.toMillis(t - first.startNanos), iops,
                    eta(t, deadline, expected, runsCompleted(runs), iops));
                lastProgressIos = completed;
                lastProgressNanos = t;
                nextProgress = t + PROGRESS_NANOS;
            }
            if (t >= nextStatus)
            {
                for (final JobRun run : runs)
                {
                    run.sample(t);
                }
                status.report(FioReports.interimEntries(runs, t));
                nextStatus += statusNanos * Math.max(1, (t - nextStatus) / statusNanos + 1);
            }
        }
    }

    private static long runsCompleted(final List<JobRun> runs)
    {
        long n = 0;
        for (final JobRun run : runs)
        {
            if (run.started && !run.done)
            {
                n += run.completedIos();
            }
        }
        return n;
    }

    /** fio's start loop: in order; a stonewall job waits for everything before it and blocks later jobs. */
    private static void startEligible(final List<JobRun> runs, final long now)
    {
        boolean anyActive = false;
        for (final JobRun run : runs)
        {
            if (run.started)
            {
                anyActive |= !run.done;
                continue;
            }
            if (run.job.grouping().stonewall() && (anyActive || runs.indexOf(run) > 0 && !allBeforeDone(runs, run)))
            {
                return;
            }
            final String waitFor = run.job.grouping().waitFor();
            if (waitFor != null && !waiteeDone(runs, waitFor))
            {
                continue;
            }
            run.start(now);
            anyActive = true;
        }
    }

    private static boolean allBeforeDone(final List<JobRun> runs, final JobRun run)
    {
        for (final JobRun r : runs)
        {
            if (r == run)
            {
                return true;
            }
            if (!r.done)
            {
                return false;
            }
        }
        return true;
    }

    private static boolean waiteeDone(final List<JobRun> runs, final String name)
    {
        for (final JobRun r : runs)
        {
            if (r.job.name().equals(name))
            {
                return r.done;
            }
        }
        return true;
    }

    private static long eta(final long now, final long deadline, final long totalIos, final long completed,
                            final double iops)
    {
        long eta = deadline == Long.MAX_VALUE ? -1 : TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadline - now));
        if (totalIos > 0 && iops > 0)
        {
            final long bySize = (long) (Math.max(0, totalIos - completed) * 1000 / iops);
            eta = eta < 0 ? bySize : Math.min(eta, bySize);
        }
        return eta;
    }

    /** Sleep until a worker exits or {@code nanos} pass. */
    private static void acquire(final Semaphore exits, final long nanos)
    {
        try
        {
            if (exits.tryAcquire(Math.max(0, nanos), TimeUnit.NANOSECONDS))
            {
                exits.drainPermits();
            }
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

}
