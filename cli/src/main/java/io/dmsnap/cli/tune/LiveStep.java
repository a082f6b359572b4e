package io.dmsnap.cli.tune;

/**
 * One step of a {@code --live} run: the threshold set at its start and what followed until the next change.
 *
 * @param threshold       the value set (unlimited: the largest value the parameter takes)
 * @param seconds         the step's length
 * @param inflightAtStart copies in flight in the fullest snapshot when the value was set
 * @param settleMillis    from the change until every snapshot's copies in flight were within the new
 *                        limit (the threshold plus one per submitting thread, the soft limit's slack):
 *                        0 when they already were, -1 when they never got there within the step
 * @param iops            writes completed per second during the step
 * @param p99Micros       p99 write latency of the writes completed during the step, or -1 when the
 *                        workload does not record latencies per interval
 * @param peakInflight    most copies in flight in one snapshot during the step
 * @param meanInflight    mean over the step of the fullest snapshot's copies in flight
 * @param peakCopyBytes   most copier memory during the step
 * @param meanCopyBytes   time-weighted mean copier memory during the step
 */
public record LiveStep(Threshold threshold, double seconds, long inflightAtStart, double settleMillis, double iops,
                       double p99Micros, long peakInflight, double meanInflight, long peakCopyBytes,
                       double meanCopyBytes)
{
    public boolean settled()
    {
        return settleMillis >= 0;
    }
}
