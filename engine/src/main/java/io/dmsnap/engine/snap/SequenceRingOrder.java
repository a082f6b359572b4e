package io.dmsnap.engine.snap;

/**
 * Early finishers parked in a ring indexed by sequence number: slot {@code sequence & mask}. Not a
 * kernel design; the {@code experimental} preset's replacement for the rbtree (3db2776d).
 *
 * <p>Why a ring is enough: sequences are handed out densely under {@code pe_allocation_lock}, and
 * every sequence from {@code completeSequence} up to the newest allocated one belongs to an
 * exception that is either still copying or parked here. So the parked sequences always lie in
 * {@code (completeSequence, completeSequence + uncommitted)}, where {@code uncommitted} is the
 * number of exceptions allocated and not yet committed: the copies in flight plus those parked
 * behind the oldest of them. With a capacity above that span two parked sequences never share a
 * slot, and parking, taking the next one and checking for a duplicate are each one array access:
 * no walk, no rebalancing, no comparisons.
 *
 * <p>Growth: when a sequence lands at or beyond {@code completeSequence + capacity} the array
 * doubles (until the distance fits) and the parked exceptions move to their slots in the new one.
 * The capacity only grows, so once it covers the widest span the snapshot has had (with the COW
 * throttle on, the threshold's copies plus whatever finished behind a slow one) the stage
 * allocates nothing; parking never allocates per I/O. Like the tree, the ring holds references
 * only: the parked exceptions are the pooled ones.
 *
 * <p>Invariants: {@code slots.length} is a power of two; a non-null {@code slots[i]} holds an
 * exception whose {@code sequence & mask == i} and whose sequence is greater than
 * {@code completeSequence} and less than {@code completeSequence + slots.length}; {@code size} is
 * the number of non-null slots.
 *
 * <p>Thread: the snapshot's copier thread only, as every {@link CompletionOrder}; no field is shared.
 */
final class SequenceRingOrder extends CompletionOrder
{
    /** First capacity; the ring doubles from here to the largest span of copies in flight it meets. */
    static final int INITIAL_CAPACITY = 64;

    private PendingException[] slots;
    private int mask;
    private int size;

    SequenceRingOrder(final Committer committer)
    {
        this(committer, INITIAL_CAPACITY);
    }

    SequenceRingOrder(final Committer committer, final int initialCapacity)
    {
        super(committer);
        if (initialCapacity < 1 || Integer.bitCount(initialCapacity) != 1)
        {
            throw new IllegalArgumentException("ring capacity must be a power of two, got " + initialCapacity);
        }
        this.slots = new PendingException[initialCapacity];
        this.mask = initialCapacity - 1;
    }

    @Override
    PendingException takeNext()
    {
        if (size == 0)
        {
            return null;
        }
        final int slot = (int) (completeSequence & mask);
        final PendingException pe = slots[slot];
        if (pe == null)
        {
            return null;
        }
        // By the invariant a parked exception in this slot can only be completeSequence's.
        slots[slot] = null;
        size--;
        return pe;
    }

    /**
     * Smallest parked exception, or null: a scan from {@code completeSequence}, O(capacity). For
     * tests and diagnostics; the commit path uses {@link #takeNext()}.
     */
    @Override
    PendingException first()
    {
        if (size == 0)
        {
            return null;
        }
        for (int i = 0; i < slots.length; i++)
        {
            final PendingException pe = slots[(int) ((completeSequence + i) & mask)];
            if (pe != null)
            {
                return pe;
            }
        }
        throw new IllegalStateException(size + " parked but no slot is occupied");
    }

    @Override
    void removeFirst(final PendingException pe)
    {
        final int slot = (int) (pe.sequence & mask);
        if (slots[slot] != pe)
        {
            throw new IllegalStateException("exception " + pe.sequence + " is not parked");
        }
        slots[slot] = null;
        size--;
    }

    @Override
    void park(final PendingException pe)
    {
        final long seq = pe.sequence;
        final long distance = seq - completeSequence;
        if (distance <= 0)
        {
            // Below the commit point: this sequence was already committed (or never allocated).
            throw new IllegalStateException("duplicate exception sequence " + seq + " (next expected "
                + completeSequence + ")");
        }
        if (distance >= slots.length)
        {
            grow(distance);
        }
        final int slot = (int) (seq & mask);
        final PendingException occupant = slots[slot];
        if (occupant != null)
        {
            // Within the span each sequence has its own slot, so any occupant is the same sequence.
            throw new IllegalStateException("duplicate exception sequence " + seq);
        }
        slots[slot] = pe;
        size++;
    }

    /** Double the capacity until {@code distance} fits, re-seating every parked exception. */
    private void grow(final long distance)
    {
        long capacity = slots.length;
        while (capacity <= distance)
        {
            capacity <<= 1;
        }
        if (capacity > 1 << 30)
        {
            throw new IllegalStateException("exception sequence " + (completeSequence + distance)
                + " is " + distance + " past the next to commit (" + completeSequence + "): more copies in flight than a ring can hold");
        }
        final PendingException[] grown = new PendingException[(int) capacity];
        final int newMask = (int) capacity - 1;
        for (final PendingException pe : slots)
        {
            if (pe != null)
            {
                grown[(int) (pe.sequence & newMask)] = pe;
            }
        }
        slots = grown;
        mask = newMask;
    }

    @Override
    int parked()
    {
        return size;
    }

    /** Current capacity in slots (tests: growth happens only when needed). */
    int capacity()
    {
        return slots.length;
    }
}
