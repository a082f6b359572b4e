package io.dmsnap.jcstress;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps a test of a blocking wait bounded: if a waiter is not woken by the event that should wake
 * it (a lost wake-up), the waker interrupts it after {@link #RESCUE_AFTER_NANOS} and the test
 * reports the rescue as an outcome instead of hanging the jcstress run. One per waiter per state.
 *
 * <p>Protocol. The waiter calls {@link #enter} before it may block and {@link #leave} as soon as
 * the wait returned; the waker calls {@link #awaitLeave} after the event. {@code phase} moves once
 * from WAITING to RETURNED (the waiter, by CAS) or to RESCUING then RESCUED (the waker, by CAS),
 * so exactly one side wins and a rescue interrupt is always consumed by the waiter it was meant
 * for: a waiter that loses the CAS spins until RESCUED (the interrupt has been delivered) and then
 * clears its interrupt status, so no interrupt leaks into the next state run on that thread.
 *
 * <p>The waker rescues only a waiter that has entered (its thread is known); one that has not got
 * there yet is merely slow, not lost. 5 s is far beyond any scheduling delay of a woken thread, so
 * a rescue means the wake-up was lost.
 */
final class WakeUpWatch
{
    static final long RESCUE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final int WAITING = 0;
    private static final int RETURNED = 1;
    private static final int RESCUING = 2;
    private static final int RESCUED = 3;

    private final AtomicInteger phase = new AtomicInteger(WAITING);
    /** The waiter's thread; volatile write in enter, read by the waker. */
    private volatile Thread waiter;

    /** Waiter thread, before the call that may block. */
    void enter()
    {
        waiter = Thread.currentThread();
    }

    /**
     * Waiter thread, right after the wait returned: true when it returned by itself, false when the
     * waker had to rescue it (its interrupt status is then cleared).
     */
    boolean leave()
    {
        if (phase.compareAndSet(WAITING, RETURNED))
        {
            return true;
        }
        while (phase.get() != RESCUED)   // volatile: the interrupt was sent before RESCUED was set
        {
            Thread.onSpinWait();
        }
        Thread.interrupted();
        return false;
    }

    /** Whether the waiter has left (racy snapshot; volatile read). Any thread. */
    boolean hasLeft()
    {
        return phase.get() != WAITING;
    }

    /**
     * Waker thread, after the event that must wake the waiter: wait until the waiter leaves; after
     * {@link #RESCUE_AFTER_NANOS}, interrupt a waiter that entered and is still there. Returns true
     * when the waiter left by itself.
     */
    boolean awaitLeave()
    {
        final long deadline = System.nanoTime() + RESCUE_AFTER_NANOS;
        int spins = 0;
        while (phase.get() == WAITING)
        {
            if (System.nanoTime() - deadline > 0 && waiter != null)
            {
                return !rescue();
            }
            if (++spins < 1000)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
        }
        return true;
    }

    /** True when this call interrupted the waiter; false when it left just before. */
    private boolean rescue()
    {
        if (!phase.compareAndSet(WAITING, RESCUING))
        {
            return false;
        }
        waiter.interrupt();
        phase.set(RESCUED);   // volatile: after the interrupt, see leave()
        return true;
    }
}
