package io.dmsnap.engine.dm;

import java.time.Duration;

/**
 * A mapped device's event number ({@code md->event_nr}) and its waiters ({@code md->eventq}).
 * A target raises an event with {@link DmTarget#tableEvent()} ({@code dm_table_event}: the
 * snapshot target on invalidation); {@code dmsetup wait} and dmeventd wait for the number to
 * differ from the one they last saw ({@code DM_DEV_WAIT}), so an event raised before the wait
 * began is not missed.
 *
 * <p>The number and the wait are guarded by this object's monitor, a leaf lock: it may be taken
 * under any other lock (a snapshot raises its event under its state lock, as the kernel does) and
 * nothing is called while it is held. Any thread may raise, read or wait.
 */
public final class DmEvents
{
    private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE / 4);

    private long eventNr;   // guarded by this

    /** Count one event and wake every waiter ({@code dm_table_event} through the device's event callback). */
    public synchronized void raise()
    {
        eventNr++;
        notifyAll();
    }

    /** The current event number; 0 until the first event. */
    public synchronized long eventNr()
    {
        return eventNr;
    }

    /**
     * Wait until the event number differs from {@code lastEventNr} or {@code timeout} passes
     * ({@code DM_DEV_WAIT} with a timeout). Returns the event number then: the same as
     * {@code lastEventNr} only when the wait timed out. A stale {@code lastEventNr} returns at once.
     *
     * @throws IllegalArgumentException when the timeout is negative
     * @throws InterruptedException     when the waiting thread is interrupted
     */
    public long await(final long lastEventNr, final Duration timeout) throws InterruptedException
    {
        if (timeout.isNegative())
        {
            throw new IllegalArgumentException("wait timeout must be >= 0, got " + timeout);
        }
        // A timeout beyond ~73 years waits "for ever": it cannot overflow the deadline arithmetic.
        final long nanos = timeout.compareTo(FOREVER) >= 0 ? FOREVER.toNanos() : timeout.toNanos();
        final long deadline = System.nanoTime() + nanos;
        synchronized (this)
        {
            while (eventNr == lastEventNr)
            {
                final long left = deadline - System.nanoTime();
                if (left <= 0)
                {
                    break;
                }
                final long millis = left / 1_000_000L;
                wait(millis, (int) (left - millis * 1_000_000L));
            }
            return eventNr;
        }
    }
}
