package io.dmsnap.engine.block;

/**
 * An intrusive FIFO of bios linked through {@code Bio.next} ({@code struct bio_list}).
 * Adding and popping allocate nothing. Not thread-safe: the owner guards it (for a pending
 * exception, the pending-bucket lock).
 */
public final class BioList
{
    private Bio head;
    private Bio tail;

    public boolean isEmpty()
    {
        return head == null;
    }

    public void add(final Bio bio)
    {
        bio.next = null;
        if (tail == null)
        {
            head = bio;
        }
        else
        {
            tail.next = bio;
        }
        tail = bio;
    }

    /** Remove and return the first bio, or null. */
    public Bio pop()
    {
        final Bio bio = head;
        if (bio != null)
        {
            head = bio.next;
            if (head == null)
            {
                tail = null;
            }
            bio.next = null;
        }
        return bio;
    }

    /** Move every bio of this list to the end of {@code into} and leave this list empty. */
    public void moveTo(final BioList into)
    {
        if (head == null)
        {
            return;
        }
        if (into.tail == null)
        {
            into.head = head;
        }
        else
        {
            into.tail.next = head;
        }
        into.tail = tail;
        head = null;
        tail = null;
    }

    /**
     * Empty the list and return its first bio; the rest stay chained behind it, to be walked with
     * {@link Bio#takeNext()}. Lets an owner hand a whole list over without allocating.
     */
    public Bio detach()
    {
        final Bio first = head;
        head = null;
        tail = null;
        return first;
    }

    public int size()
    {
        int n = 0;
        for (Bio b = head; b != null; b = b.next)
        {
            n++;
        }
        return n;
    }
}
