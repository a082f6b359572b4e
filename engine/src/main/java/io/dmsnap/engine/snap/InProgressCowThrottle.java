package io.dmsnap.engine.snap;


/**
 * The b2155578 throttle: a count of copies in progress and a wait queue. Starting a copy never
 * blocks; writers wait before they take any snapshot lock, and a writer on the origin path
 * releases {@code _origins_lock} before it sleeps, so no lock is ever held while waiting.
 *
 * <p>The limit is soft: the check and the increment are not one atomic step, and one origin write
 * may start a copy per snapshot after passing the checks.
 *
 * <p>Synchronisation: {@code inProgress} is written only under this object's monitor (the
 * kernel's wait-queue lock) and read without it on the fast path. The fast path may see a stale
 * value: a writer that sees "below" proceeds (the limit is soft anyway); a writer that sees
 * "above" re-checks under the monitor before it sleeps. A wake-up cannot be lost: the waiter
 * re-checks and registers under the monitor, and the decrement-and-notify happens under it too.
 * A threshold of 0 makes writers wait whenever any copy of the snapshot is in flight.
 */
final class InProgressCowThrottle extends CowThrottle
{
    private final long threshold;
    private volatile long inProgress;   // written under the monitor; volatile for the lock-free fast path
    private int waiters;                // guarded by the monitor

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
        if (inProgress <= threshold)
        {
            return false;
        }
        synchronized (this)
        {
            if (inProgress <= threshold)
            {
                return false;
            }
            waiters++;
            if (unlockOrigins != null)
            {
                unlockOrigins.run();   // never sleep holding _origins_lock (b2155578)
            }
            try
            {
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
    public void accountStartCopy()
    {
        synchronized (this)
        {
            inProgress++;
        }
        super.accountStartCopy();
    }

    @Override
    public void accountEndCopy()
    {
        super.accountEndCopy();
        synchronized (this)
        {
            if (inProgress == 0)
            {
                throw new IllegalStateException("COW throttle: end of a copy that was never started");
            }
            inProgress--;
            if (inProgress <= threshold && waiters > 0)
            {
                notifyAll();   // non-exclusive waiters: wake them all, each re-checks
            }
        }
    }

    long inProgress()
    {
        return inProgress;
    }

    @Override
    public synchronized int waiters()
    {
        return waiters;
    }

    @Override
    public String describe()
    {
        return "throttle IN_PROGRESS threshold=" + threshold + " inProgress=" + inProgress + " waiters=" + waiters()
            + " peak=" + peakInFlight();
    }
}
