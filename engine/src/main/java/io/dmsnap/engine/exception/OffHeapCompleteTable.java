package io.dmsnap.engine.exception;

import java.nio.ByteBuffer;

/**
 * The complete table in direct memory (the kernel's table after f79ae415): one 64-bit word per
 * bucket holding a bit spin lock and the head of a list of 24-byte records in a {@link RecordSlab}.
 * Semantics follow {@code dm_insert_exception} and {@code dm_lookup_exception}; see {@link CompleteTable} for the locking contract.
 *
 * <p>Each bucket list is sorted by {@code old_chunk} and is only read or changed by the holder of
 * its bucket lock (or of the one outer lock with GLOBAL locking). Record fields are accessed
 * plainly under that lock; {@link BucketWords} documents the ordering. Record allocation may run
 * concurrently under different bucket locks; see {@link RecordSlab}. Nothing is allocated on the
 * heap per operation; the slab grows by a 1.5 MiB segment every 64 Ki records.
 */
public final class OffHeapCompleteTable implements CompleteTable
{
    private static final int HASH_SHIFT = 8;

    private final int mask;
    private final BucketWords buckets;
    private final RecordSlab slab;

    /** A table of {@code buckets} buckets (a power of two, at least 2) with records bounded only by direct memory. */
    public OffHeapCompleteTable(final int buckets)
    {
        this(buckets, RecordSlab.MAX_RECORDS);
    }

    /**
     * A table whose inserts fail (return false, as on ENOMEM) once {@code recordLimit} records are
     * held at once; for tests and for modelling a memory-starved snapshot.
     */
    public OffHeapCompleteTable(final int buckets, final int recordLimit)
    {
        checkBuckets(buckets);
        this.mask = buckets - 1;
        this.slab = new RecordSlab(recordLimit);
        this.buckets = new BucketWords(buckets, BUCKET_LOCK);
    }

    static void checkBuckets(final int buckets)
    {
        // At least 2 buckets: the hash then never maps two adjacent 256-chunk groups to one bucket,
        // which is what keeps every count at or below 255.
        if (buckets < 2 || Integer.bitCount(buckets) != 1)
        {
            throw new IllegalArgumentException("buckets must be a power of two >= 2, got " + buckets);
        }
    }

    @Override
    public int buckets()
    {
        return mask + 1;
    }

    @Override
    public int bucketOf(final long chunk)
    {
        return (int) (chunk >>> HASH_SHIFT) & mask;
    }

    @Override
    public boolean lockBucket(final int bucket)
    {
        return buckets.lock(bucket);
    }

    @Override
    public void unlockBucket(final int bucket)
    {
        buckets.unlock(bucket);
    }

    /** Whether the bucket's lock bit is set now (racy; for tests and assertions). */
    public boolean isBucketLocked(final int bucket)
    {
        return buckets.isLocked(bucket);
    }

    @Override
    public long lookup(final long chunk)
    {
        final ByteBuffer[] segs = slab.segments();
        long cursor = buckets.head(bucketOf(chunk));
        // Like dm_lookup_exception, scan the whole list and take the first record that covers the
        // chunk; no early exit at a larger old_chunk, so a miss costs what it costs in the kernel.
        while (cursor != 0)
        {
            final int record = (int) cursor - 1;
            final long old = RecordSlab.oldChunk(segs, record);
            final long packed = RecordSlab.newChunk(segs, record);
            if (chunk >= old && chunk <= old + ChunkPacking.consecutive(packed))
            {
                return ChunkPacking.chunkNumber(packed) + (chunk - old);
            }
            cursor = RecordSlab.next(segs, record);
        }
        return NOT_FOUND;
    }

    @Override
    public boolean insert(final long oldChunk, final long newChunk)
    {
        final int bucket = bucketOf(oldChunk);
        final long fresh = newChunk & ChunkPacking.CHUNK_NUMBER_MASK;
        ByteBuffer[] segs = slab.segments();
        long previous = 0;
        long cursor = buckets.head(bucket);
        while (cursor != 0)
        {
            final int record = (int) cursor - 1;
            final long old = RecordSlab.oldChunk(segs, record);
            final long packed = RecordSlab.newChunk(segs, record);
            final long number = ChunkPacking.chunkNumber(packed);
            final int count = ChunkPacking.consecutive(packed);
            if (oldChunk == old + count + 1 && fresh == number + count + 1)
            {
                RecordSlab.setNewChunk(segs, record, incrementCount(packed));   // extend at the end
                return true;
            }
            if (oldChunk == old - 1 && fresh == number - 1)
            {
                RecordSlab.setOldChunk(segs, record, oldChunk);                  // extend at the front
                RecordSlab.setNewChunk(segs, record, incrementCount(packed) - 1);
                return true;
            }
            if (oldChunk < old)
            {
                break;
            }
            previous = cursor;
            cursor = RecordSlab.next(segs, record);
        }
        final int record = slab.allocate();
        if (record < 0)
        {
            return false;
        }
        segs = slab.segments();   // the allocation may have added a segment
        RecordSlab.setOldChunk(segs, record, oldChunk);
        RecordSlab.setNewChunk(segs, record, fresh);
        RecordSlab.setNext(segs, record, cursor);
        if (previous == 0)
        {
            buckets.setHead(bucket, record + 1L);
        }
        else
        {
            RecordSlab.setNext(segs, (int) previous - 1, record + 1L);
        }
        return true;
    }

    static long incrementCount(final long packed)
    {
        if (ChunkPacking.consecutive(packed) == ChunkPacking.MAX_CONSECUTIVE)
        {
            // Unreachable while records stay inside one 256-chunk group (the kernel BUG()s here).
            throw new IllegalStateException("consecutive count would pass " + ChunkPacking.MAX_CONSECUTIVE);
        }
        return packed + ChunkPacking.ONE_CONSECUTIVE;
    }

    @Override
    public int removeChunk(final long chunk)
    {
        final int bucket = bucketOf(chunk);
        final ByteBuffer[] segs = slab.segments();
        long previous = 0;
        long cursor = buckets.head(bucket);
        while (cursor != 0)
        {
            final int record = (int) cursor - 1;
            final long old = RecordSlab.oldChunk(segs, record);
            final long packed = RecordSlab.newChunk(segs, record);
            final int count = ChunkPacking.consecutive(packed);
            final long next = RecordSlab.next(segs, record);
            if (chunk >= old && chunk <= old + count)
            {
                if (count == 0)
                {
                    if (previous == 0)
                    {
                        buckets.setHead(bucket, next);
                    }
                    else
                    {
                        RecordSlab.setNext(segs, (int) previous - 1, next);
                    }
                    slab.free(record);
                }
                else if (chunk == old)
                {
                    // number + 1 and count - 1 in one step: add 1, subtract one count unit.
                    RecordSlab.setOldChunk(segs, record, old + 1);
                    RecordSlab.setNewChunk(segs, record, packed + 1 - ChunkPacking.ONE_CONSECUTIVE);
                }
                else if (chunk == old + count)
                {
                    RecordSlab.setNewChunk(segs, record, packed - ChunkPacking.ONE_CONSECUTIVE);
                }
                else
                {
                    return REMOVE_FROM_MIDDLE;
                }
                return REMOVED;
            }
            previous = cursor;
            cursor = next;
        }
        return REMOVE_NOT_FOUND;
    }

    @Override
    public void forEachRecord(final RecordVisitor visitor)
    {
        final ByteBuffer[] segs = slab.segments();
        for (int b = 0; b <= mask; b++)
        {
            for (long cursor = buckets.head(b); cursor != 0; cursor = RecordSlab.next(segs, (int) cursor - 1))
            {
                final int record = (int) cursor - 1;
                final long packed = RecordSlab.newChunk(segs, record);
                visitor.record(RecordSlab.oldChunk(segs, record), ChunkPacking.chunkNumber(packed),
                    ChunkPacking.consecutive(packed));
            }
        }
    }

    /** Records the slab can hold without growing (grows in steps of 64 Ki); for tests and status. */
    public int recordCapacity()
    {
        return slab.capacity();
    }

    @Override
    public long footprintBytes()
    {
        return buckets.bytes() + slab.bytes();
    }

    @Override
    public void close()
    {
        buckets.close();
        slab.close();
    }
}
