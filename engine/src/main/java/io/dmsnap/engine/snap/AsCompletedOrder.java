package io.dmsnap.engine.snap;

/**
 * No reordering (before 230c83af): every finished copy goes to the store at once. A persistent
 * store then records exceptions in completion order, and a crash between two metadata area writes
 * leaks the COW chunks of allocations that were skipped over (fixed by 230c83af).
 */
final class AsCompletedOrder extends CompletionOrder
{
    AsCompletedOrder(final Committer committer)
    {
        super(committer);
    }

    @Override
    PendingException first()
    {
        return null;
    }

    @Override
    void removeFirst(final PendingException pe)
    {
        throw new IllegalStateException("nothing is parked without reordering");
    }

    @Override
    void park(final PendingException pe)
    {
        // Out of sequence is normal here: commit straight away, the way the old code did.
        committer.complete(pe);
    }

    @Override
    int parked()
    {
        return 0;
    }
}
