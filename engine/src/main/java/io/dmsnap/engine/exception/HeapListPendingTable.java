package io.dmsnap.engine.exception;

import io.dmsnap.engine.concurrent.SpinLockArray;

import java.util.Arrays;

/**
 * The pending table as the kernel had it before f79ae415: entries chained through
 * {@link PendingEntry#nextEntry} from an array of heads, with bucket locks in a separate
 * {@link SpinLockArray}. Hash {@code c & (buckets - 1)}, insertion at the head, no combining.
 *
 * <p>Heads and links are plain fields guarded by the bucket lock (or the outer lock); the lock's
 * release/acquire orders them. Nothing is allocated per operation.
 */
public final class HeapListPendingTable implements PendingTable
{
    private final int mask;
    private final PendingEntry[] heads;
    private final SpinLockArray locks;

    /** A table of {@code buckets} buckets (a power of two, at least 1). */
    public HeapListPendingTable(final int buckets)
    {
        if (buckets < 1 || Integer.bitCount(buckets) != 1)
        {
            throw new IllegalArgumentException("buckets must be a power of two, got " + buckets);
        }
        this.mask = buckets - 1;
        this.heads = new PendingEntry[buckets];
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
        return (int) chunk & mask;
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

    /** Nothing to record: heap entries are linked by reference. */
    @Override
    public void register(final PendingEntry entry)
    {
    }

    @Override
    public PendingEntry lookup(final long chunk)
    {
        for (PendingEntry e = heads[bucketOf(chunk)]; e != null; e = e.nextEntry)
        {
            if (e.oldChunk == chunk)
            {
                return e;
            }
        }
        return null;
    }

    @Override
    public void insert(final PendingEntry entry)
    {
        final int bucket = bucketOf(entry.oldChunk);
        entry.nextEntry = heads[bucket];
        heads[bucket] = entry;
    }

    @Override
    public void remove(final PendingEntry entry)
    {
        final int bucket = bucketOf(entry.oldChunk);
        PendingEntry previous = null;
        for (PendingEntry e = heads[bucket]; e != null; previous = e, e = e.nextEntry)
        {
            if (e == entry)
            {
                if (previous == null)
                {
                    heads[bucket] = e.nextEntry;
                }
                else
                {
                    previous.nextEntry = e.nextEntry;
                }
                entry.nextEntry = null;
                return;
            }
        }
        throw new IllegalStateException("pending entry for chunk " + entry.oldChunk + " is not in the table");
    }

    @Override
    public int count()
    {
        int n = 0;
        for (final PendingEntry head : heads)
        {
            for (PendingEntry e = head; e != null; e = e.nextEntry)
            {
                n++;
            }
        }
        return n;
    }

    /** Head array and lock array (the entries belong to their pool). */
    @Override
    public long footprintBytes()
    {
        return 16L + (long) heads.length * Integer.BYTES + locks.bytes();
    }

    @Override
    public void close()
    {
        Arrays.fill(heads, null);
    }
}
