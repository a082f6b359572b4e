package io.dmsnap.engine.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One owner thread that parks when it has nothing to do, and any number of threads that wake it
 * after they handed it something: the wake-up half of every "many completers, one waiter" hand-off
 * in the engine ({@link CompletionStack}, the copier's inbox, {@code SyncIo}).
 *
 * <p>Protocol. The owner, finding nothing to do, calls {@link #prepareToPark} (a volatile write of
 * {@code parked = 1}), then checks its condition again, and calls {@link #park} only if there is
 * still nothing, and {@link #parkDone} after (or instead of) parking. A waker first publishes its
 * event with a volatile write or read-modify-write (a CAS onto a stack, a queue's producer index,
 * a flag), then calls {@link #wake}, which reads {@code parked} (a volatile load) and unparks only
 * if it is 1, clearing it with a CAS so that of many wakers only one pays for the unpark. The
 * owner's write and re-check and the waker's publication and read are synchronization actions,
 * totally ordered: either the owner's re-check sees the event, or the waker sees {@code parked}
 * and unparks (a permit given before {@code park} makes it return at once). No wake-up is lost,
 * and wakers skip the unpark (8 us of their time, see {@link IdlePolicy}) while the owner runs.
 * jcstress checks the pair ({@code CompletionStackStress}).
 *
 * <p>Thread safety: {@link #bind} before the owner starts waiting (or by the owner itself);
 * {@link #prepareToPark}, {@link #park}, {@link #parkNanos}, {@link #parkDone} by the owner only;
 * {@link #wake} and {@link #unpark} by any thread. Allocation free.
 */
public final class SingleWaiter
{
    private static final VarHandle PARKED;

    static
    {
        try
        {
            PARKED = MethodHandles.lookup().findVarHandle(SingleWaiter.class, "parked", int.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The thread that parks; a volatile write in {@link #bind}, read by wakers. */
    private volatile Thread owner;
    /** 1 from {@link #prepareToPark} until {@link #parkDone} or a waker's CAS; see the class comment. */
    @SuppressWarnings("unused")   // accessed through PARKED
    private volatile int parked;

    /** The waiter of {@code owner}. */
    public SingleWaiter(final Thread owner)
    {
        this.owner = owner;
    }

    /** A waiter whose owner is set later by {@link #bind}. */
    public SingleWaiter()
    {
    }

    /** Make {@code thread} the owner (a worker pool may run one owner's work on a new thread). */
    public void bind(final Thread thread)
    {
        owner = thread;
    }

    public Thread owner()
    {
        return owner;
    }

    /** Owner: announce the park; re-check the condition after this (volatile write). */
    public void prepareToPark()
    {
        PARKED.setVolatile(this, 1);
    }

    /** Owner, after {@link #prepareToPark} and a re-check that found nothing: park until woken. */
    public void park()
    {
        LockSupport.park(this);
    }

    /** Owner, as {@link #park}, for at most {@code nanos}. */
    public void parkNanos(final long nanos)
    {
        LockSupport.parkNanos(this, nanos);
    }

    /** Owner: the park is over (woken, timed out, or not needed after all). Volatile write. */
    public void parkDone()
    {
        PARKED.setVolatile(this, 0);
    }

    /**
     * Any thread, after publishing an event with a volatile write: unpark the owner if it is parking
     * or parked. Costs one volatile load while the owner runs. Returns whether this call unparked it.
     */
    public boolean wake()
    {
        // Volatile load after the caller's volatile publication (the second half of the Dekker
        // pair); the CAS lets only one of several wakers pay for the unpark.
        if ((int) PARKED.getVolatile(this) == 1 && PARKED.compareAndSet(this, 1, 0))
        {
            LockSupport.unpark(owner);
            return true;
        }
        return false;
    }

    /** Any thread: unpark the owner whether or not it parks (close, stop requests). */
    public void unpark()
    {
        final Thread t = owner;
        if (t != null)
        {
            LockSupport.unpark(t);
        }
    }
}
