package io.dmsnap.bench.fio;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The result of one job group: a job section with group_reporting (its workers merged), or one
 * worker of a job without it. Immutable.
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

    @Override
    public String toString()
    {
        return jobName() + " (groupid=" + groupId + ", jobs=" + workers + "): err=" + error + " read="
            + read.ios() + " write=" + write.ios() + " runtime=" + runtimeMillis + "ms timeline="
            + Arrays.toString(timelineIops);
    }
}
