package io.dmsnap.engine.exception;

/**
 * The part of a complete table laid out for the cache that is its segments and their locks
 * ({@link GroupSegments}): the bucket lock of {@link CompleteTable} is the lock of the chunk's
 * segment. Subclasses keep their records per segment and touch a segment's records only under its
 * lock.
 */
abstract class SegmentedCompleteTable implements CompleteTable
{
    /** The segments; subclasses read and set a segment's record count through it, its lock held. */
    final GroupSegments segments;

    /** Segments for a table sized for {@code buckets} kernel buckets (a power of two, at least 2). */
    SegmentedCompleteTable(final int buckets)
    {
        this.segments = new GroupSegments(buckets);
    }

    @Override
    public final int buckets()
    {
        return segments.sizedBuckets();
    }

    /** Number of segments, i.e. of bucket locks; {@link #bucketOf} is below it. */
    public final int segmentCount()
    {
        return segments.count();
    }

    @Override
    public final int bucketOf(final long chunk)
    {
        return segments.of(chunk);
    }

    @Override
    public final boolean lockBucket(final int bucket)
    {
        return segments.lock(bucket);
    }

    @Override
    public final void unlockBucket(final int bucket)
    {
        segments.unlock(bucket);
    }
}
