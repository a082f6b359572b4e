package io.dmsnap.engine.snap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A tiny non-reentrant test-and-test-and-set spin lock, the model of a kernel {@code spinlock_t}
 * ({@code pe_allocation_lock}, {@code tracked_chunk_lock}). Held for a handful of instructions
 * only; nothing may block while holding it.
 *
 * <p>Ordering: {@link #lock} is a CAS with acquire semantics (nothing inside the critical section
 * moves above it), {@link #unlock} a release store (nothing inside moves below it), so every write
 * made under the lock is visible to the next holder.
 */
final class SpinLock
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

    @SuppressWarnings("unused")   // accessed through STATE
    private int state;

    void lock()
    {
        while (!STATE.compareAndExchangeAcquire(this, 0, 1).equals(0))
        {
            // Spin on a plain-opaque read until the holder releases; avoids hammering the line with CAS.
            while ((int) STATE.getOpaque(this) != 0)
            {
                Thread.onSpinWait();
            }
        }
    }

    void unlock()
    {
        STATE.setRelease(this, 0);
    }
}
