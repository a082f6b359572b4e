package io.dmsnap.engine.concurrent;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One non-reentrant spin lock per bucket for the on-heap tables, kept apart from the bucket heads
 * (the two-pointer list heads of the old kernel had no lock bit). Each table owns its own array,
 * so the complete-then-pending lock order is never broken by shared stripes.
 *
 * <p>0 = free, 1 = held. Taking a lock is an acquiring CAS; releasing it is a release store, so
 * what a holder wrote under the lock happens-before what the next holder reads. Waiters follow
 * {@link SpinWait}. All locks of one array share one {@link LockClass} for {@link LockDep}.
 *
 * <p>Thread safety: any thread; only a lock's holder unlocks it.
 */
public final class SpinLockArray
{
    private final AtomicIntegerArray locks;
    private final LockClass lockClass;

    /** @param lockClass the class of every lock of the array, for {@link LockDep} */
    public SpinLockArray(final int count, final LockClass lockClass)
    {
        this.locks = new AtomicIntegerArray(count);
        this.lockClass = lockClass;
    }

    /** Spin until lock {@code i} is ours. Any thread. Returns whether it had to wait for a holder. */
    public boolean lock(final int i)
    {
        LockDep.acquire(lockClass);
        // Acquire on success: pairs with the release in unlock().
        boolean waited = false;
        while (locks.compareAndExchangeAcquire(i, 0, 1) != 0)
        {
            waited = true;
            // Opaque: re-read each round without ordering; the CAS above orders once it wins.
            int round = 0;
            while (locks.getOpaque(i) != 0)
            {
                round = SpinWait.pause(round);   // yields once the holder looks preempted
            }
        }
        return waited;
    }

    /** Release lock {@code i}; only its holder may call this. */
    public void unlock(final int i)
    {
        locks.setRelease(i, 0);
        LockDep.release(lockClass);
    }

    /** Racy snapshot for tests and assertions. */
    public boolean isLocked(final int i)
    {
        return locks.getOpaque(i) != 0;
    }

    public long bytes()
    {
        return 16L + (long) locks.length() * Integer.BYTES;
    }
}
