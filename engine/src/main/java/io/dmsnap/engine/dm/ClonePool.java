package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;
import org.jctools.queues.MpmcArrayQueue;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The clones of one mapped device ({@code md->bs}, the bioset): a lock-free bounded MPMC queue of
 * free {@link Bio} objects. Submitters take clones, completion threads give them back, both from
 * any thread. When the queue is empty a new clone is allocated (the pool grows with the peak
 * number of clones in flight); when it is full a returned clone is left to the garbage collector.
 * In steady state, with fewer than {@link #CAPACITY} clones in flight, nothing is allocated.
 *
 * <p>A queue rather than a Treiber stack linked through the bios: reused nodes make a stack's
 * compare-and-set vulnerable to ABA, and the array queue's sequence numbers are not.
 */
final class ClonePool
{
    /** Free clones kept at most. */
    static final int CAPACITY = 1024;

    private final MpmcArrayQueue<Bio> free = new MpmcArrayQueue<>(CAPACITY);
    private final AtomicLong allocated = new AtomicLong();

    /** A free clone, allocated when none is left. Its fields are stale; the caller initialises it. */
    Bio acquire()
    {
        final Bio clone = free.poll();
        if (clone != null)
        {
            return clone;
        }
        allocated.incrementAndGet();
        return new Bio();
    }

    /**
     * Give a finished clone back. Drops the references it holds (data buffer, parent, target) so a
     * pooled clone keeps nothing alive. The caller must not touch it afterwards.
     */
    void release(final Bio clone)
    {
        clone.data(null, 0);
        clone.parent = null;
        clone.mappedBy = null;
        free.offer(clone);      // the queue's ordered store publishes the writes above to the next taker
    }

    /** Clones allocated since the device was created. */
    long allocated()
    {
        return allocated.get();
    }
}
