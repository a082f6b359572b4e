package io.dmsnap.engine.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Many completers, one waiter: an intrusive lock-free stack (Treiber) that any thread pushes
 * completed requests onto and one owner thread empties, parking through a {@link SingleWaiter}
 * with the {@link IdlePolicy} when it is empty. The model of a completion queue: the null device's
 * completion thread, an fio worker and a JMH I/O window wait on one.
 *
 * <p>Memory ordering. A push writes the element's fields and its link (plain writes) and
 * publishes them with a CAS on the top (volatile: a release). {@link #takeAll} swaps the whole
 * stack out with one atomic exchange (volatile: an acquire), so its caller sees every field written
 * before each push. The list comes back newest first; push order is restored by reversing it.
 * Elements pushed after a swap go onto a new stack, so every element is taken exactly once.
 *
 * <p>Wake-up. A push onto an empty stack calls {@link SingleWaiter#wake} after its CAS; the owner
 * calls {@link SingleWaiter#prepareToPark} before its last look at the top. A push onto a non-empty
 * stack need not wake: the push that made the stack non-empty came after the owner's last look
 * (or the owner would not park) and so saw the owner's announcement and woke it.
 *
 * <p>Progress: {@link #push} is lock-free (a CAS retry loop) and never blocks; {@link #await}
 * blocks the owner. Allocation free: the link lives in the element ({@link Node}).
 *
 * <p>Thread safety: {@link #push} and {@link #takeAll} from any thread (whoever swaps the stack
 * out owns what it took); {@link #await} by the owner only ({@link #bind}).
 *
 * @param <E> the element, which carries its own link
 */
public final class CompletionStack<E extends CompletionStack.Node<E>>
{
    /** An element that carries the stack's link; the link belongs to the stack while it is pushed. */
    public interface Node<E>
    {
        E stackNext();

        void stackNext(E next);
    }

    private static final VarHandle TOP;

    static
    {
        try
        {
            TOP = MethodHandles.lookup().findVarHandle(CompletionStack.class, "top", Node.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The newest element; CAS by pushers, swapped to null by {@link #takeAll}. */
    @SuppressWarnings("unused")   // accessed through TOP
    private volatile Node<E> top;
    private final SingleWaiter waiter = new SingleWaiter();
    /** Owner only: its spin phase. */
    private final IdlePolicy idle = new IdlePolicy();

    /** Make {@code owner} the thread that awaits (before it first does, or by itself). */
    public void bind(final Thread owner)
    {
        waiter.bind(owner);
    }

    /** Any thread: hand {@code e} to the owner; wakes it if it parks. Never blocks. */
    public void push(final E e)
    {
        Node<E> t;
        do
        {
            t = (Node<E>) TOP.getVolatile(this);
            e.stackNext(cast(t));   // plain write, published by the CAS below
        }
        while (!TOP.compareAndSet(this, t, e));   // volatile CAS: the release of e's fields
        if (t == null)
        {
            waiter.wake();   // volatile read after the CAS (see the class comment)
        }
    }

    /** Any thread: everything pushed so far, newest first, or null. */
    public E takeAll()
    {
        return cast((Node<E>) TOP.getAndSet(this, (Node<E>) null));   // acquire: sees each pushed element's fields
    }

    /** Any thread: whether anything is pushed now (volatile read). */
    public boolean isEmpty()
    {
        return TOP.getVolatile(this) == null;
    }

    /**
     * Owner: everything pushed, newest first, waiting for the first push if there is none: spin for
     * {@link IdlePolicy#SPIN_NANOS}, then park for at most {@code parkNanos} ({@link Long#MAX_VALUE}
     * for no limit). Returns null when nothing came in time or the owner was unparked for another
     * reason ({@link #unparkOwner}); callers check their other conditions and call again.
     */
    public E await(final long parkNanos)
    {
        E list = takeAll();
        if (list != null)
        {
            return list;
        }
        idle.reset();
        while (idle.spin())
        {
            if (!isEmpty())   // volatile read: a cheap look before the swap
            {
                return takeAll();
            }
        }
        waiter.prepareToPark();   // volatile write before the last look (see the class comment)
        try
        {
            list = takeAll();
            if (list != null)
            {
                return list;
            }
            if (parkNanos == Long.MAX_VALUE)
            {
                waiter.park();
            }
            else
            {
                waiter.parkNanos(parkNanos);
            }
        }
        finally
        {
            waiter.parkDone();
        }
        return takeAll();
    }

    /** Any thread: unpark the owner whether or not it waits, so it sees a flag (stop, close). */
    public void unparkOwner()
    {
        waiter.unpark();
    }

    @SuppressWarnings("unchecked")
    private static <E> E cast(final Node<E> node)
    {
        return (E) node;
    }
}
