package io.dmsnap.bench.fio;

import io.dmsnap.engine.block.BlkStatus;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Turns finished jobs into fio's report entries: one per thread, or, where threads of one group
 * have group_reporting, one per group with those threads merged, in thread order, as fio's
 * {@code __show_run_stats} builds its thread_stat list. Merging follows fio: histograms and
 * counts add up, runtime is the longest thread's, job_runtime the sum, per-interval statistics
 * are summed field by field ({@link IntervalStats#sumOf}).
 *
 * <p>Interim entries (fio's {@code --status-interval}) are built the same way while threads still
 * run, on the runner thread, from what it owns: the threads' {@link ThreadStats} (histograms,
 * bandwidth and IOPS samples, timeline) and the workers' published byte counters (volatile reads);
 * a running thread's runtime is the time since its ramp ended. Its CPU usage, IO depths, flush
 * count and error and verify counters are plain fields of the worker thread, published only by its
 * exit, so a running thread contributes none of them until it has exited.
 */
final class FioReports
{
    private FioReports()
    {
    }

    /** The report entries of the finished jobs. */
    static List<FioResult> entries(final List<JobRun> runs)
    {
        return entries(runs, false, 0);
    }

    /**
     * Runner thread: the entries of every started job at {@code now}, running ones with their
     * figures so far (see the class comment).
     */
    static List<FioResult> interimEntries(final List<JobRun> runs, final long now)
    {
        return entries(runs, true, now);
    }

    private static List<FioResult> entries(final List<JobRun> runs, final boolean running, final long now)
    {
        final List<FioResult> results = new ArrayList<>();
        final List<Member> current = new ArrayList<>();
        Member previous = null;
        for (final JobRun run : runs)
        {
            if (!(run.done || running && run.started))
            {
                continue;
            }
            for (int k = 0; k < run.workers.length; k++)
            {
                final Member m = new Member(run, k);
                final boolean merge = previous != null && run.job.groupReporting() && previous.run.job.groupReporting()
                    && previous.run.groupId == run.groupId;
                if (!merge && !current.isEmpty())
                {
                    results.add(merge(current, now));
                    current.clear();
                }
                current.add(m);
                previous = m;
            }
        }
        if (!current.isEmpty())
        {
            results.add(merge(current, now));
        }
        return results;
    }

    /** @param now the time of an interim entry: the runtime of a member still running ends there */
    private static FioResult merge(final List<Member> members, final long now)
    {
        final JobRun first = members.get(0).run;
        final FioJob job = first.job;
        final Histogram[][] h = new Histogram[3][2];
        for (int k = 0; k < 3; k++)
        {
            for (int d = 0; d < 2; d++)
            {
                h[k][d] = new Histogram(3);
            }
        }
        long runtimeNanos = 0;
        long jobRuntimeMillis = 0;
        int error = 0;
        String errorMessage = first.stallMessage;
        long verifyFailures = 0;
        String verifyMessage = null;
        long verified = 0;
        ThreadUsage usage = ThreadUsage.NONE;
        final long[] depth = new long[FioDepths.LEVELS];
        final long[] submit = new long[FioDepths.LEVELS];
        final long[] complete = new long[FioDepths.LEVELS];
        final List<List<IntervalStats>> bw = List.of(new ArrayList<>(), new ArrayList<>());
        final List<List<IntervalStats>> iops = List.of(new ArrayList<>(), new ArrayList<>());
        final List<String> devices = new ArrayList<>();
        final Histogram sync = new Histogram(3);
        long syncs = 0;
        final long[] bytes = new long[2];
        for (final Member m : members)
        {
            final FioWorker worker = m.run.workers[m.index];
            final ThreadStats stats = m.run.stats[m.index];
            for (int k = 0; k < 3; k++)
            {
                for (int d = 0; d < 2; d++)
                {
                    h[k][d].add(stats.total(k, d));
                }
            }
            for (int d = 0; d < 2; d++)
            {
                bw.get(d).add(stats.bw(d));
                iops.get(d).add(stats.iops(d));
            }
            bytesOf(worker, bytes);
            sync.add(stats.syncTotal());
            if (!m.run.done)
            {
                // Running: only what the runner owns or the worker publishes (class comment).
                final long ran = Math.max(0, now - worker.rampEndNanos());
                runtimeNanos = Math.max(runtimeNanos, ran);
                jobRuntimeMillis += millis(ran);
                addDevice(devices, m.run);
                continue;
            }
            runtimeNanos = Math.max(runtimeNanos, worker.runtimeNanos());
            jobRuntimeMillis += millis(worker.runtimeNanos());
            if (worker.errors() > 0 && error == 0)
            {
                error = FioRunner.errno(worker.firstErrorStatus());
                errorMessage = BlkStatus.name(worker.firstErrorStatus()) + " at offset " + worker.firstErrorOffset()
                    + " (worker " + m.index + ", " + worker.errors() + " failed I/Os)";
            }
            if (m.run.stallMessage != null && errorMessage == null)
            {
                errorMessage = m.run.stallMessage;
            }
            verifyFailures += worker.verifyFailures();
            if (verifyMessage == null)
            {
                verifyMessage = worker.firstVerifyFailure();
            }
            verified += worker.verifiedBlocks();
            usage = usage.plus(worker.usage());
            syncs += worker.flushes();
            add(depth, worker.depthLevels());
            add(complete, worker.completeBatches());
            submit[FioDepths.batchLevel(1)] += worker.submits();   // one bio per submit call
            addDevice(devices, m.run);
        }
        if (errorMessage != null && error == 0)
        {
            error = FioRunner.errno(BlkStatus.IOERR);
        }
        if (verifyFailures > 0 && error == 0)
        {
            error = FioRunner.EILSEQ;
        }
        final long runtimeMillis = millis(runtimeNanos);
        final FioDirectionResult[] dirs = new FioDirectionResult[2];
        for (int d = 0; d < 2; d++)
        {
            final IntervalStats bwStats = members.size() == 1 ? bw.get(d).get(0) : IntervalStats.sumOf(bw.get(d));
            final IntervalStats iopsStats = members.size() == 1 ? iops.get(d).get(0) : IntervalStats.sumOf(iops.get(d));
            dirs[d] = new FioDirectionResult(bytes[d], runtimeMillis, h[ThreadStats.CLAT][d],
                h[ThreadStats.SLAT][d], h[ThreadStats.LAT][d], bwStats, iopsStats);
        }
        final Timeline timeline = Timeline.sum(members);
        final FioResult plain = new FioResult(job, first.groupId, members.size(), dirs[FioWorker.READ],
            dirs[FioWorker.WRITE], runtimeMillis, error, errorMessage, verifyFailures, verifyMessage, verified,
            timeline.millis, timeline.iops);
        return new FioResult(plain, new FioResult.Usage(jobRuntimeMillis, usage.userNanos, usage.systemNanos(),
            usage.contextSwitches, usage.minorFaults, usage.majorFaults, depth, submit, complete,
            String.join(",", devices), first.startMillis), syncs, new FioLatency(sync));
    }

    private static void bytesOf(final FioWorker worker, final long[] into)
    {
        for (int d = 0; d < 2; d++)
        {
            into[d] += worker.measuredBytes(d);
        }
    }

    private static void addDevice(final List<String> devices, final JobRun run)
    {
        if (!devices.contains(run.device.name()))
        {
            devices.add(run.device.name());
        }
    }

    /** fio's runtime in ms: rounded up, so a job that did anything has at least 1 ms. */
    private static long millis(final long nanos)
    {
        return TimeUnit.NANOSECONDS.toMillis(nanos + 999_999);
    }

    private static void add(final long[] into, final long[] values)
    {
        for (int i = 0; i < into.length; i++)
        {
            into[i] += values[i];
        }
    }

    /** One thread of a report entry. */
    private static final class Member
    {
        final JobRun run;
        final int index;

        Member(final JobRun run, final int index)
        {
            this.run = run;
            this.index = index;
        }
    }

    /** The members' IOPS timelines added sample by sample (dmsnap's extra iops_timeline). */
    private static final class Timeline
    {
        final long[] millis;
        final double[] iops;

        private Timeline(final long[] millis, final double[] iops)
        {
            this.millis = millis;
            this.iops = iops;
        }

        static Timeline sum(final List<Member> members)
        {
            int n = Integer.MAX_VALUE;
            for (final Member m : members)
            {
                n = Math.min(n, m.run.stats[m.index].timelineMillis().length);
            }
            final long[] millis = new long[n];
            final double[] iops = new double[n];
            for (final Member m : members)
            {
                final long[] ms = m.run.stats[m.index].timelineMillis();
                final double[] v = m.run.stats[m.index].timelineIops();
                for (int i = 0; i < n; i++)
                {
                    millis[i] = Math.max(millis[i], ms[i]);
                    iops[i] += v[i];
                }
            }
            return new Timeline(millis, iops);
        }
    }
}
