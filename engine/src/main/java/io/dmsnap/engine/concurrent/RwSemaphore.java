package io.dmsnap.engine.concurrent;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A model of the kernel's {@code rw_semaphore}: a non-reentrant read-write lock with FIFO
 * hand-off, so that once a writer waits, new readers queue behind it (writer preference as far as
 * the kernel's {@code _origins_lock} needs it: the b2155578 deadlock depends on exactly that).
 *
 * <p>Why not {@link java.util.concurrent.locks.ReentrantReadWriteLock}: it counts read holds per
 * thread and drops the counter when a thread's count returns to zero, so with two threads taking
 * the read lock in turn every acquisition allocates a hold counter. This lock keeps no per-thread
 * state: the uncontended paths are one CAS each and allocate nothing. (StampedLock allocates
 * nothing either, but lets a new reader in while a writer waits.)
 *
 * <p>State: {@code -1} write-locked, {@code n >= 0} the number of readers. Acquisition checks
 * {@code hasQueuedPredecessors()} first, so nobody barges past a queued thread; AQS's shared
 * propagation wakes consecutive queued readers together when a writer releases. Releases are not
 * checked against the owner, like {@code up_read}/{@code up_write}: unlocking a lock one does not
 * hold is the caller's bug.
 *
 * <p>Each semaphore names its {@link LockClass} for the lock-order checker ({@link LockDep}; free
 * when off). Thread safety: any thread.
 */
public final class RwSemaphore
{
    private final Sync sync = new Sync();
    private final LockClass lockClass;

    /** @param lockClass the class of this semaphore (both sides), for {@link LockDep} */
    public RwSemaphore(final LockClass lockClass)
    {
        this.lockClass = lockClass;
    }

    public void readLock()
    {
        LockDep.acquire(lockClass);
        sync.acquireShared(1);
    }

    /** Take the lock shared if no writer holds it and nobody queues for it now. */
    public boolean tryReadLock()
    {
        if (sync.tryAcquireShared(1) >= 0)
        {
            LockDep.acquire(lockClass);   // the fast path of a blocking acquisition: it orders as one
            return true;
        }
        return false;
    }

    public void readUnlock()
    {
        sync.releaseShared(1);
        LockDep.release(lockClass);
    }

    public void writeLock()
    {
        LockDep.acquire(lockClass);
        sync.acquire(1);
    }

    public void writeUnlock()
    {
        sync.release(1);
        LockDep.release(lockClass);
    }

    /** Take the write lock if it is free and nobody queues for it now. */
    public boolean tryWriteLock()
    {
        if (sync.tryAcquire(1))
        {
            LockDep.acquire(lockClass);   // the fast path of a blocking acquisition: it orders as one
            return true;
        }
        return false;
    }

    public boolean isWriteLocked()
    {
        return sync.state() < 0;
    }

    public int readers()
    {
        return Math.max(0, sync.state());
    }

    public int queueLength()
    {
        return sync.getQueueLength();
    }

    /** "readers=2 writer=none queued=1" or "writer=<thread>": for watchdog dumps. */
    public String describe()
    {
        final Thread owner = sync.owner();
        return "readers=" + readers() + " writer=" + (isWriteLocked() ? (owner == null ? "?" : owner.getName()) : "none")
            + " queued=" + queueLength();
    }

    private static final class Sync extends AbstractQueuedSynchronizer
    {
        private static final long serialVersionUID = 1L;

        int state()
        {
            return getState();
        }

        Thread owner()
        {
            return getExclusiveOwnerThread();
        }

        @Override
        protected int tryAcquireShared(final int unused)
        {
            while (true)
            {
                if (hasQueuedPredecessors())
                {
                    return -1;   // a writer (or an earlier reader) waits: queue behind it
                }
                final int c = getState();
                if (c < 0)
                {
                    return -1;
                }
                if (compareAndSetState(c, c + 1))
                {
                    return 1;
                }
            }
        }

        @Override
        protected boolean tryReleaseShared(final int unused)
        {
            while (true)
            {
                final int c = getState();
                if (c <= 0)
                {
                    throw new IllegalMonitorStateException("read unlock of a lock with no readers");
                }
                if (compareAndSetState(c, c - 1))
                {
                    return c == 1;   // the last reader lets a queued writer in
                }
            }
        }

        @Override
        protected boolean tryAcquire(final int unused)
        {
            if (!hasQueuedPredecessors() && compareAndSetState(0, -1))
            {
                setExclusiveOwnerThread(Thread.currentThread());
                return true;
            }
            return false;
        }

        @Override
        protected boolean tryRelease(final int unused)
        {
            if (getState() != -1)
            {
                throw new IllegalMonitorStateException("write unlock of a lock that is not write-locked");
            }
            setExclusiveOwnerThread(null);
            setState(0);   // volatile write: publishes the critical section to the next holder
            return true;
        }

        @Override
        protected boolean isHeldExclusively()
        {
            return getState() == -1 && getExclusiveOwnerThread() == Thread.currentThread();
        }
    }
}
