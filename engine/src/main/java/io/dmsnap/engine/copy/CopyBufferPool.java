package io.dmsnap.engine.copy;

import io.dmsnap.engine.block.DirectMemory;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bounded memory that copy buffers come from: one direct arena cut by a binary buddy allocator
 * into power-of-two runs of 4 KiB pages. A job's buffer is one contiguous run, so one bio per
 * device covers it, and {@code Bio.data(arena, offset)} addresses it without a slice object.
 *
 * <p>Invariants: every page belongs to exactly one block (free or allocated); a free block of order
 * {@code k} starts at a page index that is a multiple of {@code 2^k}, lies wholly inside the arena,
 * is on free list {@code k} and has {@code freeOrder[head] == k}; every other page has
 * {@code freeOrder == -1}. Two free buddies of the same order never coexist (they are merged).
 * {@link #bytesInUse()} never exceeds {@link #capacityBytes()}: allocation fails instead.
 *
 * <p>Thread safety: none. Only the copier thread allocates and frees, and allocation and freeing
 * allocate nothing.
 */
final class CopyBufferPool
{
    static final int PAGE_SHIFT = 12;
    static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    /** Returned by {@link #allocate} when no block is free. */
    static final int NO_BUFFER = -1;
    private static final int NONE = -1;

    private ByteBuffer arena;
    private final int pages;
    private final int maxOrder;
    private final int[] freeHead;
    private final int[] next;
    private final int[] prev;
    private final byte[] freeOrder;
    private long bytesInUse;

    /**
     * @param capacityBytes  the arena size; rounded down to whole pages
     * @param maxBlockBytes  the largest single request; blocks never merge beyond its order
     */
    CopyBufferPool(final long capacityBytes, final int maxBlockBytes)
    {
        this.maxOrder = order(maxBlockBytes);
        this.pages = (int) (capacityBytes >>> PAGE_SHIFT);
        if (pages < 1 << maxOrder)
        {
            throw new IllegalArgumentException("pool of " + capacityBytes + " bytes cannot hold a "
                + maxBlockBytes + "-byte buffer");
        }
        this.arena = ByteBuffer.allocateDirect(pages << PAGE_SHIFT);
        this.freeHead = new int[maxOrder + 1];
        this.next = new int[pages];
        this.prev = new int[pages];
        this.freeOrder = new byte[pages];
        Arrays.fill(freeHead, NONE);
        Arrays.fill(freeOrder, (byte) NONE);
        // Carve the arena greedily into the largest aligned blocks that fit.
        int page = 0;
        while (page < pages)
        {
            int k = Math.min(maxOrder, Integer.numberOfTrailingZeros(page == 0 ? Integer.MIN_VALUE : page));
            while (page + (1 << k) > pages)
            {
                k--;
            }
            push(page, k);
            page += 1 << k;
        }
    }

    /** The bytes a request of {@code bytes} really occupies (a power-of-two number of pages). */
    static long blockBytes(final int bytes)
    {
        return (long) PAGE_SIZE << order(bytes);
    }

    /** Buddy order of a request: log2 of its page count rounded up to a power of two. */
    static int order(final int bytes)
    {
        final int pagesNeeded = Math.max(1, (bytes + PAGE_SIZE - 1) >>> PAGE_SHIFT);
        return 32 - Integer.numberOfLeadingZeros(pagesNeeded - 1);
    }

    ByteBuffer arena()
    {
        return arena;
    }

    long capacityBytes()
    {
        return (long) pages << PAGE_SHIFT;
    }

    long bytesInUse()
    {
        return bytesInUse;
    }

    /** A buffer of at least {@code bytes}: its byte offset in {@link #arena()}, or {@link #NO_BUFFER}. */
    int allocate(final int bytes)
    {
        final int order = order(bytes);
        if (order > maxOrder)
        {
            throw new IllegalArgumentException("request of " + bytes + " bytes exceeds the largest block");
        }
        int k = order;
        while (k <= maxOrder && freeHead[k] == NONE)
        {
            k++;
        }
        if (k > maxOrder)
        {
            return NO_BUFFER;
        }
        final int page = freeHead[k];
        remove(page, k);
        while (k > order)   // split, keeping the lower half and freeing the upper buddy
        {
            k--;
            push(page + (1 << k), k);
        }
        bytesInUse += (long) PAGE_SIZE << order;
        return page << PAGE_SHIFT;
    }

    /** Return a buffer obtained from {@link #allocate} with the same {@code bytes}. */
    void free(final int offset, final int bytes)
    {
        final int order = order(bytes);
        int page = offset >>> PAGE_SHIFT;
        int k = order;
        while (k < maxOrder)
        {
            final int buddy = page ^ (1 << k);
            if (buddy >= pages || freeOrder[buddy] != k)
            {
                break;
            }
            remove(buddy, k);
            page = Math.min(page, buddy);
            k++;
        }
        push(page, k);
        bytesInUse -= (long) PAGE_SIZE << order;
    }

    /**
     * Free the arena at once rather than when the collector gets to it (a soak that creates and
     * removes thousands of snapshots would otherwise reach the direct-memory limit first). Called
     * once, on the client's worker-less close: every job has ended and the worker has been joined,
     * so no bio addresses the arena any more.
     */
    void release()
    {
        final ByteBuffer freed = arena;
        arena = null;
        DirectMemory.free(freed);
    }

    private void push(final int page, final int k)
    {
        final int head = freeHead[k];
        next[page] = head;
        prev[page] = NONE;
        if (head != NONE)
        {
            prev[head] = page;
        }
        freeHead[k] = page;
        freeOrder[page] = (byte) k;
    }

    private void remove(final int page, final int k)
    {
        final int n = next[page];
        final int p = prev[page];
        if (p == NONE)
        {
            freeHead[k] = n;
        }
        else
        {
            next[p] = n;
        }
        if (n != NONE)
        {
            prev[n] = p;
        }
        freeOrder[page] = (byte) NONE;
    }
}
