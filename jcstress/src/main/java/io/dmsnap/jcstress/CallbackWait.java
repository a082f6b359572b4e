package io.dmsnap.jcstress;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The arbiters' bounded wait for callbacks that run on the copier's threads: a callback that is
 * lost must show as a forbidden outcome, not hang the harness.
 */
final class CallbackWait
{
    /** How long an arbiter waits for its callbacks before it reports them as never called. */
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private CallbackWait()
    {
    }

    /**
     * Wait until {@code done} reaches {@code count} or the timeout passes; whether it got there.
     * Each read of {@code done} is volatile (acquire), pairing with the callbacks' volatile
     * increments after their plain writes, so a caller that sees the count sees those writes.
     */
    static boolean forCount(final AtomicInteger done, final int count)
    {
        final long deadline = System.nanoTime() + TIMEOUT_NANOS;
        int spins = 0;
        while (done.get() < count && System.nanoTime() - deadline < 0)
        {
            if (++spins < 100)
            {
                Thread.onSpinWait();
            }
            else
            {
                LockSupport.parkNanos(10_000L);
            }
        }
        return done.get() >= count;
    }
}
