package io.dmsnap.engine.snap;

import java.util.concurrent.Semaphore;

/**
 * The 721b1d98 throttle: a counting semaphore of {@code cow_threshold} permits ({@code <= 0}
 * means unlimited), acquired in {@link #accountStartCopy()} by whoever starts the copy, with
 * whatever locks it holds. On the origin write path that is {@code _origins_lock} held for
 * reading, which is what makes the b2155578 deadlock possible (the 721b1d98 semaphore); the engine keeps it
 * that way on purpose so the stress scenario can show it.
 *
 * <p>The number of permits is the module's {@code cow_threshold} when the snapshot is constructed
 * ({@code sema_init} in {@code snapshot_ctr}); changing the parameter later does not resize the
 * semaphores of existing snapshots, only those of snapshots constructed afterwards.
 */
final class SemaphoreCowThrottle extends CowThrottle
{
    private final int permits;
    private final Semaphore semaphore;

    SemaphoreCowThrottle(final int threshold)
    {
        this.permits = threshold <= 0 ? Integer.MAX_VALUE : threshold;
        this.semaphore = new Semaphore(permits);
    }

    @Override
    public boolean waitsBeforeLocking()
    {
        return false;
    }

    @Override
    public void accountStartCopy()
    {
        semaphore.acquireUninterruptibly();
        super.accountStartCopy();
    }

    @Override
    public void accountEndCopy()
    {
        super.accountEndCopy();
        semaphore.release();
    }

    @Override
    public int waiters()
    {
        return semaphore.getQueueLength();
    }

    @Override
    public long limit()
    {
        return permits == Integer.MAX_VALUE ? -1 : permits;
    }

    @Override
    public String describe()
    {
        return "throttle SEMAPHORE permits=" + permits + " available=" + semaphore.availablePermits() + " waiters="
            + semaphore.getQueueLength() + " inFlight=" + inFlight() + " peak=" + peakInFlight();
    }
}
