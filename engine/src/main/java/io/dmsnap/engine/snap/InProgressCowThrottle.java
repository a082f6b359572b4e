package io.dmsnap.engine.snap;

import io.dmsnap.engine.concurrent.LockClass;
import io.dmsnap.engine.concurrent.LockDep;

/**
 * The b2155578 throttle: a count of copies in progress and a wait queue. Starting a copy never
 * blocks; writers wait before they take any snapshot lock, and a writer on the origin path
 * releases {@code _origins_lock} before it sleeps, so no lock is ever held while waiting.
 *
 * <p>The limit is soft: the check and the increment are not one atomic step, and one origin write
 * may start one copy per snapshot after passing the checks. A threshold of 0 makes writers wait
 * whenever any copy of the snapshot is in flight (the parameter is unsigned since b2155578; 0 no
 * longer means "unlimited").
 *
 * <p>The threshold is the module's live {@link CowThreshold}, read (volatile) at each check: in
 * the fast path of a wait, again under the monitor, and at the end of each copy. A change applies
 * from the next check on; {@link CowThreshold#set} calls {@link #thresholdChanged()}, which wakes
 * the waiters when the count is within the new value.
 *
 * <p>Memory ordering, and why no wake-up is lost. The count ({@code inFlight}) is an atomic
 * updated without any lock: starting and ending copies cost one atomic each, as the kernel's
 * counter under a spinlock does, and no monitor is taken on the copy path. Sleepers use this
 * object's monitor (the wait queue):
 * <ul>
 *   <li>a waiter, holding the monitor, increments {@code waiters} (volatile write), then reads the
 *       count and the threshold (volatile reads); above the threshold it releases
 *       {@code _origins_lock} and {@code wait()}s, which releases the monitor;</li>
 *   <li>an ender decrements the count (atomic read-modify-write), then reads the threshold and
 *       {@code waiters} (volatile reads); when someone waits it takes the monitor and
 *       {@code notifyAll()}s;</li>
 *   <li>a threshold setter writes the threshold (volatile write), then reads the count and
 *       {@code waiters} (volatile reads) and notifies the same way.</li>
 * </ul>
 * Volatile accesses are sequentially consistent, so either the waiter sees the decremented count
 * (or the raised threshold) and does not sleep, or the ender (setter) sees the waiter and
 * notifies; the notify needs the monitor, which the waiter holds until {@code wait()} has
 * released it, so it cannot come too early.
 */
final class InProgressCowThrottle extends CowThrottle
{
    /** This throttle's monitor (its wait queue), for the lock-order checker. */
    static final LockClass MONITOR = LockClass.named("InProgressCowThrottle monitor");

    private final CowThreshold threshold;
    private volatile int waiters;   // written under the monitor; read by enders and setters without it

    InProgressCowThrottle(final CowThreshold threshold)
    {
        this.threshold = threshold;
        threshold.register(this);
    }

    @Override
    public boolean waitsBeforeLocking()
    {
        return true;
    }

    @Override
    public boolean waitForInProgress(final Runnable unlockOrigins)
    {
        if (inFlight.get() <= threshold.get())
        {
            return false;
        }
        LockDep.acquire(MONITOR);
        synchronized (this)
        {
            waiters++;   // volatile write before the re-check: pairs with the ender's and setter's reads
            try
            {
                if (inFlight.get() <= threshold.get())
                {
                    return false;
                }
                if (unlockOrigins != null)
                {
                    unlockOrigins.run();   // never sleep holding _origins_lock (b2155578)
                }
                wait();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            finally
            {
                waiters--;
                LockDep.release(MONITOR);
            }
        }
        return true;
    }

    @Override
    public void accountEndCopy()
    {
        final long n = inFlight.decrementAndGet();
        if (n < 0)
        {
            throw new IllegalStateException("COW throttle: end of a copy that was never started");
        }
        if (n <= threshold.get() && waiters > 0)
        {
            LockDep.acquire(MONITOR);
            synchronized (this)
            {
                notifyAll();   // non-exclusive waiters: wake them all, each re-checks
            }
            LockDep.release(MONITOR);
        }
    }

    /** The threshold changed (control thread): wake the waiters if the count is within it now. */
    void thresholdChanged()
    {
        if (waiters > 0 && inFlight.get() <= threshold.get())
        {
            LockDep.acquire(MONITOR);
            synchronized (this)
            {
                notifyAll();
            }
            LockDep.release(MONITOR);
        }
    }

    @Override
    public long limit()
    {
        return threshold.get();
    }

    @Override
    public void close()
    {
        threshold.unregister(this);
    }

    @Override
    public int waiters()
    {
        return waiters;
    }

    @Override
    public String describe()
    {
        return "throttle IN_PROGRESS threshold=" + threshold.get() + " inProgress=" + inFlight.get()
            + " waiters=" + waiters + " peak=" + peakInFlight();
    }
}
