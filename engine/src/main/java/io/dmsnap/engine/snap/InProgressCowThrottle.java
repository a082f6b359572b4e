package io.dmsnap.engine.snap;

/**
 * The b2155578 throttle: a count of copies in progress and a wait queue. Starting a copy never
 * blocks; writers wait before they take any snapshot lock, and a writer on the origin path
 * releases {@code _origins_lock} before it sleeps, so no lock is ever held while waiting.
 *
 * <p>The limit is soft: the check and the increment are not one atomic step, and one origin write
 * may start one copy per snapshot after passing the checks. A threshold of 0 makes writers wait
 * whenever any copy of the snapshot is in flight.
 *
 * <p>Memory ordering, and why no wake-up is lost. The count ({@code inFlight}) is an atomic
 * updated without any lock: starting and ending copies cost one atomic each, as the kernel's
 * counter under a spinlock does, and no monitor is taken on the copy path. Sleepers use this
 * object's monitor (the wait queue):
 * <ul>
 *   <li>a waiter, holding the monitor, increments {@code waiters} (volatile write), then reads the
 *       count (volatile read); above the threshold it releases {@code _origins_lock} and
 *       {@code wait()}s, which releases the monitor;</li>
 *   <li>an ender decrements the count (atomic read-modify-write), then reads {@code waiters}
 *       (volatile read); when someone waits it takes the monitor and {@code notifyAll()}s.</li>
 * </ul>
 * Volatile accesses are sequentially consistent, so either the waiter sees the decremented count
 * and does not sleep, or the ender sees the waiter and notifies; the notify needs the monitor,
 * which the waiter holds until {@code wait()} has released it, so it cannot come too early.
 */
final class InProgressCowThrottle extends CowThrottle
{
    private final long threshold;
    private volatile int waiters;   // written under the monitor; read by enders without it

    InProgressCowThrottle(final int threshold)
    {
        this.threshold = threshold & 0xFFFF_FFFFL;   // the kernel's parameter is unsigned
    }

    @Override
    public boolean waitsBeforeLocking()
    {
        return true;
    }

    @Override
    public boolean waitForInProgress(final Runnable unlockOrigins)
    {
        if (inFlight.get() <= threshold)
        {
            return false;
        }
        synchronized (this)
        {
            waiters++;   // volatile write before the re-check: pairs with the ender's read
            try
            {
                if (inFlight.get() <= threshold)
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
        if (n <= threshold && waiters > 0)
        {
            synchronized (this)
            {
                notifyAll();   // non-exclusive waiters: wake them all, each re-checks
            }
        }
    }

    long inProgress()
    {
        return inFlight.get();
    }

    @Override
    public int waiters()
    {
        return waiters;
    }

    @Override
    public String describe()
    {
        return "throttle IN_PROGRESS threshold=" + threshold + " inProgress=" + inFlight.get() + " waiters=" + waiters
            + " peak=" + peakInFlight();
    }
}
