package io.dmsnap.engine.snap;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Fine-grained locking (3f1637f2): a read-write lock for the mostly-read snapshot state, taken
 * shared on every I/O path, plus the bucket locks of the complete and pending tables, always in
 * that order and released in reverse.
 */
final class FineChunkLocking implements ChunkLocking
{
    private final Snapshot s;
    private final ReentrantReadWriteLock stateLock = new ReentrantReadWriteLock();
    private final ReentrantReadWriteLock.ReadLock shared = stateLock.readLock();
    private final ReentrantReadWriteLock.WriteLock exclusive = stateLock.writeLock();

    FineChunkLocking(final Snapshot s)
    {
        this.s = s;
    }

    @Override
    public void lockChunk(final long chunk)
    {
        shared.lock();
        lockBuckets(chunk);
    }

    @Override
    public void unlockChunk(final long chunk)
    {
        unlockBuckets(chunk);
        shared.unlock();
    }

    @Override
    public void releaseStateKeepBuckets()
    {
        shared.unlock();
    }

    @Override
    public void lockBuckets(final long chunk)
    {
        s.complete.lockBucket(s.complete.bucketOf(chunk));
        s.pending.lockBucket(s.pending.bucketOf(chunk));
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
        exclusive.lock();
    }

    @Override
    public void unlockExclusive()
    {
        exclusive.unlock();
    }

    @Override
    public boolean isExclusivelyLocked()
    {
        return stateLock.isWriteLocked();
    }

    @Override
    public String describe()
    {
        return "FINE state lock: readers=" + stateLock.getReadLockCount() + " writeLocked=" + stateLock.isWriteLocked()
            + " queued=" + stateLock.getQueueLength();
    }
}
