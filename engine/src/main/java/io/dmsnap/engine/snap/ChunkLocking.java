package io.dmsnap.engine.snap;

import io.dmsnap.engine.concurrent.LockClass;

/**
 * How a snapshot serialises access to its state and exception tables: the {@code locking} switch.
 * Chosen once per snapshot; the I/O paths call these primitives and never look at the switch.
 *
 * <p>The primitives in terms of the kernel's fine-grained locking (3f1637f2, {@code dm_exception_table_lock}):
 * <ul>
 *   <li>{@link #lockChunk}: snapshot lock shared, then complete bucket, then pending bucket
 *       (FINE), or the one snapshot mutex (GLOBAL).</li>
 *   <li>{@link #releaseStateKeepBuckets}: drop only the shared snapshot lock (pending_complete
 *       step 5); GLOBAL has nothing separate to drop.</li>
 *   <li>{@link #unlockBuckets}/{@link #lockBuckets}: the bucket pair (FINE) or the mutex
 *       (GLOBAL). This is also how the allocation of a pending exception drops and re-takes its
 *       locks: FINE keeps the snapshot lock shared meanwhile, GLOBAL drops everything.</li>
 *   <li>{@link #lockExclusive}: snapshot lock exclusive (state changes, status INFO).</li>
 * </ul>
 * The tables are read through the snapshot on every call, because handover swaps them (with the
 * snapshot locked exclusively and its I/O quiesced).
 */
interface ChunkLocking
{
    /** {@code s->lock}: the FINE state semaphore or the GLOBAL mutex, for the lock-order checker. */
    LockClass STATE_LOCK = LockClass.named("snapshot state lock (s->lock)");

    void lockChunk(long chunk);

    void unlockChunk(long chunk);

    void releaseStateKeepBuckets();

    void lockBuckets(long chunk);

    void unlockBuckets(long chunk);

    void lockExclusive();

    void unlockExclusive();

    /**
     * Acquisitions so far that found their lock held and had to wait: the snapshot mutex (GLOBAL),
     * or the state lock and the bucket locks (FINE). Counted on the waiting path only, so the
     * uncontended path pays nothing; read racily, for statistics.
     */
    long lockWaits();

    /** True while the calling thread or another holds the state lock exclusively (diagnostics). */
    boolean isExclusivelyLocked();

    /** A one-line description of who holds what, for watchdog dumps. */
    String describe();
}
