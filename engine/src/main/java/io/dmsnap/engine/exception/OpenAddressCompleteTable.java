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
 * <p>Why not the kernel's keying. The kernel hashes a record by its group ({@code old_chunk >>> 8}),
 * so that a lookup anywhere inside a run finds the run. On a snapshot that took random writes a
 * group holds up to 256 single-chunk records, all behind one hash: a chain of up to 256 in the
 * kernel, a cluster of up to 256 slots here, walked by every lookup of the group (a first write
 * is a miss that walks all of it). So this table keys the two kinds of record apart:
 * <ul>
 *   <li>a <em>single</em> (count 0) is keyed by its chunk, homed by its aligned quad of four
 *       chunks: a lookup finds it, or learns it is not there, within a few slots of that home,
 *       and an insert finds its neighbours there too;</li>
 *   <li>a <em>run</em> (count 1..255) is keyed by its group, as in the kernel, so that a lookup of
 *       any of its chunks finds it; a group holds at most 128 runs and, after sequential writes,
 *       one.</li>
 * </ul>
 * A record's kind follows from its count, and the table keeps it so: a single that an insert
 * extends moves to its group's home as a run, a run whose count a removal brings to 0 moves to
 * its chunk's home as a single. A lookup probes the chunk's home first, then, only if the segment
 * holds runs at all, the group's.
 *
 * <p>Layout. The table is {@link #segmentCount()} segments (at most {@value #MAX_SEGMENTS}, fewer
 * when the table is sized smaller), chosen by the group, so every chunk of a group has one lock
 * and one segment. Each segment is a Robin Hood linear-probing table of its own, grown by itself,
 * in one direct buffer of 16-byte slots: {@code old_chunk + 1} (0: empty) and the packed
 * {@code new_chunk} ({@link ChunkPacking}). A slot never straddles a cache line (buffers are
 * 16-byte aligned). Homes come from the high bits of one multiplication (Fibonacci hashing, a
 * different multiplier per kind), so working out a resident's distance from its home while probing
 * costs one multiply; the segment comes from a full 64-bit mix of the group, computed once per call.
 * The Robin Hood order ends a miss as soon as it meets a record closer to its own home than the
 * sought one would be, and keeps every cluster sorted by home, which a growth exploits.
 *
 * <p>Growth: a segment grows (by an eighth, by doubling below 256 slots) when an insert would take
 * its load above 90%. Homes scale monotonically with the capacity, so the records, read in cluster
 * order from the old buffer, go to the new one in one pass, each at its home or just after the
 * previous one; the few that do not fit that order (records that shared a home) take the ordinary
 * Robin Hood insertion. Loads stay between about 80% and 90%, under 20 bytes of slots per record;
 * nothing is allocated per lookup or insert otherwise. Removal shifts the following records back
 * (no tombstones).
 *
 * <p>Locking: the bucket lock of {@link CompleteTable} is the segment's lock ({@link GroupSegments}),
 * a bit spin lock in a {@link BucketWords} word whose other bits hold the segment's record count. {@link #bucketOf}
 * maps every chunk of a group to its segment, so the holder of that lock owns every slot a lookup,
 * insert or removal of the chunk can touch, including those a probe or a back-shift crosses.
 * {@link #buckets()} reports the hash size the table was sized with ({@code init_hash_tables}), of
 * which the segment count is the smaller part; {@link #bucketOf} is always below both.
 *
 * <p>Memory ordering: a segment's buffer reference, capacity, run count and slots are written and
 * read only by the holder of its lock (or under the one outer lock with GLOBAL locking), plainly;
 * the lock's release store and the next holder's acquiring read-modify-write order them
 * ({@link BucketWords}). Different segments share no slot and no array element that either writes.
 */
public final class OpenAddressCompleteTable extends SegmentedCompleteTable
{
    /** Most segments ({@link GroupSegments}). */
    public static final int MAX_SEGMENTS = GroupSegments.MAX_SEGMENTS;
    /** Slots a segment gets at its first insert. */
    static final int FIRST_CAPACITY = 16;
    /**
     * Below this many slots a segment doubles: a young snapshot fills its segments fast, and each
     * growth is a direct allocation and a pass over the records, so few large steps beat many small ones there.
     */
    static final int DOUBLING_LIMIT = 256;

    private static final int GROUP_SHIFT = 8;
    private static final long GROUP_OFFSET_MASK = (1L << GROUP_SHIFT) - 1;
    private static final int SLOT_SHIFT = 4;
    private static final int NEW = 8;
    /** Singles of one aligned quad of chunks share a home ({@link #singleHash}). */
    private static final int QUAD_SHIFT = 2;
    /** Fibonacci multiplier (2^64 / golden ratio) for a single's quad. */
    private static final long SINGLE_MULTIPLIER = 0x9E3779B97F4A7C15L;
    /** Another odd multiplier for a run's group, so that group g and chunk g do not share a home. */
    private static final long RUN_MULTIPLIER = 0xC2B2AE3D27D4EB4FL;

    /** Per segment: the slot buffer (null until the first insert; freed with {@link DirectMemory#free}) and its slot count. */
    private final ByteBuffer[] slots;
    private final int[] capacity;
    /** Per segment: how many of its records are runs; 0 spares a lookup the probe at the group's home. */
    private final int[] runs;

    /** A table sized for {@code buckets} kernel buckets (a power of two, at least 2): min(buckets, 4096) segments. */
    public OpenAddressCompleteTable(final int buckets)
    {
        super(buckets);
        final int count = segments.count();
        this.slots = new ByteBuffer[count];
        this.capacity = new int[count];
        this.runs = new int[count];
    }

    /**
     * Hash whose high bits place a single (count 0) with old chunk {@code chunk}: the same for the
     * four chunks of an aligned quad. An insert looks for the singles just before and just after
     * the chunk and then places it; sharing a home, the three usually share a cache line, where
     * homes of their own would cost three misses on a large table. A home then holds up to four
     * singles, compared by key as any cluster is.
     */
    private static long singleHash(final long chunk)
    {
        return (chunk >>> QUAD_SHIFT) * SINGLE_MULTIPLIER;
    }

    /** Hash whose high bits place every run of group {@code group}. */
    private static long runHash(final long group)
    {
        return group * RUN_MULTIPLIER;
    }

    /** The placing hash of a stored record: by quad of chunks for a single, by group for a run. */
    private static long hashOf(final long key, final long packed)
    {
        final long old = key - 1;
        return ChunkPacking.consecutive(packed) == 0 ? singleHash(old) : runHash(old >>> GROUP_SHIFT);
    }

    /** Home slot of hash {@code h} in a segment of {@code cap} slots: the high 32 bits scaled to the capacity (monotone in both). */
    private static int home(final long h, final int cap)
    {
        return (int) (((h >>> 32) * cap) >>> 32);
    }

    /** How far slot {@code slot} is from home {@code home}, going forward round the segment. */
    private static int distance(final int home, final int slot, final int cap)
    {
        final int d = slot - home;
        return d < 0 ? d + cap : d;
    }

    @Override
    public long lookup(final long chunk)
    {
        final int segment = bucketOf(chunk);
        final ByteBuffer s = slots[segment];
        if (s == null)
        {
            return NOT_FOUND;
        }
        final int cap = capacity[segment];
        int slot = findSingle(s, cap, chunk);
        if (slot >= 0)
        {
            return ChunkPacking.chunkNumber(s.getLong((slot << SLOT_SHIFT) + NEW));
        }
        if (runs[segment] == 0)
        {
            return NOT_FOUND;
        }
        slot = findRun(s, cap, chunk);
        if (slot < 0)
        {
            return NOT_FOUND;
        }
        final int at = slot << SLOT_SHIFT;
        return ChunkPacking.chunkNumber(s.getLong(at + NEW)) + (chunk - (s.getLong(at) - 1));
    }

    /** Slot of the single whose old chunk is {@code chunk}, or -1. */
    private static int findSingle(final ByteBuffer s, final int cap, final long chunk)
    {
        final long key = chunk + 1;
        int slot = home(singleHash(chunk), cap);
        for (int dist = 0; dist < cap; dist++)
        {
            final int at = slot << SLOT_SHIFT;
            final long resident = s.getLong(at);
            if (resident == 0)
            {
                return -1;
            }
            final long packed = s.getLong(at + NEW);
            if (resident == key && ChunkPacking.consecutive(packed) == 0)
            {
                return slot;
            }
            if (distance(home(hashOf(resident, packed), cap), slot, cap) < dist)
            {
                return -1;   // Robin Hood: the sought record would have displaced this one
            }
            if (++slot == cap)
            {
                slot = 0;
            }
        }
        return -1;
    }

    /** Slot of the run (count 1..255) that covers {@code chunk}, or -1. */
    private static int findRun(final ByteBuffer s, final int cap, final long chunk)
    {
        final long group = chunk >>> GROUP_SHIFT;
        int slot = home(runHash(group), cap);
        for (int dist = 0; dist < cap; dist++)
        {
            final int at = slot << SLOT_SHIFT;
            final long resident = s.getLong(at);
            if (resident == 0)
            {
                return -1;
            }
            final long packed = s.getLong(at + NEW);
            final int count = ChunkPacking.consecutive(packed);
            final long old = resident - 1;
            if (count != 0 && old >>> GROUP_SHIFT == group && old <= chunk && old + count >= chunk)
            {
                return slot;
            }
            if (distance(home(hashOf(resident, packed), cap), slot, cap) < dist)
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
        final int segment = bucketOf(oldChunk);
        final long fresh = newChunk & ChunkPacking.CHUNK_NUMBER_MASK;
        final ByteBuffer s = slots[segment];
        if (s != null)
        {
            final int cap = capacity[segment];
            final long offset = oldChunk & GROUP_OFFSET_MASK;
            // The kernel's choice when both fit: extend the record that ends just before the chunk.
            if (offset != 0 && extendBefore(segment, s, cap, oldChunk, fresh))
            {
                return true;
            }
            if (offset != GROUP_OFFSET_MASK && extendAfter(segment, s, cap, oldChunk, fresh))
            {
                return true;
            }
        }
        return add(segment, oldChunk + 1, fresh);
    }

    /** Append {@code oldChunk -> fresh} to the record ending at {@code oldChunk - 1}, if the COW chunks are consecutive too. */
    private boolean extendBefore(final int segment, final ByteBuffer s, final int cap, final long oldChunk, final long fresh)
    {
        final long previous = oldChunk - 1;
        final int single = findSingle(s, cap, previous);
        if (single >= 0)
        {
            final long packed = s.getLong((single << SLOT_SHIFT) + NEW);
            if (fresh != ChunkPacking.chunkNumber(packed) + 1)
            {
                return false;
            }
            // The single becomes a run of two and moves to its group's home; the record count is unchanged.
            rehome(s, cap, single, previous + 1, OffHeapCompleteTable.incrementCount(packed));
            runs[segment]++;
            return true;
        }
        if (runs[segment] == 0)
        {
            return false;
        }
        final int run = findRun(s, cap, previous);
        if (run < 0)
        {
            return false;
        }
        final int at = run << SLOT_SHIFT;
        final long packed = s.getLong(at + NEW);
        final int count = ChunkPacking.consecutive(packed);
        if (s.getLong(at) - 1 + count != previous || fresh != ChunkPacking.chunkNumber(packed) + count + 1)
        {
            return false;   // the run covers the previous chunk but does not end there, or the COW chunks jump
        }
        s.putLong(at + NEW, OffHeapCompleteTable.incrementCount(packed));
        return true;
    }

    /** Prepend {@code oldChunk -> fresh} to the record starting at {@code oldChunk + 1}, if the COW chunks are consecutive too. */
    private boolean extendAfter(final int segment, final ByteBuffer s, final int cap, final long oldChunk, final long fresh)
    {
        final long next = oldChunk + 1;
        final int single = findSingle(s, cap, next);
        if (single >= 0)
        {
            final long packed = s.getLong((single << SLOT_SHIFT) + NEW);
            if (fresh != ChunkPacking.chunkNumber(packed) - 1)
            {
                return false;
            }
            rehome(s, cap, single, oldChunk + 1, OffHeapCompleteTable.incrementCount(packed) - 1);
            runs[segment]++;
            return true;
        }
        if (runs[segment] == 0)
        {
            return false;
        }
        final int run = findRun(s, cap, next);
        if (run < 0)
        {
            return false;
        }
        final int at = run << SLOT_SHIFT;
        final long packed = s.getLong(at + NEW);
        if (s.getLong(at) - 1 != next || fresh != ChunkPacking.chunkNumber(packed) - 1)
        {
            return false;
        }
        // Same group, same home: the run keeps its slot.
        s.putLong(at, oldChunk + 1);
        s.putLong(at + NEW, OffHeapCompleteTable.incrementCount(packed) - 1);
        return true;
    }

    /** A new single record; grows the segment first when it is full enough. False only when direct memory is exhausted. */
    private boolean add(final int segment, final long key, final long packed)
    {
        final long size = segments.records(segment);
        if (slots[segment] == null || (size + 1) * 10 > capacity[segment] * 9L)
        {
            if (!grow(segment))
            {
                return false;
            }
        }
        place(slots[segment], capacity[segment], key, packed);
        segments.setRecords(segment, size + 1);
        return true;
    }

    /** Take the record out of {@code slot} and put it back as {@code key, packed}, whose kind, and so home, changed. */
    private static void rehome(final ByteBuffer s, final int cap, final int slot, final long key, final long packed)
    {
        backShift(s, cap, slot);
        place(s, cap, key, packed);
    }

    /** Robin Hood insertion of a record known not to be there; the segment has a free slot. */
    private static void place(final ByteBuffer s, final int cap, final long key, final long packed)
    {
        long carriedKey = key;
        long carriedPacked = packed;
        int slot = home(hashOf(key, packed), cap);
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
            final long residentPacked = s.getLong(at + NEW);
            final int residentDist = distance(home(hashOf(resident, residentPacked), cap), slot, cap);
            if (residentDist < dist)
            {
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
        if (s != null)
        {
            rehash(s, oldCap, grown, newCap);
        }
        slots[segment] = grown;
        capacity[segment] = newCap;
        DirectMemory.free(s);   // only the lock holder could reach the old buffer
        return true;
    }

    /**
     * Move every record of {@code from} into the empty {@code to}, in one pass.
     *
     * <p>The pass starts just after an empty slot of {@code from}, so no cluster is cut, and reads
     * the records in cluster order, which the Robin Hood order makes home order. It counts positions
     * without wrapping: a record's old home is its position minus its distance, and its new home is
     * lifted by {@code toCap} once its old home lies past the end of {@code from}. New homes then
     * never decrease along the pass, except between records that shared an old home, because
     * {@link #home} is monotone in the hash and in the capacity. A record whose new home is at or
     * after the previous one's goes to {@code max(home, next free position)}: every slot from its
     * home to there holds a record with a home no later than its own, which is exactly where Robin
     * Hood insertion would put it. Any other record takes {@link #place}, which is right in every
     * state; so does every record after the positions have come round to the first one placed, or
     * reached a slot an earlier {@link #place} filled.
     */
    private static void rehash(final ByteBuffer from, final int fromCap, final ByteBuffer to, final int toCap)
    {
        int empty = 0;
        while (from.getLong(empty << SLOT_SHIFT) != 0)
        {
            empty++;   // a segment is never full: its load stays at or below 90%
        }
        long first = -1;
        long cursor = Long.MIN_VALUE;
        long lastHome = Long.MIN_VALUE;
        boolean ordered = true;
        for (int step = 1; step <= fromCap; step++)
        {
            final long position = empty + step;
            final int slot = (int) (position % fromCap);
            final int at = slot << SLOT_SHIFT;
            final long key = from.getLong(at);
            if (key == 0)
            {
                continue;
            }
            final long packed = from.getLong(at + NEW);
            final long h = hashOf(key, packed);
            final long oldHome = position - distance(home(h, fromCap), slot, fromCap);
            final long newHome = home(h, toCap) + (oldHome >= fromCap ? (long) toCap : 0L);
            if (ordered && newHome >= lastHome)
            {
                final long target = Math.max(newHome, cursor);
                if (first < 0 || target < first + toCap && to.getLong((int) (target % toCap) << SLOT_SHIFT) == 0)
                {
                    final int into = (int) (target % toCap) << SLOT_SHIFT;
                    to.putLong(into, key);
                    to.putLong(into + NEW, packed);
                    if (first < 0)
                    {
                        first = target;
                    }
                    cursor = target + 1;
                    lastHome = newHome;
                    continue;
                }
                // Come round to the first record, or to a record an earlier place() put before it:
                // the rest wraps, and place() handles it.
                ordered = false;
            }
            place(to, toCap, key, packed);
            // place() may have lengthened the cluster that ends at the cursor by one slot.
            while (ordered && cursor < first + toCap && to.getLong((int) (cursor % toCap) << SLOT_SHIFT) != 0)
            {
                cursor++;
            }
        }
    }

    @Override
    public int removeChunk(final long chunk)
    {
        final int segment = bucketOf(chunk);
        final ByteBuffer s = slots[segment];
        if (s == null)
        {
            return REMOVE_NOT_FOUND;
        }
        final int cap = capacity[segment];
        final int single = findSingle(s, cap, chunk);
        if (single >= 0)
        {
            backShift(s, cap, single);
            segments.setRecords(segment, segments.records(segment) - 1);
            return REMOVED;
        }
        if (runs[segment] == 0)
        {
            return REMOVE_NOT_FOUND;
        }
        final int run = findRun(s, cap, chunk);
        if (run < 0)
        {
            return REMOVE_NOT_FOUND;
        }
        final int at = run << SLOT_SHIFT;
        final long old = s.getLong(at) - 1;
        final long packed = s.getLong(at + NEW);
        final int count = ChunkPacking.consecutive(packed);
        final long key;
        final long shortened;
        if (chunk == old)
        {
            key = old + 2;   // key is old + 1; the run now starts at old + 1
            shortened = packed + 1 - ChunkPacking.ONE_CONSECUTIVE;
        }
        else if (chunk == old + count)
        {
            key = old + 1;
            shortened = packed - ChunkPacking.ONE_CONSECUTIVE;
        }
        else
        {
            return REMOVE_FROM_MIDDLE;
        }
        if (count == 1)
        {
            // A run of two becomes a single and moves to its quad's home; the record count is unchanged.
            rehome(s, cap, run, key, shortened);
            runs[segment]--;
        }
        else
        {
            s.putLong(at, key);   // same group, same home: the run keeps its slot
            s.putLong(at + NEW, shortened);
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
            if (key == 0)
            {
                s.putLong(to, 0);
                s.putLong(to + NEW, 0);
                return;
            }
            final long packed = s.getLong(from + NEW);
            if (home(hashOf(key, packed), cap) == next)
            {
                s.putLong(to, 0);
                s.putLong(to + NEW, 0);
                return;
            }
            s.putLong(to, key);
            s.putLong(to + NEW, packed);
            hole = next;
        }
    }

    @Override
    public void forEachRecord(final RecordVisitor visitor)
    {
        for (int segment = 0; segment < segments.count(); segment++)
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
        long bytes = segments.bytes() + (long) runs.length * Integer.BYTES;
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
        for (int segment = 0; segment < segments.count(); segment++)
        {
            final ByteBuffer s = slots[segment];
            slots[segment] = null;
            capacity[segment] = 0;
            runs[segment] = 0;
            DirectMemory.free(s);
        }
        segments.close();
    }
}
