package io.dmsnap.engine.exception;

/**
 * The segments of a complete table laid out for the cache ({@link OpenAddressCompleteTable},
 * {@link CuckooCompleteTable}) and their locks: min(buckets, {@value #MAX_SEGMENTS}) segments, the
 * segment of a chunk chosen by a full 64-bit mix of its 256-chunk group, so that every chunk a run
 * may cover has one segment and one lock. Each lock is a bit spin lock in a {@link BucketWords}
 * word whose other bits hold the segment's record count; it is also the bucket lock of
 * {@link CompleteTable} ({@link #of} is below both the segment count and the sized bucket count).
 *
 * <p>Thread safety: {@link #lock}/{@link #unlock} from any thread; {@link #records} and
 * {@link #setRecords} only by the holder of the segment's lock (ordering as in {@link BucketWords}).
 */
final class GroupSegments
{
    /** Most segments: 4096 locks are plenty for two to sixteen threads, and each segment is a buffer of its own. */
    static final int MAX_SEGMENTS = 4096;
    private static final int GROUP_SHIFT = 8;

    private final int sizedBuckets;
    private final int mask;
    private final BucketWords locks;

    /** Segments for a table sized for {@code buckets} kernel buckets (a power of two, at least 2). */
    GroupSegments(final int buckets)
    {
        OffHeapCompleteTable.checkBuckets(buckets);
        this.sizedBuckets = buckets;
        final int count = Math.min(buckets, MAX_SEGMENTS);
        this.mask = count - 1;
        this.locks = new BucketWords(count, CompleteTable.BUCKET_LOCK);
    }

    /** Stafford's 64-bit finaliser (mix 13): every input bit reaches every output bit. */
    static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The hash size the table was sized with ({@code init_hash_tables}). */
    int sizedBuckets()
    {
        return sizedBuckets;
    }

    int count()
    {
        return mask + 1;
    }

    /** Segment of chunk {@code chunk}: the same for the 256 chunks of its group. */
    int of(final long chunk)
    {
        return (int) mix(chunk >>> GROUP_SHIFT) & mask;
    }

    boolean lock(final int segment)
    {
        return locks.lock(segment);
    }

    void unlock(final int segment)
    {
        locks.unlock(segment);
    }

    /** Records in the segment; its lock held. */
    long records(final int segment)
    {
        return locks.head(segment);
    }

    void setRecords(final int segment, final long records)
    {
        locks.setHead(segment, records);
    }

    /** Bytes of the lock words. */
    long bytes()
    {
        return locks.bytes();
    }

    void close()
    {
        locks.close();
    }
}
