package io.dmsnap.bench.fio;

/**
 * fio's {@code rate}/{@code rate_iops} for one worker (each of a job's numjobs has the full rate,
 * as in fio), with fio's default {@code rate_process=linear}: direction d may issue its next I/O
 * once {@code bytes issued in d / rate_d} seconds have passed since the worker started. A
 * direction behind its schedule issues at once (it catches up: the schedule is fixed in time, so
 * the generator is open-loop against the clock); a worker ahead on every limited direction waits.
 * {@code rate_iops} is converted to bytes per second with the direction's smallest block size, as
 * fio does.
 *
 * <p>What fio adds and the worker does with it: in a mixed job whose chosen direction is ahead of
 * schedule, the other direction goes instead when it is behind; with
 * {@code io_submit_mode=inline} (the default) a worker that must wait first lets its I/O in
 * flight complete ({@link #quiesceBeforeWait()}), with {@code offload} it does not.
 *
 * <p>Allocation-free; one worker owns an instance (no thread safety).
 */
public final class RateLimiter
{
    private final long[] bytesPerSecond;
    private final long[] issuedBytes = new long[2];
    private final boolean quiesce;
    private long startNanos;

    /**
     * @param bytesPerSecond per direction (read, write); 0 for no limit
     * @param quiesce whether to drain the I/O in flight before waiting (io_submit_mode=inline)
     */
    public RateLimiter(final long[] bytesPerSecond, final boolean quiesce)
    {
        this.bytesPerSecond = bytesPerSecond.clone();
        this.quiesce = quiesce;
    }

    /** The worker starts its schedule (fio's epoch). */
    public void start(final long nowNanos)
    {
        startNanos = nowNanos;
        issuedBytes[0] = 0;
        issuedBytes[1] = 0;
    }

    /** Whether direction {@code dir} has a limit. */
    public boolean limits(final int dir)
    {
        return bytesPerSecond[dir] > 0;
    }

    /** When direction {@code dir} may issue next (nanoTime); the start time for an unlimited direction. */
    public long nextIssueNanos(final int dir)
    {
        final long bps = bytesPerSecond[dir];
        if (bps == 0)
        {
            return startNanos;
        }
        final long bytes = issuedBytes[dir];
        final long seconds = bytes / bps;
        final long remainder = bytes % bps;
        return startNanos + seconds * 1_000_000_000L + (long) (remainder * 1e9 / bps);
    }

    /** Count an issued I/O of {@code bytes} in direction {@code dir}. */
    public void issued(final int dir, final long bytes)
    {
        issuedBytes[dir] += bytes;
    }

    /** Whether a worker that must wait first lets its I/O in flight complete. */
    public boolean quiesceBeforeWait()
    {
        return quiesce;
    }
}
