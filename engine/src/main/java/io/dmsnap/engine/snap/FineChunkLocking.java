package io.dmsnap.engine.snap;

/**
 * Fine-grained locking (3f1637f2): a read-write semaphore for the mostly-read snapshot state,
 * taken shared on every I/O path, plus the bucket locks of the complete and pending tables, always in
 * that order and released in reverse.
 */
final class FineChunkLocking implements ChunkLocking
{
    private final Snapshot s;
    /** {@code s->lock}; an rw_semaphore model that allocates nothing per acquisition. */
    private final RwSemaphore stateLock = new RwSemaphore();

    FineChunkLocking(final Snapshot s)
    {
        this.s = s;
    }

    @Override
    public void lockChunk(final long chunk)
    {
        stateLock.readLock();
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
        stateLock.writeLock();
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
