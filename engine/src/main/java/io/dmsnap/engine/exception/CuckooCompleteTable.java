package io.dmsnap.engine.exception;

import io.dmsnap.engine.block.DirectMemory;

import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * The complete table as bucketized cuckoo hashing (not a kernel design; {@code tables=OFFHEAP_CUCKOO},
 * preset experimental): a lookup of a single-chunk record reads two cache lines whose addresses
 * it knows before it reads either, so the two misses overlap, and compares at most eight keys.
 * Same records and same merging as the kernel's table ({@code dm_insert_exception},
 * {@code dm_lookup_exception}): a record maps a run of up to 256 consecutive chunks, runs never
 * leave their aligned group of 256 chunks, an insert extends the record that ends just before it
 * (first) or starts just after it.
 *
 * <p>Why another layout after {@link OpenAddressCompleteTable}: its Robin Hood probe walks a
 * cluster slot by slot, with an exit the processor cannot predict and a hash to recompute per slot;
 * at 1 Mi records its lookup took about twice {@code ConcurrentHashMap}'s time. Here a single's
 * place is one of the eight slots of its two buckets, fixed by its chunk alone.
 *
 * <p>Two kinds of record, kept apart as the kernel's one chain cannot:
 * <ul>
 *   <li><em>singles</em> (count 0, the records random writes leave) live in the segment's cuckoo
 *       buckets, keyed by their chunk: 64-byte buckets of four 16-byte slots ({@code old_chunk + 1},
 *       0 for empty, and the packed {@code new_chunk}, {@link ChunkPacking}), each aligned to a cache
 *       line. A single sits in the first or the second bucket its chunk hashes to, or in the
 *       segment's one-record stash (below).</li>
 *   <li><em>runs</em> (a record an insert has extended) live in the segment's run list: 16-byte
 *       records sorted by old chunk, found by binary search. Runs are few where singles are many
 *       (random writes) and one per group where singles are none (sequential writes), and a group
 *       may hold up to 128 of them, more than two buckets hold. A run that removals shrink to
 *       count 0 stays in the run list: where a record lives is this table's business, and the run
 *       path finds, extends and removes it as any other record.</li>
 * </ul>
 * A lookup tries the chunk's two buckets, the stash, then, only if the segment has runs, the run list.
 *
 * <p>Insertion of a single: into a free slot of its two buckets if one has it, else by
 * displacement (a resident moves to its other bucket, which may displace another, at most
 * {@value #MAX_KICKS} times). A displacement that finds no free slot leaves the last displaced record
 * in the stash, so an insert never loses a record and never needs memory in the middle of a
 * displacement; a segment whose stash is taken, or whose buckets are {@value #MAX_LOAD_SIXTEENTHS}/16
 * full, grows (doubling below {@value #DOUBLING_LIMIT} buckets, then by an eighth) before its next
 * insert, into a new buffer filled from the old one, which stays untouched until the new one is
 * complete. Loads stay between about 83% and 94%, under 20 bytes per record.
 *
 * <p>Layout: {@link #segmentCount()} segments (at most {@value #MAX_SEGMENTS}), chosen by a full mix
 * of the group ({@link GroupSegments}), so every chunk of a group has one lock, one set of buckets
 * and one run list. Bucket numbers come from the high bits of two multiplications of the chunk by
 * different odd constants, scaled to the segment's bucket count (any count, not only powers of
 * two). Slots are read and written through their addresses ({@link SlotMemory}).
 *
 * <p>Locking: the bucket lock of {@link CompleteTable} is the segment's lock ({@link GroupSegments}),
 * a bit spin lock in a {@link BucketWords} word whose other bits hold the segment's record count.
 * The holder owns every bucket, the stash and the run list of the segment; nothing here takes
 * another lock.
 *
 * <p>Memory ordering: a segment's buffers, addresses, counts, stash and slots are written and read
 * only by the holder of its lock (or under the one outer lock with GLOBAL locking), plainly; the
 * lock's release store and the next holder's acquiring read-modify-write order them
 * ({@link BucketWords}). Different segments share no slot and no array element that either writes.
 * A buffer is freed by the holder that replaced it, after the last access through its address.
 */
public final class CuckooCompleteTable extends SegmentedCompleteTable
{
    /** Most segments ({@link GroupSegments}). */
    public static final int MAX_SEGMENTS = GroupSegments.MAX_SEGMENTS;
    /** Buckets a segment gets at its first single (16 slots). */
    static final int FIRST_BUCKETS = 4;
    /** Below this many buckets a segment doubles; from here it grows by an eighth. */
    static final int DOUBLING_LIMIT = 64;
    /** A segment grows before an insert would fill more than this many sixteenths of its slots. */
    static final int MAX_LOAD_SIXTEENTHS = 15;
    /** Longest displacement chain before the stash takes the record in hand. */
    static final int MAX_KICKS = 128;
    /** Run-list records a segment gets at its first run. */
    static final int FIRST_RUNS = 4;

    private static final int SLOTS_PER_BUCKET = 4;
    private static final int SLOT_BYTES = 16;
    private static final int BUCKET_SHIFT = 6;
    private static final int BUCKET_BYTES = 1 << BUCKET_SHIFT;
    private static final int NEW = 8;
    private static final int GROUP_SHIFT = 8;
    private static final long GROUP_OFFSET_MASK = (1L << GROUP_SHIFT) - 1;
    private static final long FIRST_MULTIPLIER = 0x9E3779B97F4A7C15L;
    private static final long SECOND_MULTIPLIER = 0xC2B2AE3D27D4EB4FL;
    /** Where {@link #singleSlot} reports a single that is in the stash. */
    private static final long IN_STASH = -1L;


    /** Per segment: the buckets' buffer as allocated (for {@link DirectMemory#free}), null until the first single. */
    private final ByteBuffer[] bucketRoot;
    /** Per segment: address of bucket 0 (cache-line aligned), 0 while there is none. */
    private final long[] bucketBase;
    private final int[] bucketCount;
    /** Per segment: singles in the buckets (the stash not counted). */
    private final int[] singlesInBuckets;
    /** Per segment: the stash, {@code old_chunk + 1} (0: empty) and the packed new chunk. */
    private final long[] stashKey;
    private final long[] stashNew;

    /** Per segment: the run list's buffer (null until the first run), its address, capacity and length. */
    private final ByteBuffer[] runBuffer;
    private final long[] runBase;
    private final int[] runCapacity;
    private final int[] runCount;

    /** Allocates every buffer: a zeroed direct buffer of the given size, or OutOfMemoryError. */
    private final IntFunction<ByteBuffer> allocator;

    /** A table sized for {@code buckets} kernel buckets (a power of two, at least 2): min(buckets, 4096) segments. */
    public CuckooCompleteTable(final int buckets)
    {
        this(buckets, ByteBuffer::allocateDirect);
    }

    /** As {@link #CuckooCompleteTable(int)}, with buffers from {@code allocator} (tests: running out of memory). */
    CuckooCompleteTable(final int buckets, final IntFunction<ByteBuffer> allocator)
    {
        super(buckets);
        this.allocator = allocator;
        final int count = segments.count();
        this.bucketRoot = new ByteBuffer[count];
        this.bucketBase = new long[count];
        this.bucketCount = new int[count];
        this.singlesInBuckets = new int[count];
        this.stashKey = new long[count];
        this.stashNew = new long[count];
        this.runBuffer = new ByteBuffer[count];
        this.runBase = new long[count];
        this.runCapacity = new int[count];
        this.runCount = new int[count];
    }

    /** First bucket of chunk {@code chunk} among {@code n}: high bits of a multiplication, scaled. */
    static int firstBucket(final long chunk, final int n)
    {
        return (int) ((((chunk * FIRST_MULTIPLIER) >>> 32) * n) >>> 32);
    }

    static int secondBucket(final long chunk, final int n)
    {
        return (int) ((((chunk * SECOND_MULTIPLIER) >>> 32) * n) >>> 32);
    }

    @Override
    public long lookup(final long chunk)
    {
        final int segment = bucketOf(chunk);
        final long single = singleSlot(segment, chunk);
        if (single != 0)
        {
            return ChunkPacking.chunkNumber(singleNew(segment, single));
        }
        if (runCount[segment] == 0)
        {
            return NOT_FOUND;
        }
        final int run = runCovering(segment, chunk);
        if (run < 0)
        {
            return NOT_FOUND;
        }
        final long at = runBase[segment] + (long) run * SLOT_BYTES;
        return ChunkPacking.chunkNumber(SlotMemory.getLong(at + NEW)) + (chunk - SlotMemory.getLong(at));
    }

    /**
     * Address of the slot holding the single of {@code chunk}, {@link #IN_STASH}, or 0 when it has
     * none. Both bucket addresses are known before either is read: their misses overlap.
     */
    private long singleSlot(final int segment, final long chunk)
    {
        final long base = bucketBase[segment];
        if (base == 0)
        {
            return 0;
        }
        final int n = bucketCount[segment];
        final long key = chunk + 1;
        final long first = base + ((long) firstBucket(chunk, n) << BUCKET_SHIFT);
        final long second = base + ((long) secondBucket(chunk, n) << BUCKET_SHIFT);
        for (int at = 0; at < BUCKET_BYTES; at += SLOT_BYTES)
        {
            if (SlotMemory.getLong(first + at) == key)
            {
                return first + at;
            }
        }
        for (int at = 0; at < BUCKET_BYTES; at += SLOT_BYTES)
        {
            if (SlotMemory.getLong(second + at) == key)
            {
                return second + at;
            }
        }
        return stashKey[segment] == key ? IN_STASH : 0;
    }

    private long singleNew(final int segment, final long slot)
    {
        return slot == IN_STASH ? stashNew[segment] : SlotMemory.getLong(slot + NEW);
    }

    private void removeSingle(final int segment, final long slot)
    {
        if (slot == IN_STASH)
        {
            stashKey[segment] = 0;
            stashNew[segment] = 0;
        }
        else
        {
            SlotMemory.putLong(slot, 0);
            SlotMemory.putLong(slot + NEW, 0);
            singlesInBuckets[segment]--;
        }
    }

    /** Index of the run-list record that covers {@code chunk}, or -1. The segment has runs. */
    private int runCovering(final int segment, final long chunk)
    {
        final int at = lastRunAtOrBefore(segment, chunk);
        if (at < 0)
        {
            return -1;
        }
        final long record = runBase[segment] + (long) at * SLOT_BYTES;
        return chunk - SlotMemory.getLong(record) <= ChunkPacking.consecutive(SlotMemory.getLong(record + NEW)) ? at : -1;
    }

    /** Index of the last run-list record whose old chunk is at most {@code chunk}, or -1. */
    private int lastRunAtOrBefore(final int segment, final long chunk)
    {
        final long base = runBase[segment];
        int low = 0;
        int high = runCount[segment] - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            if (SlotMemory.getLong(base + (long) mid * SLOT_BYTES) <= chunk)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return high;
    }

    @Override
    public boolean insert(final long oldChunk, final long newChunk)
    {
        final int segment = bucketOf(oldChunk);
        final long fresh = newChunk & ChunkPacking.CHUNK_NUMBER_MASK;
        final long offset = oldChunk & GROUP_OFFSET_MASK;
        // The kernel's choice when both fit: extend the record that ends just before the chunk.
        if (offset != 0)
        {
            final int extended = extendBefore(segment, oldChunk, fresh);
            if (extended != NOT_EXTENDED)
            {
                return extended == EXTENDED;
            }
        }
        if (offset != GROUP_OFFSET_MASK)
        {
            final int extended = extendAfter(segment, oldChunk, fresh);
            if (extended != NOT_EXTENDED)
            {
                return extended == EXTENDED;
            }
        }
        return addSingle(segment, oldChunk + 1, fresh);
    }

    private static final int EXTENDED = 1;
    private static final int NOT_EXTENDED = 0;
    /** The extension needed a run-list record and no memory was left for it. */
    private static final int NO_MEMORY = -1;

    /** Append {@code oldChunk -> fresh} to the record ending at {@code oldChunk - 1}, if the COW chunks are consecutive too. */
    private int extendBefore(final int segment, final long oldChunk, final long fresh)
    {
        final long previous = oldChunk - 1;
        final long single = singleSlot(segment, previous);
        if (single != 0)
        {
            final long packed = singleNew(segment, single);
            if (fresh != ChunkPacking.chunkNumber(packed) + 1)
            {
                return NOT_EXTENDED;
            }
            return singleToRun(segment, single, previous, OffHeapCompleteTable.incrementCount(packed));
        }
        if (runCount[segment] == 0)
        {
            return NOT_EXTENDED;
        }
        final int run = runCovering(segment, previous);
        if (run < 0)
        {
            return NOT_EXTENDED;
        }
        final long at = runBase[segment] + (long) run * SLOT_BYTES;
        final long packed = SlotMemory.getLong(at + NEW);
        final int count = ChunkPacking.consecutive(packed);
        if (SlotMemory.getLong(at) + count != previous || fresh != ChunkPacking.chunkNumber(packed) + count + 1)
        {
            return NOT_EXTENDED;   // the run covers the previous chunk but does not end there, or the COW chunks jump
        }
        SlotMemory.putLong(at + NEW, OffHeapCompleteTable.incrementCount(packed));
        return EXTENDED;
    }

    /** Prepend {@code oldChunk -> fresh} to the record starting at {@code oldChunk + 1}, if the COW chunks are consecutive too. */
    private int extendAfter(final int segment, final long oldChunk, final long fresh)
    {
        final long next = oldChunk + 1;
        final long single = singleSlot(segment, next);
        if (single != 0)
        {
            final long packed = singleNew(segment, single);
            if (fresh != ChunkPacking.chunkNumber(packed) - 1)
            {
                return NOT_EXTENDED;
            }
            return singleToRun(segment, single, oldChunk, OffHeapCompleteTable.incrementCount(packed) - 1);
        }
        if (runCount[segment] == 0)
        {
            return NOT_EXTENDED;
        }
        final int run = runCovering(segment, next);
        if (run < 0)
        {
            return NOT_EXTENDED;
        }
        final long at = runBase[segment] + (long) run * SLOT_BYTES;
        final long packed = SlotMemory.getLong(at + NEW);
        if (SlotMemory.getLong(at) != next || fresh != ChunkPacking.chunkNumber(packed) - 1)
        {
            return NOT_EXTENDED;
        }
        // No record covers oldChunk, so the list stays sorted with this record starting one chunk earlier.
        SlotMemory.putLong(at, oldChunk);
        SlotMemory.putLong(at + NEW, OffHeapCompleteTable.incrementCount(packed) - 1);
        return EXTENDED;
    }

    /**
     * The single in {@code single} becomes the run {@code start -> packed} (a run of two) and moves
     * to the run list; the record count is unchanged. {@link #NO_MEMORY}, with nothing changed, when
     * the list cannot grow.
     */
    private int singleToRun(final int segment, final long single, final long start, final long packed)
    {
        if (!reserveRun(segment))
        {
            return NO_MEMORY;
        }
        removeSingle(segment, single);
        addRun(segment, start, packed);
        return EXTENDED;
    }

    /** Make room for one more run-list record. False when direct memory is exhausted (nothing changed). */
    private boolean reserveRun(final int segment)
    {
        final int capacity = runCapacity[segment];
        if (runCount[segment] < capacity)
        {
            return true;
        }
        final int grownCapacity = capacity == 0 ? FIRST_RUNS : capacity + Math.max(FIRST_RUNS, capacity >>> 1);
        final ByteBuffer grown;
        try
        {
            grown = allocator.apply(Math.multiplyExact(grownCapacity, SLOT_BYTES));
        }
        catch (final OutOfMemoryError e)
        {
            return false;
        }
        final long grownBase = SlotMemory.address(grown);
        final ByteBuffer old = runBuffer[segment];
        if (old != null)
        {
            SlotMemory.copy(runBase[segment], grownBase, (long) runCount[segment] * SLOT_BYTES);
        }
        runBuffer[segment] = grown;
        runBase[segment] = grownBase;
        runCapacity[segment] = grownCapacity;
        DirectMemory.free(old);   // only the lock holder could reach the old list or its address
        return true;
    }

    /** Insert a record into the sorted run list, which has room ({@link #reserveRun}). */
    private void addRun(final int segment, final long old, final long packed)
    {
        final long base = runBase[segment];
        final int at = lastRunAtOrBefore(segment, old) + 1;
        final int count = runCount[segment];
        final long from = base + (long) at * SLOT_BYTES;
        SlotMemory.copy(from, from + SLOT_BYTES, (long) (count - at) * SLOT_BYTES);
        SlotMemory.putLong(from, old);
        SlotMemory.putLong(from + NEW, packed);
        runCount[segment] = count + 1;
    }

    private void removeRun(final int segment, final int at)
    {
        final long from = runBase[segment] + (long) at * SLOT_BYTES;
        final int count = runCount[segment] - 1;
        SlotMemory.copy(from + SLOT_BYTES, from, (long) (count - at) * SLOT_BYTES);
        runCount[segment] = count;
    }

    /**
     * A new single. False only when the segment had to grow and direct memory is exhausted: the
     * caller's insert fails as on ENOMEM and the segment is unchanged.
     */
    private boolean addSingle(final int segment, final long key, final long packed)
    {
        final int n = bucketCount[segment];
        if (n == 0 || stashKey[segment] != 0
            || (singlesInBuckets[segment] + 1) * 16L > (long) n * SLOTS_PER_BUCKET * MAX_LOAD_SIXTEENTHS)
        {
            if (!grow(segment))
            {
                return false;
            }
        }
        if (place(bucketBase[segment], bucketCount[segment], key, packed, segment))
        {
            singlesInBuckets[segment]++;
        }
        segments.setRecords(segment, segments.records(segment) + 1);
        return true;
    }

    /**
     * Put a single into the buckets at {@code base}, displacing residents to their other bucket as
     * needed. True when every record found a slot. False when {@value #MAX_KICKS} displacements did
     * not end: every other record (the new one included, unless it is the one in hand) is in a slot,
     * and the record in hand goes to the stash of segment {@code stashSegment}, which is empty, or
     * is dropped when {@code stashSegment} is -1 (a growth, which then discards these buckets).
     */
    private boolean place(final long base, final int n, final long key, final long packed, final int stashSegment)
    {
        long inHandKey = key;
        long inHandNew = packed;
        long from = -1;
        for (int kick = 0; kick <= MAX_KICKS; kick++)
        {
            final long chunk = inHandKey - 1;
            final long first = base + ((long) firstBucket(chunk, n) << BUCKET_SHIFT);
            final long second = base + ((long) secondBucket(chunk, n) << BUCKET_SHIFT);
            long free = freeSlot(first);
            if (free == 0)
            {
                free = freeSlot(second);
            }
            if (free != 0)
            {
                SlotMemory.putLong(free, inHandKey);
                SlotMemory.putLong(free + NEW, inHandNew);
                return true;
            }
            if (kick == MAX_KICKS)
            {
                break;
            }
            // Displace from the bucket the record in hand did not just leave; which slot follows
            // from the key and the step, so a chain does not cycle through the same two residents.
            final long victimBucket = first == from ? second : second == from ? first
                : ((chunk ^ kick) & 1) == 0 ? first : second;
            final long victim = victimBucket + (long) (Long.hashCode(GroupSegments.mix(chunk + kick)) & (SLOTS_PER_BUCKET - 1)) * SLOT_BYTES;
            final long victimKey = SlotMemory.getLong(victim);
            final long victimNew = SlotMemory.getLong(victim + NEW);
            SlotMemory.putLong(victim, inHandKey);
            SlotMemory.putLong(victim + NEW, inHandNew);
            inHandKey = victimKey;
            inHandNew = victimNew;
            from = victimBucket;
        }
        if (stashSegment >= 0)
        {
            stashKey[stashSegment] = inHandKey;
            stashNew[stashSegment] = inHandNew;
        }
        return false;
    }

    /** Address of the first empty slot of the bucket at {@code bucket}, or 0. */
    private static long freeSlot(final long bucket)
    {
        for (int at = 0; at < BUCKET_BYTES; at += SLOT_BYTES)
        {
            if (SlotMemory.getLong(bucket + at) == 0)
            {
                return bucket + at;
            }
        }
        return 0;
    }

    /**
     * Give the segment more buckets (or its first) and move its singles and its stash into them.
     * The old buckets stay untouched until the new ones hold every record; a move that leaves a
     * record in hand retries with more buckets. False when direct memory is exhausted: the segment
     * is unchanged.
     */
    private boolean grow(final int segment)
    {
        final int oldCount = bucketCount[segment];
        int grownCount = oldCount == 0 ? FIRST_BUCKETS : oldCount < DOUBLING_LIMIT ? oldCount * 2 : oldCount + (oldCount >>> 3);
        while (true)
        {
            final ByteBuffer grown;
            try
            {
                // One cache line of slack, so that the buckets can start on a line: a bucket is then
                // exactly one line, one miss. The slots are reached by address, so no aligned view is needed.
                grown = allocator.apply(Math.addExact(Math.multiplyExact(grownCount, BUCKET_BYTES), BUCKET_BYTES));
            }
            catch (final OutOfMemoryError e)
            {
                return false;
            }
            final long address = SlotMemory.address(grown);
            final long grownBase = address + (-address & (BUCKET_BYTES - 1));
            if (moveAll(segment, grownBase, grownCount))
            {
                final ByteBuffer old = bucketRoot[segment];
                bucketRoot[segment] = grown;
                bucketBase[segment] = grownBase;
                bucketCount[segment] = grownCount;
                stashKey[segment] = 0;
                stashNew[segment] = 0;
                DirectMemory.free(old);   // only the lock holder could reach the old buckets or their address
                return true;
            }
            DirectMemory.free(grown);
            grownCount += Math.max(1, grownCount >>> 3);
        }
    }

    /** Place every single of the segment (its buckets and its stash) into the empty buckets at {@code to}; false if one was left in hand. */
    private boolean moveAll(final int segment, final long to, final int toCount)
    {
        final long from = bucketBase[segment];
        final long slots = (long) bucketCount[segment] * SLOTS_PER_BUCKET;
        int moved = 0;
        for (long slot = 0; slot < slots; slot++)
        {
            final long at = from + slot * SLOT_BYTES;
            final long key = SlotMemory.getLong(at);
            if (key != 0)
            {
                if (!place(to, toCount, key, SlotMemory.getLong(at + NEW), -1))
                {
                    return false;
                }
                moved++;
            }
        }
        if (stashKey[segment] != 0)
        {
            if (!place(to, toCount, stashKey[segment], stashNew[segment], -1))
            {
                return false;
            }
            moved++;
        }
        singlesInBuckets[segment] = moved;
        return true;
    }

    @Override
    public int removeChunk(final long chunk)
    {
        final int segment = bucketOf(chunk);
        final long single = singleSlot(segment, chunk);
        if (single != 0)
        {
            removeSingle(segment, single);
            segments.setRecords(segment, segments.records(segment) - 1);
            return REMOVED;
        }
        if (runCount[segment] == 0)
        {
            return REMOVE_NOT_FOUND;
        }
        final int run = runCovering(segment, chunk);
        if (run < 0)
        {
            return REMOVE_NOT_FOUND;
        }
        final long at = runBase[segment] + (long) run * SLOT_BYTES;
        final long old = SlotMemory.getLong(at);
        final long packed = SlotMemory.getLong(at + NEW);
        final int count = ChunkPacking.consecutive(packed);
        if (count == 0)
        {
            // A run that removals shrank to one chunk, still in the run list.
            removeRun(segment, run);
            segments.setRecords(segment, segments.records(segment) - 1);
        }
        else if (chunk == old)
        {
            // The run now starts one chunk later; no record lies between, so the list stays sorted.
            SlotMemory.putLong(at, old + 1);
            SlotMemory.putLong(at + NEW, packed + 1 - ChunkPacking.ONE_CONSECUTIVE);
        }
        else if (chunk == old + count)
        {
            SlotMemory.putLong(at + NEW, packed - ChunkPacking.ONE_CONSECUTIVE);
        }
        else
        {
            return REMOVE_FROM_MIDDLE;
        }
        return REMOVED;
    }

    @Override
    public void forEachRecord(final RecordVisitor visitor)
    {
        for (int segment = 0; segment < segments.count(); segment++)
        {
            final long base = bucketBase[segment];
            final long slots = (long) bucketCount[segment] * SLOTS_PER_BUCKET;
            for (long slot = 0; slot < slots; slot++)
            {
                final long at = base + slot * SLOT_BYTES;
                final long key = SlotMemory.getLong(at);
                if (key != 0)
                {
                    visitor.record(key - 1, ChunkPacking.chunkNumber(SlotMemory.getLong(at + NEW)), 0);
                }
            }
            if (stashKey[segment] != 0)
            {
                visitor.record(stashKey[segment] - 1, ChunkPacking.chunkNumber(stashNew[segment]), 0);
            }
            final long runs = runBase[segment];
            for (int run = 0; run < runCount[segment]; run++)
            {
                final long at = runs + (long) run * SLOT_BYTES;
                final long packed = SlotMemory.getLong(at + NEW);
                visitor.record(SlotMemory.getLong(at), ChunkPacking.chunkNumber(packed), ChunkPacking.consecutive(packed));
            }
        }
    }

    @Override
    public long footprintBytes()
    {
        // Lock words, then per segment: two buffer references, three addresses and stash words, four counts.
        long bytes = segments.bytes() + (long) segments.count() * (2 * 4 + 4 * Long.BYTES + 4 * Integer.BYTES);
        for (int segment = 0; segment < segments.count(); segment++)
        {
            if (bucketRoot[segment] != null)
            {
                bytes += bucketRoot[segment].capacity();
            }
            if (runBuffer[segment] != null)
            {
                bytes += runBuffer[segment].capacity();
            }
        }
        return bytes;
    }

    @Override
    public void close()
    {
        for (int segment = 0; segment < segments.count(); segment++)
        {
            final ByteBuffer buckets = bucketRoot[segment];
            final ByteBuffer runs = runBuffer[segment];
            bucketRoot[segment] = null;
            bucketBase[segment] = 0;
            bucketCount[segment] = 0;
            singlesInBuckets[segment] = 0;
            stashKey[segment] = 0;
            stashNew[segment] = 0;
            runBuffer[segment] = null;
            runBase[segment] = 0;
            runCapacity[segment] = 0;
            runCount[segment] = 0;
            DirectMemory.free(buckets);
            DirectMemory.free(runs);
        }
        segments.close();
    }
}
