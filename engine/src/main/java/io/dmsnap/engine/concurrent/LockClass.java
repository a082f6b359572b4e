package io.dmsnap.engine.concurrent;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A class of locks in the sense of the kernel's lockdep: every lock that plays the same part (the
 * {@code _origins_lock} of every {@code DeviceMapper}, the state lock of every snapshot) shares one
 * class, and the lock order is an order between classes. Declared once, as a constant next to the
 * lock it names; identity is the object, the name is for reports.
 *
 * <p>Immutable; any thread.
 */
public final class LockClass
{
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    private final String name;
    private final int id;

    private LockClass(final String name)
    {
        this.name = name;
        this.id = NEXT_ID.getAndIncrement();
    }

    /** A new lock class; call once per class, into a {@code static final} field. */
    public static LockClass named(final String name)
    {
        if (name == null || name.isBlank())
        {
            throw new IllegalArgumentException("a lock class needs a name");
        }
        return new LockClass(name);
    }

    public String name()
    {
        return name;
    }

    /** A small number unique in this JVM, in order of creation. */
    public int id()
    {
        return id;
    }

    @Override
    public String toString()
    {
        return name;
    }
}
