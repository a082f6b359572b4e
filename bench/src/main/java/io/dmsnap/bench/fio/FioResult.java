package io.dmsnap.bench.fio;

import org.HdrHistogram.Histogram;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One entry of fio's report: one thread (a numjobs clone) of a job without group_reporting, or,
 * with group_reporting, every thread of one group merged (named after the first), as fio merges
 * them. Immutable.
 */
public final class FioResult
{
    private final FioJob job;
    private final int groupId;
    private final int workers;
    private final FioDirectionResult read;
    private final FioDirectionResult write;
    private final long runtimeMillis;
    private final int error;
    private final String errorMessage;
    private final long verifyFailures;
    private final String verifyMessage;
    private final long verifiedBlocks;
    private final long[] timelineMillis;
    private final double[] timelineIops;
    private final Usage usage;
    private final FioLatency sync;
    private final long syncs;

    /**
     * @param error fio's err=: 0, the errno of the first failed I/O (EIO = 5, ...), or EILSEQ (84)
     *              when only verification failed
     * @param timelineMillis end of each sampling interval, ms since the workers started
     * @param timelineIops IOPS (both directions, ramp excluded) in each sampling interval
     */
    public FioResult(final FioJob job, final int groupId, final int workers, final FioDirectionResult read,
                     final FioDirectionResult write, final long runtimeMillis, final int error,
                     final String errorMessage, final long verifyFailures, final String verifyMessage,
                     final long verifiedBlocks, final long[] timelineMillis, final double[] timelineIops)
    {
        if (timelineMillis.length != timelineIops.length)
        {
            throw new IllegalArgumentException("timeline arrays differ in length");
        }
        this.job = job;
        this.groupId = groupId;
        this.workers = workers;
        this.read = read;
        this.write = write;
        this.runtimeMillis = runtimeMillis;
        this.error = error;
        this.errorMessage = errorMessage;
        this.verifyFailures = verifyFailures;
        this.verifyMessage = verifyMessage;
        this.verifiedBlocks = verifiedBlocks;
        this.timelineMillis = timelineMillis.clone();
        this.timelineIops = timelineIops.clone();
        this.usage = Usage.NONE;
        this.sync = new FioLatency(new Histogram(3));
        this.syncs = 0;
    }

    /** The same with the threads' usage, depths and devices. */
    public FioResult(final FioResult r, final Usage usage)
    {
        this(r, usage, r.syncs, r.sync);
    }

    /**
     * The same with the threads' usage, depths and devices and their flushes (fio's sync).
     *
     * @param syncs flushes issued (fio's {@code sync.total_ios}, ramp included)
     * @param sync flush latencies after ramp (fio's {@code sync.lat_ns})
     */
    public FioResult(final FioResult r, final Usage usage, final long syncs, final FioLatency sync)
    {
        this.job = r.job;
        this.groupId = r.groupId;
        this.workers = r.workers;
        this.read = r.read;
        this.write = r.write;
        this.runtimeMillis = r.runtimeMillis;
        this.error = r.error;
        this.errorMessage = r.errorMessage;
        this.verifyFailures = r.verifyFailures;
        this.verifyMessage = r.verifyMessage;
        this.verifiedBlocks = r.verifiedBlocks;
        this.timelineMillis = r.timelineMillis;
        this.timelineIops = r.timelineIops;
        this.usage = usage;
        this.syncs = syncs;
        this.sync = sync;
    }

    /** Flushes issued by fsync, fdatasync and end_fsync (fio's sync total_ios). */
    public long syncs()
    {
        return syncs;
    }

    /** Flush latencies (fio's sync lat_ns); empty without flushes. */
    public FioLatency sync()
    {
        return sync;
    }

    /** What the threads of an entry used and how deep their queues were. */
    public Usage usage()
    {
        return usage;
    }

    public FioJob job()
    {
        return job;
    }

    public String jobName()
    {
        return job.name();
    }

    public Map<String, String> options()
    {
        return job.options();
    }

    public List<String> notes()
    {
        return job.notes();
    }

    public int groupId()
    {
        return groupId;
    }

    /** Workers merged into this result (numjobs with group_reporting, else 1). */
    public int workers()
    {
        return workers;
    }

    public FioDirectionResult read()
    {
        return read;
    }

    public FioDirectionResult write()
    {
        return write;
    }

    public long runtimeMillis()
    {
        return runtimeMillis;
    }

    /** fio's err=: 0 on success, the errno of the first failed I/O, or 84 (EILSEQ) for a verify mismatch. */
    public int error()
    {
        return error;
    }

    /** What failed first (I/O error or a stall), or null. */
    public String errorMessage()
    {
        return errorMessage;
    }

    public long verifyFailures()
    {
        return verifyFailures;
    }

    /** The first verify mismatch with its offset, or null. */
    public String verifyMessage()
    {
        return verifyMessage;
    }

    /** Blocks read back and found intact by the verify pass after a write-only job. */
    public long verifiedBlocks()
    {
        return verifiedBlocks;
    }

    /** Whether the job failed: an I/O error or a verify mismatch. */
    public boolean failed()
    {
        return error != 0;
    }

    public long[] timelineMillis()
    {
        return timelineMillis.clone();
    }

    public double[] timelineIops()
    {
        return timelineIops.clone();
    }

    /**
     * The threads' costs and queue figures, as fio's cpu, IO depths, submit/complete and job_runtime
     * report them. Immutable; arrays are copied.
     */
    public static final class Usage
    {
        public static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0, new long[FioDepths.LEVELS],
            new long[FioDepths.LEVELS], new long[FioDepths.LEVELS], "", 0);

        private final long jobRuntimeMillis;
        private final long userNanos;
        private final long systemNanos;
        private final long contextSwitches;
        private final long minorFaults;
        private final long majorFaults;
        private final long[] depthLevels;
        private final long[] submitBatches;
        private final long[] completeBatches;
        private final String device;
        private final long startMillis;

        /**
         * @param jobRuntimeMillis the threads' runtimes summed (fio's job_runtime)
         * @param device the name of the device the threads ran on
         * @param startMillis wall-clock start of the first thread (ms since the epoch)
         */
        public Usage(final long jobRuntimeMillis, final long userNanos, final long systemNanos,
                     final long contextSwitches, final long minorFaults, final long majorFaults,
                     final long[] depthLevels, final long[] submitBatches, final long[] completeBatches,
                     final String device, final long startMillis)
        {
            this.jobRuntimeMillis = jobRuntimeMillis;
            this.userNanos = userNanos;
            this.systemNanos = systemNanos;
            this.contextSwitches = contextSwitches;
            this.minorFaults = minorFaults;
            this.majorFaults = majorFaults;
            this.depthLevels = depthLevels.clone();
            this.submitBatches = submitBatches.clone();
            this.completeBatches = completeBatches.clone();
            this.device = device;
            this.startMillis = startMillis;
        }

        public long jobRuntimeMillis()
        {
            return jobRuntimeMillis;
        }

        /** fio's usr_cpu: user CPU time in percent of job_runtime. */
        public double userPercent()
        {
            return jobRuntimeMillis == 0 ? 0 : userNanos / 1e4 / jobRuntimeMillis;
        }

        /** fio's sys_cpu: system CPU time in percent of job_runtime. */
        public double systemPercent()
        {
            return jobRuntimeMillis == 0 ? 0 : systemNanos / 1e4 / jobRuntimeMillis;
        }

        public long contextSwitches()
        {
            return contextSwitches;
        }

        public long minorFaults()
        {
            return minorFaults;
        }

        public long majorFaults()
        {
            return majorFaults;
        }

        /** Submits by depth bucket ({@link FioDepths#DEPTH_KEYS}). */
        public long[] depthLevels()
        {
            return depthLevels.clone();
        }

        /** Submit calls by I/Os submitted ({@link FioDepths#BATCH_KEYS}). */
        public long[] submitBatches()
        {
            return submitBatches.clone();
        }

        /** Completion wake-ups by I/Os reaped ({@link FioDepths#BATCH_KEYS}). */
        public long[] completeBatches()
        {
            return completeBatches.clone();
        }

        /** The device the threads ran on. */
        public String device()
        {
            return device;
        }

        public long startMillis()
        {
            return startMillis;
        }
    }

    @Override
    public String toString()
    {
        return jobName() + " (groupid=" + groupId + ", jobs=" + workers + "): err=" + error + " read="
            + read.ios() + " write=" + write.ios() + " runtime=" + runtimeMillis + "ms timeline="
            + Arrays.toString(timelineIops);
    }
}
