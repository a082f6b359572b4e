package io.dmsnap.engine.snap;

import io.dmsnap.engine.concurrent.LockDep;

import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The old scheme (before 3f1637f2, a mutex since ae1093be): one exclusive lock per snapshot for
 * every table access, submission, completion and state change. Bucket locks are not used: the
 * mutex covers both tables.
 */
final class GlobalChunkLocking implements ChunkLocking
{
    private final ReentrantLock mutex = new ReentrantLock();
    /** Acquisitions that found the mutex held; incremented by the waiting thread before it queues. */
    private final LongAdder lockWaits = new LongAdder();

    /** Take the mutex, counting the acquisitions that find it held (the ones that queue). */
    private void lock()
    {
        LockDep.acquire(STATE_LOCK);
        if (!mutex.tryLock())
        {
            lockWaits.increment();
            mutex.lock();
        }
    }

    private void unlock()
    {
        mutex.unlock();
        LockDep.release(STATE_LOCK);
    }

    @Override
    public long lockWaits()
    {
        return lockWaits.sum();
    }

    @Override
    public void lockChunk(final long chunk)
    {
        lock();
    }

    @Override
    public void unlockChunk(final long chunk)
    {
        unlock();
    }

    @Override
    public void releaseStateKeepBuckets()
    {
        // The mutex is both the state lock and the table lock: it stays held.
    }

    @Override
    public void lockBuckets(final long chunk)
    {
        lock();
    }

    @Override
    public void unlockBuckets(final long chunk)
    {
        unlock();
    }

    @Override
    public void lockExclusive()
    {
        lock();
    }

    @Override
    public void unlockExclusive()
    {
        unlock();
    }

    @Override
    public boolean isExclusivelyLocked()
    {
        return mutex.isLocked();
    }

    @Override
    public String describe()
    {
        return "GLOBAL mutex: locked=" + mutex.isLocked() + " queued=" + mutex.getQueueLength();
    }
}
