package io.dmsnap.engine.copy;

/**
 * An intrusive FIFO of jobs linked through {@code KcopydJob.next}: the copier thread's private
 * complete, pages and io lists. Adding and popping allocate nothing. Not thread-safe: only the
 * copier thread touches these lists, and a job is on at most one of them at a time.
 */
final class JobQueue
{
    private KcopydJob head;
    private KcopydJob tail;

    boolean isEmpty()
    {
        return head == null;
    }

    KcopydJob peek()
    {
        return head;
    }

    void add(final KcopydJob job)
    {
        job.next = null;
        if (tail == null)
        {
            head = job;
        }
        else
        {
            tail.next = job;
        }
        tail = job;
    }

    /** Remove and return the first job, or null. */
    KcopydJob pop()
    {
        final KcopydJob job = head;
        if (job != null)
        {
            head = job.next;
            if (head == null)
            {
                tail = null;
            }
            job.next = null;
        }
        return job;
    }
}
