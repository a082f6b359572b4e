package io.dmsnap.engine.exception;

import io.dmsnap.engine.concurrent.SpinLockArray;

import java.util.Arrays;

/**
 * The complete table as the kernel had it before f79ae415: records are heap objects chained from
 * an array of bucket heads, each list sorted by {@code old_chunk}. Same semantics as
 * {@link OffHeapCompleteTable} ({@code dm_insert_exception}, {@code dm_lookup_exception}); bucket locks live in a separate
 * {@link SpinLockArray} so the table also works with FINE locking.
 *
 * <p>Heads and record fields are plain fields accessed only by the holder of the bucket lock (or
 * the outer lock); the lock's release/acquire orders them. A record that does not combine costs one
 * 32-byte heap object (header, two longs, one compressed reference), as a kmem_cache object did.
 */
public final class HeapListCompleteTable implements CompleteTable
{
    private static final int HASH_SHIFT = 8;
    /** Estimated heap bytes of one {@link Record} with compressed references. */
    static final int RECORD_BYTES = 32;

    private final int mask;
    private final Record[] heads;
    private final SpinLockArray locks;

    /** A table of {@code buckets} buckets (a power of two, at least 2). */
    public HeapListCompleteTable(final int buckets)
    {
        OffHeapCompleteTable.checkBuckets(buckets);
        this.mask = buckets - 1;
        this.heads = new Record[buckets];
        this.locks = new SpinLockArray(buckets, BUCKET_LOCK);
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
        return locks.lock(bucket);
    }

    @Override
    public void unlockBucket(final int bucket)
    {
        locks.unlock(bucket);
    }

    /** Whether the bucket lock is held now (racy; for tests and assertions). */
    public boolean isBucketLocked(final int bucket)
    {
        return locks.isLocked(bucket);
    }

    @Override
    public long lookup(final long chunk)
    {
        // Full scan, first covering record wins, as in dm_lookup_exception.
        for (Record r = heads[bucketOf(chunk)]; r != null; r = r.next)
        {
            if (chunk >= r.oldChunk && chunk <= r.oldChunk + ChunkPacking.consecutive(r.newChunk))
            {
                return ChunkPacking.chunkNumber(r.newChunk) + (chunk - r.oldChunk);
            }
        }
        return NOT_FOUND;
    }

    @Override
    public boolean insert(final long oldChunk, final long newChunk)
    {
        final int bucket = bucketOf(oldChunk);
        final long fresh = newChunk & ChunkPacking.CHUNK_NUMBER_MASK;
        Record previous = null;
        Record r = heads[bucket];
        while (r != null)
        {
            final long number = ChunkPacking.chunkNumber(r.newChunk);
            final int count = ChunkPacking.consecutive(r.newChunk);
            if (oldChunk == r.oldChunk + count + 1 && fresh == number + count + 1)
            {
                r.newChunk = OffHeapCompleteTable.incrementCount(r.newChunk);          // extend at the end
                return true;
            }
            if (oldChunk == r.oldChunk - 1 && fresh == number - 1)
            {
                r.oldChunk = oldChunk;                                                  // extend at the front
                r.newChunk = OffHeapCompleteTable.incrementCount(r.newChunk) - 1;
                return true;
            }
            if (oldChunk < r.oldChunk)
            {
                break;
            }
            previous = r;
            r = r.next;
        }
        final Record added;
        try
        {
            added = new Record(oldChunk, fresh, r);
        }
        catch (final OutOfMemoryError e)
        {
            return false;   // the caller reports ENOMEM and invalidates the snapshot
        }
        if (previous == null)
        {
            heads[bucket] = added;
        }
        else
        {
            previous.next = added;
        }
        return true;
    }

    @Override
    public int removeChunk(final long chunk)
    {
        final int bucket = bucketOf(chunk);
        Record previous = null;
        for (Record r = heads[bucket]; r != null; previous = r, r = r.next)
        {
            final int count = ChunkPacking.consecutive(r.newChunk);
            if (chunk < r.oldChunk || chunk > r.oldChunk + count)
            {
                continue;
            }
            if (count == 0)
            {
                if (previous == null)
                {
                    heads[bucket] = r.next;
                }
                else
                {
                    previous.next = r.next;
                }
            }
            else if (chunk == r.oldChunk)
            {
                r.oldChunk++;
                r.newChunk = r.newChunk + 1 - ChunkPacking.ONE_CONSECUTIVE;
            }
            else if (chunk == r.oldChunk + count)
            {
                r.newChunk -= ChunkPacking.ONE_CONSECUTIVE;
            }
            else
            {
                return REMOVE_FROM_MIDDLE;
            }
            return REMOVED;
        }
        return REMOVE_NOT_FOUND;
    }

    @Override
    public void forEachRecord(final RecordVisitor visitor)
    {
        for (final Record head : heads)
        {
            for (Record r = head; r != null; r = r.next)
            {
                visitor.record(r.oldChunk, ChunkPacking.chunkNumber(r.newChunk), ChunkPacking.consecutive(r.newChunk));
            }
        }
    }

    /** Estimate: head array, lock array and 32 bytes per record (walks the table). */
    @Override
    public long footprintBytes()
    {
        long records = 0;
        for (final Record head : heads)
        {
            for (Record r = head; r != null; r = r.next)
            {
                records++;
            }
        }
        return 16L + (long) heads.length * Integer.BYTES + locks.bytes() + records * RECORD_BYTES;
    }

    @Override
    public void close()
    {
        Arrays.fill(heads, null);
    }

    /** One record; fields guarded by its bucket lock. */
    private static final class Record
    {
        long oldChunk;
        long newChunk;
        Record next;

        Record(final long oldChunk, final long newChunk, final Record next)
        {
            this.oldChunk = oldChunk;
            this.newChunk = newChunk;
            this.next = next;
        }
    }
}
