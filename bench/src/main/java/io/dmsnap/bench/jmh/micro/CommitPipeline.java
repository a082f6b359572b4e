package io.dmsnap.bench.jmh.micro;

import io.dmsnap.engine.store.CommitCallback;
import io.dmsnap.engine.store.ExceptionStore;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Writers prepare exceptions, one committer commits them in preparation order: the shape of the
 * engine's persistent-store traffic (allocation under the snapshot's allocation lock on writer
 * threads, {@code commit_exception} on the copier thread in sequence order), without the copies.
 *
 * <p>A ring of {@code capacity} slots carries prepared (old, new) pairs from writers to the
 * committer and bounds the exceptions outstanding, as {@code cow_threshold} bounds copies in
 * flight. Neither side blocks: {@link #tryPrepare} and {@link #tryCommit} report "not now" and the
 * caller decides how to wait.
 *
 * <p>Thread safety and memory ordering:
 * <ul>
 *   <li>{@link #tryPrepare}: any number of writer threads. Sequence assignment, the store's
 *       {@code prepareException} and the slot writes happen under {@code allocationLock}, so
 *       sequence order is allocation order. The slot's pair is written plainly and then published
 *       by a release store of the sequence into {@code published}.</li>
 *   <li>{@link #tryCommit}: exactly one committer thread. It reads the slot's sequence with acquire
 *       semantics, so a matching sequence makes the pair visible; after the commit it frees the slot
 *       with a volatile write of {@code committed}, which writers read (under their lock) before
 *       they reuse a slot, so a slot is never overwritten before the committer has read it.</li>
 * </ul>
 */
final class CommitPipeline
{
    /** {@link #tryPrepare} result when {@code capacity} exceptions are already outstanding. */
    static final long RING_FULL = -2L;

    private final ExceptionStore store;
    private final int capacity;
    private final int mask;
    private final long[] oldChunks;
    private final long[] newChunks;
    /** Slot i holds the sequence last published into it; -1 before the first. Release/acquire. */
    private final AtomicLongArray published;
    private final Object allocationLock = new Object();
    private final CommitCallback callback = (context, success) -> onDurable(success);

    /** Next sequence to hand out; guarded by {@code allocationLock}. */
    private long nextSequence;
    /** Sequences below this are committed; written by the committer only, read by writers. */
    private volatile long committed;
    /** Committer only: callbacks received, and how many said the store was invalid. */
    private long durable;
    private long failed;

    /** @param capacity most exceptions prepared and not yet committed; a power of two */
    CommitPipeline(final ExceptionStore store, final int capacity)
    {
        if (capacity < 1 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        this.store = store;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.oldChunks = new long[capacity];
        this.newChunks = new long[capacity];
        this.published = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++)
        {
            published.set(i, -1L);
        }
    }

    /**
     * Writer: allocate a COW chunk for {@code oldChunk} and queue it for commit. Returns the new
     * chunk, {@link #RING_FULL} when {@code capacity} exceptions are outstanding, or
     * {@link ExceptionStore#FULL} when the COW device is full.
     */
    long tryPrepare(final long oldChunk)
    {
        synchronized (allocationLock)
        {
            final long sequence = nextSequence;
            if (sequence - committed >= capacity)   // volatile read: the committer is done with the slot
            {
                return RING_FULL;
            }
            final long newChunk = store.prepareException(oldChunk);
            if (newChunk == ExceptionStore.FULL)
            {
                return newChunk;
            }
            final int slot = (int) sequence & mask;
            oldChunks[slot] = oldChunk;
            newChunks[slot] = newChunk;
            published.setRelease(slot, sequence);   // publishes the pair written above
            nextSequence = sequence + 1;
            return newChunk;
        }
    }

    /** Committer: commit the next exception in sequence order; false when it is not prepared yet. */
    boolean tryCommit()
    {
        final long sequence = committed;   // only this thread writes it
        final int slot = (int) sequence & mask;
        if (published.getAcquire(slot) != sequence)   // acquire: the pair written before the release
        {
            return false;
        }
        store.commitException(oldChunks[slot], newChunks[slot], true, callback, null);
        committed = sequence + 1;   // volatile write: the slot may be reused from now on
        return true;
    }

    private void onDurable(final boolean success)
    {
        durable++;   // committer thread: the store calls back from commitException
        if (!success)
        {
            failed++;
        }
    }

    /** Exceptions committed so far (committer thread, or any thread for a racy look). */
    long committed()
    {
        return committed;
    }

    /** Commit callbacks received so far; committer thread. */
    long durable()
    {
        return durable;
    }

    /** Callbacks that reported an invalid store; committer thread. */
    long failed()
    {
        return failed;
    }

    int capacity()
    {
        return capacity;
    }
}
