package io.dmsnap.engine.snap;

/**
 * A point-in-time view of one snapshot's counters and state, for tools, tests and watchdog dumps.
 *
 * @param pendingExceptions  pending exceptions allocated and not yet freed
 * @param copiesInFlight     copies between account_start_copy and account_end_copy
 * @param peakCopiesInFlight most copies in flight at once so far
 * @param throttleWaiters    threads waiting in the COW throttle now
 * @param cowLimit           copies in flight the throttle lets writers start above, now: the live
 *                           {@code cow_threshold} (IN_PROGRESS), the permits fixed when the snapshot was
 *                           constructed (SEMAPHORE), or -1 for no limit (NONE)
 * @param parkedCompletions  finished copies waiting for a predecessor in the in-order stage
 * @param trackedBios        snapshot reads and passdown discards in flight on the origin
 * @param copierJobs         copier jobs not yet called back
 * @param peakCopierJobs     most copier jobs at once so far
 * @param copierBytes        memory the kernel's copier would hold for this snapshot's client now: its
 *                           reserves, a job object per job in flight, the pages of its running copies
 *                           (the module-wide figures, with peak and mean, are in
 *                           {@code SnapshotParameters.copierMemoryStats()})
 * @param tableEvents        table events raised (invalidation)
 * @param lockWaits          lock acquisitions that had to wait for another holder: the snapshot
 *                           mutex (GLOBAL locking) or the state and bucket locks (FINE); how much
 *                           the snapshot's locking serialises its I/O
 * @param submitterCopies    copies a submitter ran itself on an idle copier, with their completion
 *                           (copyCompletion=SUBMITTER_WHEN_IDLE; always 0 otherwise)
 */
public record SnapshotStats(String name, boolean valid, boolean active, boolean overflowed, int chunkSize,
                            long pendingExceptions, long copiesInFlight, long peakCopiesInFlight, int throttleWaiters,
                            long cowLimit, int parkedCompletions, int trackedBios, long copierJobs,
                            long peakCopierJobs, long copierBytes, long tableEvents, long lockWaits,
                            long submitterCopies)
{
}
