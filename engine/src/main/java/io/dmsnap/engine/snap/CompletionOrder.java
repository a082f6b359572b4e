package io.dmsnap.engine.snap;

import io.dmsnap.engine.config.Switches.CommitOrder;

/**
 * The stage between copy completion and the store commit: the {@code commitOrder} switch ({@code copy_callback},
 * {@code complete_exception}; 230c83af, 3db2776d). Exceptions are allocated in sequence order under the allocation lock; the in-order
 * variants hand them to the store in that same order, parking early finishers until their
 * predecessors are done, so that what a persistent store records is always a prefix of the
 * allocations (230c83af).
 *
 * <p>Thread: the snapshot's copier thread only, or a submitter holding the copier's role for a
 * run-to-completion copy (copy callbacks never run concurrently for one snapshot, and the role's
 * hand-over orders one holder's writes before the next one's reads), which is why the
 * implementations need no locks.
 */
abstract class CompletionOrder
{
    /** Where an exception goes once its turn has come: the store commit ({@code complete_exception}). */
    interface Committer
    {
        void complete(PendingException pe);
    }

    /** Next sequence number expected to complete ({@code exception_complete_sequence}). */
    protected long completeSequence;
    protected final Committer committer;

    CompletionOrder(final Committer committer)
    {
        this.committer = committer;
    }

    static CompletionOrder create(final CommitOrder order, final Committer committer)
    {
        switch (order)
        {
            case AS_COMPLETED:
                return new AsCompletedOrder(committer);
            case IN_ORDER_LIST:
                return new SortedListOrder(committer);
            case IN_ORDER_TREE:
                return new RbTreeOrder(committer);
            case IN_ORDER_RING:
                return new SequenceRingOrder(committer);
            default:
                throw new IllegalArgumentException("unknown commit order " + order);
        }
    }

    /** A copy finished ({@code pe.copyError} already set): commit it now or park it. */
    final void copyDone(final PendingException pe)
    {
        if (pe.sequence == completeSequence)
        {
            completeSequence++;
            committer.complete(pe);
            PendingException next;
            while ((next = takeNext()) != null)
            {
                completeSequence++;
                committer.complete(next);
            }
        }
        else
        {
            park(pe);
        }
    }

    /**
     * Remove and return the parked exception whose sequence is {@code completeSequence}, or null
     * when it is not parked (still copying, or nothing is parked). Through {@link #first()} unless
     * a structure can find it directly.
     */
    PendingException takeNext()
    {
        final PendingException first = first();
        if (first == null || first.sequence != completeSequence)
        {
            return null;
        }
        removeFirst(first);
        return first;
    }

    /**
     * Start the sequence over at 0 with nothing parked, keeping whatever the structure allocated
     * (a stand-alone {@link ReorderStage} runs many permutations through one structure).
     *
     * @throws IllegalStateException when exceptions are still parked
     */
    void restart()
    {
        if (parked() != 0)
        {
            throw new IllegalStateException("restart with " + parked() + " exceptions parked");
        }
        completeSequence = 0;
    }

    /** Smallest parked exception, or null. */
    abstract PendingException first();

    /** Remove {@code pe}, which {@link #first()} just returned. */
    abstract void removeFirst(PendingException pe);

    /** Park an exception that completed before a predecessor. A duplicate sequence is a fatal bug. */
    abstract void park(PendingException pe);

    /** Number of parked exceptions (diagnostics; may walk the structure). */
    abstract int parked();

    final long completeSequence()
    {
        return completeSequence;
    }
}
