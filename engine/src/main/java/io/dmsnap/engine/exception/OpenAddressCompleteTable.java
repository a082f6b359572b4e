package io.dmsnap.engine.exception;

import io.dmsnap.engine.block.DirectMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The complete table laid out for the cache (not a kernel design; {@code tables=OFFHEAP_OPEN}, preset
 * experimental): records of 16 bytes stored in place in off-heap open-addressing tables, instead
 * of chains of records scattered through a slab. Same records and same merging as the kernel's
 * table ({@code dm_insert_exception}, {@code dm_lookup_exception}): a record maps a run of up to
 * 256 consecutive chunks, runs never leave their aligned group of 256 chunks, an insert extends
 * the record that ends just before it (first) or starts just after it.
 *
 * <p>Layout. A record is keyed by its group ({@code old_chunk >>> 8}), as the kernel's hash is:
 * all records of a group live in one segment and start their probe at one home slot, so a lookup
 * finds any chunk of a run. The table is {@link #segmentCount()} segments (at most
 * {@value #MAX_SEGMENTS}, fewer when the table is sized smaller); each segment is a Robin Hood
 * linear-probing table of its own, grown by itself, in one direct buffer of 16-byte slots:
 * {@code old_chunk + 1} (0: empty) and the packed {@code new_chunk} ({@link ChunkPacking}). A slot
 * never straddles a cache line (buffers are 16-byte aligned), so a lookup whose record sits within a
 * few slots of its home touches one or two lines; the Robin Hood order ends a miss as soon as it
 * meets a record closer to its own home than the sought one would be.
 *
 * <p>Growth: a segment grows (by an eighth, by doubling below 256 slots) when an insert would take
 * its load above 90%, rehashing its records into a new buffer and freeing the old one. Loads stay
 * between about 80% and 90%, under 20 bytes of slots per record; nothing is allocated per lookup
 * or insert otherwise. Removal shifts the following records back (no tombstones).
 *
 * <p>Locking: the bucket lock of {@link CompleteTable} is the segment's lock, a bit spin lock in a
 * {@link BucketWords} word whose other bits hold the segment's record count. {@link #bucketOf}
 * maps every chunk of a group to its segment, so the holder of that lock owns every slot a lookup,
 * insert or removal of the chunk can touch, including those a probe or a back-shift crosses.
 * {@link #buckets()} reports the hash size the table was sized with ({@code init_hash_tables}), of
 * which the segment count is the smaller part; {@link #bucketOf} is always below both.
 *
 * <p>Memory ordering: a segment's buffer reference, capacity and slots are written and read only
 * by the holder of its lock (or under the one outer lock with GLOBAL locking), plainly; the lock's
 * release store and the next holder's acquiring read-modify-write order them ({@link BucketWords}).
 * Different segments share no slot and no array element that either writes.
 */
public final class OpenAddressCompleteTable implements CompleteTable
{
    /** Most segments: 4096 locks are plenty for two to sixteen threads, and each segment is a buffer of its own. */
    public static final int MAX_SEGMENTS = 4096;
    /** Slots a segment gets at its first insert. */
    static final int FIRST_CAPACITY = 16;
    /**
     * Below this many slots a segment doubles: a young snapshot fills its segments fast, and each
     * growth is a direct allocation and a rehash, so few large steps beat many small ones there.
     */
    static final int DOUBLING_LIMIT = 256;

    private static final int HASH_SHIFT = 8;
    private static final int SLOT_SHIFT = 4;
    private static final int NEW = 8;
    /** What {@link #findInGroup} looks for: the record covering the chunk, ending just before it, starting just after it. */
    private static final int COVERS = 0;
    private static final int ENDS_BEFORE = 1;
    private static final int STARTS_AFTER = 2;

    private final int sizedBuckets;
    private final int segmentMask;
    private final BucketWords locks;
    /** Per segment: the slot buffer (null until the first insert; freed with {@link DirectMemory#free}) and its slot count. */
    private final ByteBuffer[] slots;
    private final int[] capacity;

    /** A table sized for {@code buckets} kernel buckets (a power of two, at least 2): min(buckets, 4096) segments. */
    public OpenAddressCompleteTable(final int buckets)
    {
        OffHeapCompleteTable.checkBuckets(buckets);
        this.sizedBuckets = buckets;
        final int segments = Math.min(buckets, MAX_SEGMENTS);
        this.segmentMask = segments - 1;
        this.locks = new BucketWords(segments, BUCKET_LOCK);
        this.slots = new ByteBuffer[segments];
        this.capacity = new int[segments];
    }

    /** Stafford's 64-bit finaliser (mix 13): every group bit reaches the segment and the home bits. */
    static long mix(final long group)
    {
        long z = group;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Home slot of hash {@code h} in a segment of {@code cap} slots: the high 32 bits scaled to the capacity. */
    private static int home(final long h, final int cap)
    {
        return (int) (((h >>> 32) * cap) >>> 32);
    }

    /** How far slot {@code slot} is from the home of a record with hash {@code h}. */
    private static int distance(final long h, final int slot, final int cap)
    {
        final int d = slot - home(h, cap);
        return d < 0 ? d + cap : d;
    }

    @Override
    public int buckets()
    {
        return sizedBuckets;
    }

    /** Number of segments, i.e. of bucket locks; {@link #bucketOf} is below it. */
    public int segmentCount()
    {
        return segmentMask + 1;
    }

    @Override
    public int bucketOf(final long chunk)
    {
        return (int) mix(chunk >>> HASH_SHIFT) & segmentMask;
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

    @Override
    public long lookup(final long chunk)
    {
        final long group = chunk >>> HASH_SHIFT;
        final long h = mix(group);
        final int segment = (int) h & segmentMask;
        final ByteBuffer s = slots[segment];
        if (s == null)
        {
            return NOT_FOUND;
        }
        final int cap = capacity[segment];
        int slot = home(h, cap);
        for (int dist = 0; ; dist++)
        {
            final int at = slot << SLOT_SHIFT;
            final long key = s.getLong(at);
            if (key == 0)
            {
                return NOT_FOUND;
            }
            final long old = key - 1;
            final long residentGroup = old >>> HASH_SHIFT;
            if (residentGroup == group)
            {
                final long packed = s.getLong(at + NEW);
                if (chunk >= old && chunk <= old + ChunkPacking.consecutive(packed))
                {
                    return ChunkPacking.chunkNumber(packed) + (chunk - old);
                }
            }
            else if (distance(mix(residentGroup), slot, cap) < dist)
            {
                return NOT_FOUND;   // Robin Hood: a record of this group would have displaced it
            }
            if (++slot == cap)
            {
                slot = 0;
            }
        }
    }

    /** Slot of the record of {@code group} (hash {@code h}) that stands to {@code chunk} as {@code mode} says, or -1. */
    private static int findInGroup(final ByteBuffer s, final int cap, final long group, final long h,
                                   final long chunk, final int mode)
    {
        int slot = home(h, cap);
        for (int dist = 0; dist < cap; dist++)
        {
            final int at = slot << SLOT_SHIFT;
            final long key = s.getLong(at);
            if (key == 0)
            {
                return -1;
            }
            final long old = key - 1;
            final long residentGroup = old >>> HASH_SHIFT;
            if (residentGroup == group)
            {
                final int count = ChunkPacking.consecutive(s.getLong(at + NEW));
                if (mode == COVERS ? chunk >= old && chunk <= old + count
                    : mode == ENDS_BEFORE ? chunk == old + count + 1 : chunk == old - 1)
                {
                    return slot;
                }
            }
            else if (distance(mix(residentGroup), slot, cap) < dist)
            {
                return -1;
            }
            if (++slot == cap)
            {
                slot = 0;
            }
        }
        return -1;
    }

    @Override
    public boolean insert(final long oldChunk, final long newChunk)
    {
        final long group = oldChunk >>> HASH_SHIFT;
        final long h = mix(group);
        final int segment = (int) h & segmentMask;
        final long fresh = newChunk & ChunkPacking.CHUNK_NUMBER_MASK;
        ByteBuffer s = slots[segment];
        if (s != null)
        {
            final int cap = capacity[segment];
            // The kernel's choice when both fit: extend the record that ends just before the chunk.
            final int before = findInGroup(s, cap, group, h, oldChunk, ENDS_BEFORE);
            if (before >= 0)
            {
                final int at = before << SLOT_SHIFT;
                final long packed = s.getLong(at + NEW);
                final int count = ChunkPacking.consecutive(packed);
                if (fresh == ChunkPacking.chunkNumber(packed) + count + 1)
                {
                    s.putLong(at + NEW, OffHeapCompleteTable.incrementCount(packed));
                    return true;
                }
            }
            final int after = findInGroup(s, cap, group, h, oldChunk, STARTS_AFTER);
            if (after >= 0)
            {
                final int at = after << SLOT_SHIFT;
                final long packed = s.getLong(at + NEW);
                if (fresh == ChunkPacking.chunkNumber(packed) - 1)
                {
                    // Same group, same home: the record keeps its slot.
                    s.putLong(at, oldChunk + 1);
                    s.putLong(at + NEW, OffHeapCompleteTable.incrementCount(packed) - 1);
                    return true;
                }
            }
        }
        final long size = locks.head(segment);
        if (s == null || (size + 1) * 10 > capacity[segment] * 9L)
        {
            if (!grow(segment))
            {
                return false;
            }
            s = slots[segment];
        }
        place(s, capacity[segment], oldChunk + 1, fresh);
        locks.setHead(segment, size + 1);
        return true;
    }

    /** Robin Hood insertion of a record known not to be there; the segment has a free slot. */
    private static void place(final ByteBuffer s, final int cap, final long key, final long packed)
    {
        long carriedKey = key;
        long carriedPacked = packed;
        int slot = home(mix((key - 1) >>> HASH_SHIFT), cap);
        int dist = 0;
        while (true)
        {
            final int at = slot << SLOT_SHIFT;
            final long resident = s.getLong(at);
            if (resident == 0)
            {
                s.putLong(at, carriedKey);
                s.putLong(at + NEW, carriedPacked);
                return;
            }
            final int residentDist = distance(mix((resident - 1) >>> HASH_SHIFT), slot, cap);
            if (residentDist < dist)
            {
                final long residentPacked = s.getLong(at + NEW);
                s.putLong(at, carriedKey);
                s.putLong(at + NEW, carriedPacked);
                carriedKey = resident;
                carriedPacked = residentPacked;
                dist = residentDist;
            }
            if (++slot == cap)
            {
                slot = 0;
            }
            dist++;
        }
    }

    /**
     * Give {@code segment} a larger buffer (or its first) and move its records over. False when
     * direct memory is exhausted: the caller's insert fails as on ENOMEM and the segment is unchanged.
     */
    private boolean grow(final int segment)
    {
        final int oldCap = capacity[segment];
        final int newCap = oldCap == 0 ? FIRST_CAPACITY : oldCap < DOUBLING_LIMIT ? oldCap * 2 : oldCap + (oldCap >>> 3);
        final ByteBuffer grown;
        try
        {
            // Plain allocateDirect, not an aligned slice: the allocator's 16-byte alignment already
            // keeps every 16-byte slot inside one cache line, and a slice would cost a second
            // buffer object and two cache lines of slack per segment (about 1 byte per record).
            grown = ByteBuffer.allocateDirect(Math.multiplyExact(newCap, 1 << SLOT_SHIFT)).order(ByteOrder.nativeOrder());
        }
        catch (final OutOfMemoryError e)
        {
            return false;
        }
        final ByteBuffer s = slots[segment];
        for (int slot = 0; slot < oldCap; slot++)
        {
            final int at = slot << SLOT_SHIFT;
            final long key = s.getLong(at);
            if (key != 0)
            {
                place(grown, newCap, key, s.getLong(at + NEW));
            }
        }
        slots[segment] = grown;
        capacity[segment] = newCap;
        DirectMemory.free(s);   // only the lock holder could reach the old buffer
        return true;
    }

    @Override
    public int removeChunk(final long chunk)
    {
        final long group = chunk >>> HASH_SHIFT;
        final long h = mix(group);
        final int segment = (int) h & segmentMask;
        final ByteBuffer s = slots[segment];
        if (s == null)
        {
            return REMOVE_NOT_FOUND;
        }
        final int cap = capacity[segment];
        final int slot = findInGroup(s, cap, group, h, chunk, COVERS);
        if (slot < 0)
        {
            return REMOVE_NOT_FOUND;
        }
        final int at = slot << SLOT_SHIFT;
        final long old = s.getLong(at) - 1;
        final long packed = s.getLong(at + NEW);
        final int count = ChunkPacking.consecutive(packed);
        if (count == 0)
        {
            backShift(s, cap, slot);
            locks.setHead(segment, locks.head(segment) - 1);
        }
        else if (chunk == old)
        {
            s.putLong(at, old + 2);   // key is old + 1; the run now starts at old + 1
            s.putLong(at + NEW, packed + 1 - ChunkPacking.ONE_CONSECUTIVE);
        }
        else if (chunk == old + count)
        {
            s.putLong(at + NEW, packed - ChunkPacking.ONE_CONSECUTIVE);
        }
        else
        {
            return REMOVE_FROM_MIDDLE;
        }
        return REMOVED;
    }

    /** Empty {@code slot} and move each following record that is away from its home one slot back. */
    private static void backShift(final ByteBuffer s, final int cap, final int slot)
    {
        int hole = slot;
        while (true)
        {
            int next = hole + 1;
            if (next == cap)
            {
                next = 0;
            }
            final int from = next << SLOT_SHIFT;
            final long key = s.getLong(from);
            final int to = hole << SLOT_SHIFT;
            if (key == 0 || distance(mix((key - 1) >>> HASH_SHIFT), next, cap) == 0)
            {
                s.putLong(to, 0);
                s.putLong(to + NEW, 0);
                return;
            }
            s.putLong(to, key);
            s.putLong(to + NEW, s.getLong(from + NEW));
            hole = next;
        }
    }

    @Override
    public void forEachRecord(final RecordVisitor visitor)
    {
        for (int segment = 0; segment <= segmentMask; segment++)
        {
            final ByteBuffer s = slots[segment];
            for (int slot = 0; slot < capacity[segment]; slot++)
            {
                final int at = slot << SLOT_SHIFT;
                final long key = s.getLong(at);
                if (key != 0)
                {
                    final long packed = s.getLong(at + NEW);
                    visitor.record(key - 1, ChunkPacking.chunkNumber(packed), ChunkPacking.consecutive(packed));
                }
            }
        }
    }

    @Override
    public long footprintBytes()
    {
        long bytes = locks.bytes();
        for (final ByteBuffer s : slots)
        {
            if (s != null)
            {
                bytes += s.capacity();
            }
        }
        return bytes;
    }

    @Override
    public void close()
    {
        for (int segment = 0; segment <= segmentMask; segment++)
        {
            final ByteBuffer s = slots[segment];
            slots[segment] = null;
            capacity[segment] = 0;
            DirectMemory.free(s);
        }
        locks.close();
    }
}
