package io.dmsnap.engine.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A tiny non-reentrant test-and-test-and-set spin lock, the model of a kernel {@code spinlock_t}
 * ({@code pe_allocation_lock}, {@code tracked_chunk_lock}). Held for a handful of instructions
 * only; nothing may block while holding it. Waiters follow {@link SpinWait}: a Java holder can be
 * preempted, a kernel one cannot.
 *
 * <p>Ordering: {@link #lock} is a CAS with acquire semantics (nothing inside the critical section
 * moves above it), {@link #unlock} a release store (nothing inside moves below it), so every write
 * made under the lock is visible to the next holder.
 *
 * <p>Each lock names its {@link LockClass} for the lock-order checker ({@link LockDep}; free
 * when off). Thread safety: any thread; only the holder unlocks.
 */
public final class SpinLock
{
    private static final VarHandle STATE;

    static
    {
        try
        {
            STATE = MethodHandles.lookup().findVarHandle(SpinLock.class, "state", int.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LockClass lockClass;
    @SuppressWarnings("unused")   // accessed through STATE
    private int state;

    /** @param lockClass the class of this lock for {@link LockDep} */
    public SpinLock(final LockClass lockClass)
    {
        this.lockClass = lockClass;
    }

    public void lock()
    {
        LockDep.acquire(lockClass);
        // The (int) cast makes the call site's type match the access mode's exact type
        // (SpinLock,int,int)int, so the JIT links it directly; without it the result is an Object
        // and every acquisition goes through a boxing adapter.
        while ((int) STATE.compareAndExchangeAcquire(this, 0, 1) != 0)
        {
            // Watch with opaque reads until the holder releases; avoids hammering the line with CAS.
            int round = 0;
            while ((int) STATE.getOpaque(this) != 0)
            {
                round = SpinWait.pause(round);   // yields once the holder looks preempted
            }
        }
    }

    public void unlock()
    {
        STATE.setRelease(this, 0);
        LockDep.release(lockClass);
    }
}
