package io.dmsnap.engine.exception;

import io.dmsnap.engine.block.DirectMemory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Off-heap storage for complete-table records of 24 bytes: {@code old_chunk} (u64), packed
 * {@code new_chunk} (u64, see {@link ChunkPacking}) and {@code next} (index + 1 of the next record
 * in its bucket list, 0 at the end). A record is named by an int index; record {@code i} lives in
 * segment {@code i >>> 16} at byte {@code (i & 0xFFFF) * 24}.
 *
 * <p>Segments of 64 Ki records are allocated on demand and never move or shrink until
 * {@link #close}, so an index stays valid while the record is allocated. Allocation and release
 * are lock-free and may run concurrently from threads holding different bucket locks: released
 * records go on a Treiber stack threaded through their {@code next} field, whose head carries a
 * 32-bit tag against ABA; new records come from a bump index. Only growing by a segment takes a
 * lock (a leaf lock, once per 64 Ki records). Nothing is allocated on the heap except when growing.
 *
 * <p>Field access: the fields of an allocated record belong to whoever holds the lock of the
 * bucket the record is (being) linked into, and are accessed plainly; the bucket unlock's release
 * and the next lock's acquire order them. The free-list links are ordered by the volatile CAS on
 * the free-list head instead.
 */
final class RecordSlab
{
    static final int RECORD_BYTES = 24;
    static final int SEGMENT_SHIFT = 16;
    static final int SEGMENT_RECORDS = 1 << SEGMENT_SHIFT;
    static final int SEGMENT_MASK = SEGMENT_RECORDS - 1;
    static final int SEGMENT_BYTES = SEGMENT_RECORDS * RECORD_BYTES;
    /** Largest record limit: indexes + 1 must fit the 32 low bits of the free-list head. */
    static final int MAX_RECORDS = 1 << 30;

    private static final int OLD = 0;
    private static final int NEW = 8;
    private static final int NEXT = 16;

    private static final VarHandle FIELD = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle SEGMENTS;

    static
    {
        try
        {
            SEGMENTS = MethodHandles.lookup().findVarHandle(RecordSlab.class, "segments", ByteBuffer[].class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int limit;
    /**
     * Aligned segment views. Replaced (never mutated after publication) under {@code growLock} with
     * a release store; read with acquire through {@link #segments()}.
     */
    private ByteBuffer[] segments = new ByteBuffer[0];
    /** Buffers to free; touched only under {@code growLock} and in close. */
    private ByteBuffer[] roots = new ByteBuffer[0];
    /**
     * Records backed by segments. Volatile: written under {@code growLock} after the new segment
     * array is published, so a thread that reads {@code capacity > i} then sees segment {@code i >>> 16}.
     */
    private volatile int capacity;
    /** Next never-used index; advanced by CAS only below {@code capacity}. */
    private final AtomicInteger bump = new AtomicInteger();
    /** Free-list head: tag in the high 32 bits, top index + 1 in the low 32 bits (0 = empty). */
    private final AtomicLong freeHead = new AtomicLong();
    private final Object growLock = new Object();

    /** A slab that refuses to hold more than {@code limit} records at once (1..2^30). */
    RecordSlab(final int limit)
    {
        if (limit < 1 || limit > MAX_RECORDS)
        {
            throw new IllegalArgumentException("record limit must be in 1.." + MAX_RECORDS + ", got " + limit);
        }
        this.limit = limit;
    }

    /**
     * The current segment views. Acquire: pairs with the release in grow(), so the array's
     * elements are seen as written. Any record index obtained from a bucket list under its lock,
     * or from {@link #allocate} in this thread before the call, is covered by the returned array.
     */
    ByteBuffer[] segments()
    {
        return (ByteBuffer[]) SEGMENTS.getAcquire(this);
    }

    /** A free record index, or -1 when the limit is reached or direct memory is exhausted. Any thread. */
    int allocate()
    {
        while (true)
        {
            // Volatile read: acquires the pusher's link write made before its CAS.
            final long head = freeHead.get();
            final int top = (int) head;
            if (top == 0)
            {
                break;
            }
            // Racy read: the record may have been popped and relinked since we read the head. Then
            // the tag has moved on and the CAS below fails, so a stale value is never used. Opaque
            // keeps the read single-copy atomic.
            final long next = (long) FIELD.getOpaque(segments()[(top - 1) >>> SEGMENT_SHIFT], offset(top - 1) + NEXT);
            final long popped = (((head >>> 32) + 1) << 32) | (next & 0xFFFF_FFFFL);
            if (freeHead.compareAndSet(head, popped))
            {
                return top - 1;
            }
        }
        while (true)
        {
            final int index = bump.get();
            if (index >= limit)
            {
                return -1;
            }
            if (index >= capacity && !grow(index))
            {
                return -1;
            }
            if (bump.compareAndSet(index, index + 1))
            {
                return index;
            }
        }
    }

    /** Return a record that is linked nowhere to the free list. Any thread. */
    void free(final int index)
    {
        final ByteBuffer segment = segments()[index >>> SEGMENT_SHIFT];
        while (true)
        {
            final long head = freeHead.get();
            // Plain write, published by the volatile CAS that pushes the record.
            FIELD.set(segment, offset(index) + NEXT, head & 0xFFFF_FFFFL);
            if (freeHead.compareAndSet(head, (((head >>> 32) + 1) << 32) | (index + 1L)))
            {
                return;
            }
        }
    }

    /** Make {@code capacity > index} true; false when direct memory is exhausted. */
    private boolean grow(final int index)
    {
        synchronized (growLock)
        {
            if (capacity > index)
            {
                return true;
            }
            final ByteBuffer[] rootOut = new ByteBuffer[1];
            final ByteBuffer view;
            try
            {
                view = DirectMemory.allocateAligned(SEGMENT_BYTES, Long.BYTES, rootOut);
            }
            catch (final OutOfMemoryError e)
            {
                return false;   // the caller reports ENOMEM and invalidates the snapshot
            }
            final ByteBuffer[] current = segments;
            final ByteBuffer[] grown = Arrays.copyOf(current, current.length + 1);
            grown[current.length] = view;
            roots = Arrays.copyOf(roots, roots.length + 1);
            roots[roots.length - 1] = rootOut[0];
            // Release: the array's elements are complete before any thread can see the array.
            SEGMENTS.setRelease(this, grown);
            // Volatile, after the segment array: readers of capacity then see the new segment.
            capacity = grown.length << SEGMENT_SHIFT;
            return true;
        }
    }

    static int offset(final int index)
    {
        return (index & SEGMENT_MASK) * RECORD_BYTES;
    }

    // Field accessors. The caller holds the lock of the bucket whose list the record belongs to
    // (or is about to be linked into), and passes an array from segments() read after it took
    // that lock or after it allocated the record. Plain access: the lock orders it.

    static long oldChunk(final ByteBuffer[] segs, final int index)
    {
        return (long) FIELD.get(segs[index >>> SEGMENT_SHIFT], offset(index) + OLD);
    }

    static long newChunk(final ByteBuffer[] segs, final int index)
    {
        return (long) FIELD.get(segs[index >>> SEGMENT_SHIFT], offset(index) + NEW);
    }

    static long next(final ByteBuffer[] segs, final int index)
    {
        return (long) FIELD.get(segs[index >>> SEGMENT_SHIFT], offset(index) + NEXT);
    }

    static void setOldChunk(final ByteBuffer[] segs, final int index, final long value)
    {
        FIELD.set(segs[index >>> SEGMENT_SHIFT], offset(index) + OLD, value);
    }

    static void setNewChunk(final ByteBuffer[] segs, final int index, final long value)
    {
        FIELD.set(segs[index >>> SEGMENT_SHIFT], offset(index) + NEW, value);
    }

    static void setNext(final ByteBuffer[] segs, final int index, final long indexPlusOne)
    {
        FIELD.set(segs[index >>> SEGMENT_SHIFT], offset(index) + NEXT, indexPlusOne);
    }

    /** Records the slab may hold now without growing. */
    int capacity()
    {
        return capacity;
    }

    /** Direct bytes held by segments. */
    long bytes()
    {
        return (long) capacity / SEGMENT_RECORDS * SEGMENT_BYTES;
    }

    /** Free every segment; no record may be used afterwards. Idempotent; not thread-safe. */
    void close()
    {
        synchronized (growLock)
        {
            final ByteBuffer[] toFree = roots;
            SEGMENTS.setRelease(this, new ByteBuffer[0]);
            roots = new ByteBuffer[0];
            capacity = 0;
            for (final ByteBuffer r : toFree)
            {
                DirectMemory.free(r);
            }
        }
    }
}
