package io.dmsnap.engine.snap;

/**
 * Test hooks: named points in the snapshot code where a stress scenario can pause a thread or
 * observe an interleaving ({@code afterDropBucketLockBeforeAlloc} for S06, 35bf659b; {@code beforeFreePE} for S15, 22aa66a3).
 *
 * <p>Installed per {@link io.dmsnap.engine.dm.DeviceMapper} with {@link Origins#installHooks}
 * before snapshots are constructed; a snapshot keeps the hooks it was built with in a final field
 * that is null when none are installed, so the default path pays one well-predicted null check at
 * each point and nothing else. Points sit on the copy-on-write paths only, never on the remapped
 * I/O path.
 *
 * <p>Implementations run on the engine's threads (submitters, copier threads) with the locks
 * documented at each point held; they may block only where the point says so.
 */
@FunctionalInterface
public interface SnapshotHooks
{
    /** Where a hook runs. */
    enum Point
    {
        /** A writer found no pending exception, dropped the bucket locks and is about to allocate one (no bucket lock held; may block). */
        AFTER_DROP_BUCKET_LOCK_BEFORE_ALLOC,
        /** The copier thread is about to run pending_complete for the chunk (no lock held; may block). */
        BEFORE_PENDING_COMPLETE,
        /** pending_complete is about to free the pending exception as its last action (no lock held; may block). */
        BEFORE_FREE_PE,
        /** peFree=EARLY only: the pending exception was freed and its bios are not released yet (no lock held; may block). */
        AFTER_EARLY_FREE_PE
    }

    void at(Point point, Snapshot snapshot, long chunk);
}
