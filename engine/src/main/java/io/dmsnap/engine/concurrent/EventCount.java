package io.dmsnap.engine.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count of events that many threads advance and a few wait to see move: the kernel's
 * {@code _pending_exceptions_done_count} with its wait queue {@code _pending_exceptions_done}
 * (every {@code pending_complete} counts one; a merge waits until the count differs from what it
 * saw). Advancing is one atomic add and a volatile read; the monitor is taken, and
 * {@code notifyAll} called, only while a waiter is registered, so the hot path (every
 * copy-on-write completion, on every copier thread) never meets a lock.
 *
 * <p>Memory ordering, and why no wake-up is lost (the Dekker pattern, as in Agrona's
 * {@code DekkerTests}):
 * <ul>
 *   <li>a waiter, holding this object's monitor, increments {@code waiters} (volatile
 *       read-modify-write), then reads {@code count} (volatile read); while the count is still the
 *       one it saw it {@code wait()}s, which releases the monitor; it decrements {@code waiters}
 *       under the monitor when it leaves;</li>
 *   <li>an advancer increments {@code count} (volatile read-modify-write), then reads
 *       {@code waiters} (volatile read); when it is non-zero it takes the monitor and
 *       {@code notifyAll()}s.</li>
 * </ul>
 * Volatile accesses are sequentially consistent, so either the waiter reads the advanced count and
 * does not sleep, or the advancer reads the registration and notifies. The notify needs the
 * monitor, which the waiter holds from its registration until {@code wait()} has released it, so
 * it cannot come between the waiter's check and its sleep.
 *
 * <p>Progress: {@link #advance} is wait-free while nobody waits (lock-free atomic add, one read),
 * and blocks only for the monitor while a waiter is registered. {@link #await} blocks until the
 * count moves or the thread is interrupted.
 *
 * <p>Thread safety: every method from any thread.
 */
public final class EventCount
{
    private static final VarHandle COUNT;
    private static final VarHandle WAITERS;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            COUNT = lookup.findVarHandle(EventCount.class, "count", long.class);
            WAITERS = lookup.findVarHandle(EventCount.class, "waiters", int.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LockClass monitorClass;
    @SuppressWarnings("unused")   // accessed through COUNT
    private volatile long count;
    /** Registered waiters; changed only under this object's monitor, read by advancers without it. */
    @SuppressWarnings("unused")   // accessed through WAITERS
    private volatile int waiters;

    /** @param monitorClass the lock class of this object's monitor, for the lock-order checker */
    public EventCount(final LockClass monitorClass)
    {
        this.monitorClass = monitorClass;
    }

    /** Count one event and wake every waiter, if any is registered. Any thread; never allocates. */
    public void advance()
    {
        COUNT.getAndAdd(this, 1L);                  // volatile RMW: the first access of the Dekker pair
        if ((int) WAITERS.getVolatile(this) != 0)   // volatile read after it (see the class comment)
        {
            LockDep.acquire(monitorClass);
            synchronized (this)
            {
                notifyAll();
            }
            LockDep.release(monitorClass);
        }
    }

    /** The count now (volatile read). */
    public long get()
    {
        return (long) COUNT.getVolatile(this);
    }

    /** Registered waiters now (volatile read): for tests and watchdog dumps. */
    public int waiters()
    {
        return (int) WAITERS.getVolatile(this);
    }

    /**
     * Block until the count differs from {@code seen}; returns the count then.
     *
     * @throws InterruptedException when interrupted while waiting (the registration is undone)
     */
    public long await(final long seen) throws InterruptedException
    {
        long now = get();
        if (now != seen)
        {
            return now;
        }
        LockDep.acquire(monitorClass);
        try
        {
            synchronized (this)
            {
                WAITERS.getAndAdd(this, 1);   // volatile RMW under the monitor: the registration
                try
                {
                    while ((now = get()) == seen)   // volatile re-check after registering
                    {
                        wait();
                    }
                    return now;
                }
                finally
                {
                    WAITERS.getAndAdd(this, -1);
                }
            }
        }
        finally
        {
            LockDep.release(monitorClass);
        }
    }

    @Override
    public String toString()
    {
        return "count=" + get() + " waiters=" + waiters();
    }
}
