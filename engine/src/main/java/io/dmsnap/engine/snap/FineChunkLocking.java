package io.dmsnap.engine.snap;

import io.dmsnap.engine.concurrent.RwSemaphore;

import java.util.concurrent.atomic.LongAdder;

/**
 * Fine-grained locking (3f1637f2): a read-write semaphore for the mostly-read snapshot state,
 * taken shared on every I/O path, plus the bucket locks of the complete and pending tables, always in
 * that order and released in reverse.
 */
final class FineChunkLocking implements ChunkLocking
{
    private final Snapshot s;
    /** {@code s->lock}; an rw_semaphore model that allocates nothing per acquisition. */
    private final RwSemaphore stateLock = new RwSemaphore(STATE_LOCK);
    /** Acquisitions that found their lock held; incremented by the waiting thread, any thread. */
    private final LongAdder lockWaits = new LongAdder();

    FineChunkLocking(final Snapshot s)
    {
        this.s = s;
    }

    @Override
    public void lockChunk(final long chunk)
    {
        if (!stateLock.tryReadLock())
        {
            lockWaits.increment();   // counted before queueing, so a stuck reader shows in dumps
            stateLock.readLock();
        }
        lockBuckets(chunk);
    }

    @Override
    public void unlockChunk(final long chunk)
    {
        unlockBuckets(chunk);
        stateLock.readUnlock();
    }

    @Override
    public void releaseStateKeepBuckets()
    {
        stateLock.readUnlock();
    }

    @Override
    public void lockBuckets(final long chunk)
    {
        if (s.complete.lockBucket(s.complete.bucketOf(chunk)))
        {
            lockWaits.increment();
        }
        if (s.pending.lockBucket(s.pending.bucketOf(chunk)))
        {
            lockWaits.increment();
        }
    }

    @Override
    public void unlockBuckets(final long chunk)
    {
        s.pending.unlockBucket(s.pending.bucketOf(chunk));
        s.complete.unlockBucket(s.complete.bucketOf(chunk));
    }

    @Override
    public void lockExclusive()
    {
        if (!stateLock.tryWriteLock())
        {
            lockWaits.increment();
            stateLock.writeLock();
        }
    }

    @Override
    public long lockWaits()
    {
        return lockWaits.sum();
    }

    @Override
    public void unlockExclusive()
    {
        stateLock.writeUnlock();
    }

    @Override
    public boolean isExclusivelyLocked()
    {
        return stateLock.isWriteLocked();
    }

    @Override
    public String describe()
    {
        return "FINE state lock: " + stateLock.describe();
    }
}
