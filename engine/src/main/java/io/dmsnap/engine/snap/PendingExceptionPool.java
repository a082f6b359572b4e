package io.dmsnap.engine.snap;

import io.dmsnap.engine.concurrent.LockClass;
import io.dmsnap.engine.concurrent.LockDep;
import io.dmsnap.engine.concurrent.SpinLock;
import io.dmsnap.engine.exception.PendingTable;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-snapshot pool of pending exceptions ({@code pending_pool}, a mempool with 256 reserved
 * objects). Allocation happens in submitter threads (with the snapshot lock held shared, bucket
 * locks dropped), frees mostly in the copier thread. The free list is a small lock-protected
 * stack: pushes and pops are a few instructions, and the pool grows without limit when empty, so
 * steady state allocates nothing while a burst still never fails.
 *
 * <p>{@link #outstanding()} is {@code pending_exceptions_count}: incremented by every allocation,
 * decremented by every free; the destructor waits for it to reach 0, so a free must be the last
 * action that touches the snapshot (22aa66a3).
 */
final class PendingExceptionPool
{
    static final int RESERVED = 256;
    /** The free list's spin lock: a leaf. */
    static final LockClass POOL_LOCK = LockClass.named("pending pool lock");
    /** This pool's monitor, the slow path that grows the pool; holds the pending table's registry lock inside. */
    static final LockClass POOL_MONITOR = LockClass.named("pending pool grow monitor");

    private final Snapshot snap;
    private final PendingTable table;
    private final SpinLock lock = new SpinLock(POOL_LOCK);
    private final AtomicLong outstanding = new AtomicLong();
    private PendingException free;   // guarded by lock
    private long created;            // written in the constructor and under this pool's monitor; a statistic
    /** Every object this pool made, for dumps; replaced (never mutated in place) under this pool's monitor. */
    private volatile PendingException[] all = new PendingException[0];

    PendingExceptionPool(final Snapshot snap, final PendingTable table)
    {
        this.snap = snap;
        this.table = table;
        for (int i = 0; i < RESERVED; i++)
        {
            push(newObject());
        }
    }

    private PendingException newObject()
    {
        final PendingException pe = new PendingException(snap);
        table.register(pe);
        created++;
        final PendingException[] grown = Arrays.copyOf(all, all.length + 1);
        grown[grown.length - 1] = pe;
        all = grown;   // volatile write: a dump reading the array sees every element written before
        return pe;
    }

    private void push(final PendingException pe)
    {
        pe.inUse = false;
        pe.poolNext = free;
        free = pe;
    }

    /** Take a pending exception; never fails (grows the pool). Must not be called under a bucket lock. */
    PendingException alloc()
    {
        PendingException pe;
        lock.lock();
        pe = free;
        if (pe != null)
        {
            free = pe.poolNext;
            pe.poolNext = null;
            pe.inUse = true;
        }
        lock.unlock();
        if (pe == null)
        {
            LockDep.acquire(POOL_MONITOR);
            synchronized (this)   // registration may grow the table's registry; serialise the slow path
            {
                pe = newObject();
                pe.inUse = true;
            }
            LockDep.release(POOL_MONITOR);
        }
        outstanding.incrementAndGet();
        return pe;
    }

    /** Return a pending exception; afterwards the caller must not touch it or the snapshot. */
    void free(final PendingException pe)
    {
        lock.lock();
        push(pe);
        lock.unlock();
        outstanding.decrementAndGet();   // last: the destructor may proceed once this reaches 0
    }

    /**
     * The objects taken and not given back now, described for a watchdog dump (at most
     * {@code limit}). Reads {@code inUse} and the fields without any lock: a dump must not wait,
     * and a stuck exception's fields no longer change.
     */
    String describeOutstanding(final int limit)
    {
        final StringBuilder sb = new StringBuilder();
        int n = 0;
        for (final PendingException pe : all)
        {
            if (pe.inUse && n++ < limit)
            {
                sb.append(' ').append(pe.describe());
            }
        }
        return sb.toString();
    }

    long outstanding()
    {
        return outstanding.get();
    }

    long created()
    {
        return created;
    }
}
