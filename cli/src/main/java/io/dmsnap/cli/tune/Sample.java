package io.dmsnap.cli.tune;

/**
 * One measurement of one threshold: a fresh stack, the workload run once.
 *
 * @param iops            writes completed per second: the origin bios (one per chunk or less) the page
 *                        cache wrote back, or fio's write IOPS
 * @param p50Micros       median write latency in microseconds (a bio from submission to completion,
 *                        throttle wait included)
 * @param p99Micros       99th percentile
 * @param p999Micros      99.9th percentile
 * @param seconds         time to write the amount (writer start until everything reached the device),
 *                        or the run's length when it ran for a duration: the seed's metric
 * @param deviceSeconds   the same span in modelled device time (the last due time of any timed device
 *                        minus the start), or -1 when no device is timed
 * @param bytes           bytes written
 * @param peakInflight    most copies in flight at once in one snapshot (the highest per-snapshot peak)
 * @param peakCopyBytes   most copier memory at once, all snapshots (as the kernel allocates it, reserves included)
 * @param meanCopyBytes   time-weighted mean copier memory over the run
 * @param peakCopierJobs  most copier jobs at once, all snapshots
 */
public record Sample(double iops, double p50Micros, double p99Micros, double p999Micros, double seconds,
                     double deviceSeconds, long bytes, long peakInflight, long peakCopyBytes, double meanCopyBytes,
                     long peakCopierJobs)
{
    /** Whether {@link #deviceSeconds} is known (some device was timed). */
    public boolean hasDeviceTime()
    {
        return deviceSeconds >= 0;
    }
}
