package io.dmsnap.engine.exception;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The pending table with off-heap bucket words (hlist_bl heads, f79ae415): bit 0 of each word is
 * the bucket lock, the other bits the registry slot + 1 of the first entry. Entries stay on the
 * heap and chain through {@link PendingEntry#nextSlot}; the registry maps a slot to its entry.
 * Hash {@code c & (buckets - 1)}, insertion at the head, no combining ({@code exception_hash}, {@code dm_insert_exception} without combining).
 *
 * <p>Chain links ({@code nextSlot}) are plain fields guarded by the bucket lock. The registry array
 * is replaced (never changed in place once published, except to fill or clear slots that no
 * chain refers to) under {@code registryLock} and published with a release store; the lookup path
 * reads it with acquire. An entry is registered before its first insert, so an array read after
 * taking a bucket lock always holds the slots that bucket's chain refers to.
 */
public final class OffHeapPendingTable implements PendingTable
{
    private static final int INITIAL_REGISTRY = 64;
    private static final VarHandle REGISTRY;

    static
    {
        try
        {
            REGISTRY = MethodHandles.lookup().findVarHandle(OffHeapPendingTable.class, "registry", PendingEntry[].class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int mask;
    private final BucketWords buckets;
    private final Object registryLock = new Object();
    /** Slot to entry; access through REGISTRY (acquire/release) outside registryLock. */
    private PendingEntry[] registry = new PendingEntry[INITIAL_REGISTRY];
    /** Next never-used slot; guarded by registryLock. */
    private int nextFreshSlot;
    /** Slots given back by unregister, used before fresh ones; guarded by registryLock. */
    private int[] freeSlots = new int[8];
    private int freeSlotCount;

    /** A table of {@code buckets} buckets (a power of two, at least 1). */
    public OffHeapPendingTable(final int buckets)
    {
        if (buckets < 1 || Integer.bitCount(buckets) != 1)
        {
            throw new IllegalArgumentException("buckets must be a power of two, got " + buckets);
        }
        this.mask = buckets - 1;
        this.buckets = new BucketWords(buckets, BUCKET_LOCK);
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
    public void register(final PendingEntry entry)
    {
        synchronized (registryLock)
        {
            if (entry.slot >= 0)
            {
                throw new IllegalStateException("pending entry already registered (slot " + entry.slot + ")");
            }
            final int slot;
            if (freeSlotCount > 0)
            {
                slot = freeSlots[--freeSlotCount];
            }
            else
            {
                slot = nextFreshSlot++;
            }
            PendingEntry[] current = registry;
            if (slot >= current.length)
            {
                current = Arrays.copyOf(current, current.length * 2);
            }
            current[slot] = entry;
            entry.slot = slot;
            entry.nextSlot = -1;
            // Release: the slot (and, after a copy, the whole array) is written before any thread
            // can read this array through an acquire. The entry's later insert happens after this.
            REGISTRY.setRelease(this, current);
        }
    }

    /**
     * Give the entry's slot back so that a later {@link #register} can reuse it; for entries that
     * are dropped rather than pooled. The entry must not be inserted. Outside any bucket lock.
     */
    public void unregister(final PendingEntry entry)
    {
        synchronized (registryLock)
        {
            final int slot = entry.slot;
            if (slot < 0 || registry[slot] != entry)
            {
                throw new IllegalStateException("pending entry is not registered with this table");
            }
            registry[slot] = null;   // no chain refers to the slot, so no reader looks at it
            entry.slot = -1;
            if (freeSlotCount == freeSlots.length)
            {
                freeSlots = Arrays.copyOf(freeSlots, freeSlots.length * 2);
            }
            freeSlots[freeSlotCount++] = slot;
        }
    }

    /** Registered entries now. */
    public int registered()
    {
        synchronized (registryLock)
        {
            return nextFreshSlot - freeSlotCount;
        }
    }

    @Override
    public PendingEntry lookup(final long chunk)
    {
        // Acquire: pairs with the release in register(); covers every slot this bucket links.
        final PendingEntry[] slots = (PendingEntry[]) REGISTRY.getAcquire(this);
        for (int s = (int) buckets.head(bucketOf(chunk)) - 1; s >= 0; )
        {
            final PendingEntry e = slots[s];
            if (e.oldChunk == chunk)
            {
                return e;
            }
            s = e.nextSlot;
        }
        return null;
    }

    @Override
    public void insert(final PendingEntry entry)
    {
        if (entry.slot < 0)
        {
            throw new IllegalStateException("pending entry was not registered before insert");
        }
        final int bucket = bucketOf(entry.oldChunk);
        entry.nextSlot = (int) buckets.head(bucket) - 1;
        buckets.setHead(bucket, entry.slot + 1L);
    }

    @Override
    public void remove(final PendingEntry entry)
    {
        final PendingEntry[] slots = (PendingEntry[]) REGISTRY.getAcquire(this);
        final int bucket = bucketOf(entry.oldChunk);
        int s = (int) buckets.head(bucket) - 1;
        if (s == entry.slot)
        {
            buckets.setHead(bucket, entry.nextSlot + 1L);
            entry.nextSlot = -1;
            return;
        }
        while (s >= 0)
        {
            final PendingEntry e = slots[s];
            if (e.nextSlot == entry.slot)
            {
                e.nextSlot = entry.nextSlot;
                entry.nextSlot = -1;
                return;
            }
            s = e.nextSlot;
        }
        throw new IllegalStateException("pending entry for chunk " + entry.oldChunk + " is not in the table");
    }

    @Override
    public int count()
    {
        final PendingEntry[] slots = (PendingEntry[]) REGISTRY.getAcquire(this);
        int n = 0;
        for (int b = 0; b <= mask; b++)
        {
            for (int s = (int) buckets.head(b) - 1; s >= 0; s = slots[s].nextSlot)
            {
                n++;
            }
        }
        return n;
    }

    /** Bucket words plus the registry's reference array (the entries belong to their pool). */
    @Override
    public long footprintBytes()
    {
        final PendingEntry[] slots = (PendingEntry[]) REGISTRY.getAcquire(this);
        return buckets.bytes() + 16L + (long) slots.length * Integer.BYTES;
    }

    @Override
    public void close()
    {
        buckets.close();
        synchronized (registryLock)
        {
            REGISTRY.setRelease(this, new PendingEntry[0]);
        }
    }
}
