package io.dmsnap.engine.snap;

/**
 * A point-in-time view of one snapshot's counters and state, for tools, tests and watchdog dumps.
 *
 * @param pendingExceptions  pending exceptions allocated and not yet freed
 * @param copiesInFlight     copies between account_start_copy and account_end_copy
 * @param peakCopiesInFlight most copies in flight at once so far
 * @param throttleWaiters    threads waiting in the COW throttle now
 * @param parkedCompletions  finished copies waiting for a predecessor in the in-order stage
 * @param trackedBios        snapshot reads and passdown discards in flight on the origin
 * @param copierJobs         copier jobs not yet called back
 * @param peakCopierJobs     most copier jobs at once so far
 * @param tableEvents        table events raised (invalidation)
 * @param lockWaits          lock acquisitions that had to wait for another holder: the snapshot
 *                           mutex (GLOBAL locking) or the state and bucket locks (FINE); how much
 *                           the snapshot's locking serialises its I/O
 */
public record SnapshotStats(String name, boolean valid, boolean active, boolean overflowed, int chunkSize,
                            long pendingExceptions, long copiesInFlight, long peakCopiesInFlight, int throttleWaiters,
                            int parkedCompletions, int trackedBios, long copierJobs, long peakCopierJobs,
                            long tableEvents, long lockWaits)
{
}
