package io.dmsnap.engine.snap;

import io.dmsnap.engine.config.Switches.CommitOrder;

/**
 * The in-order commit stage on its own ({@code copy_callback}, {@code complete_exception}), for benchmarks and the reorder-complexity
 * scenario (3db2776d): feed it copy completions in any order and it hands exceptions to a counting
 * committer exactly as a snapshot's copier thread would, through the same {@code CompletionOrder}
 * implementation the engine runs.
 *
 * <p>Single-threaded, like the copier thread it stands for. Pending exceptions are allocated once
 * in the constructor, so a run allocates nothing.
 */
public final class ReorderStage
{
    private final CommitOrder kind;
    private final PendingException[] pes;
    private CompletionOrder order;
    private long committed;
    private long lastCommitted;
    private long outOfOrderCommits;

    public ReorderStage(final CommitOrder kind, final int capacity)
    {
        this.kind = kind;
        this.pes = new PendingException[capacity];
        for (int i = 0; i < capacity; i++)
        {
            pes[i] = new PendingException(null);
        }
        reset();
    }

    /**
     * Start over: sequence numbers from 0, nothing parked, counters cleared. The ordering structure
     * is kept when nothing is left parked in it (so a run allocates nothing, and a ring keeps the
     * capacity it grew to), and replaced when a partial run left exceptions behind.
     */
    public void reset()
    {
        if (order == null || order.parked() != 0)
        {
            order = CompletionOrder.create(kind, this::commit);
        }
        else
        {
            order.restart();
        }
        committed = 0;
        lastCommitted = -1;
        outOfOrderCommits = 0;
    }

    private void commit(final PendingException pe)
    {
        if (pe.sequence != lastCommitted + 1)
        {
            outOfOrderCommits++;
        }
        lastCommitted = pe.sequence;
        committed++;
    }

    /**
     * Complete the copies of sequences {@code completionOrder[0..n)} in that order; the array must be
     * a permutation of {@code 0..n-1} with n at most the capacity. Returns the number committed.
     */
    public long complete(final int[] completionOrder)
    {
        reset();
        for (final int seq : completionOrder)
        {
            copyDone(seq);
        }
        return committed;
    }

    /**
     * The copy of sequence {@code seq} finished: commit it (and every parked successor whose turn
     * has come) or park it. Lets a caller feed completions one at a time, for instance from the
     * callbacks of a real copier thread; since {@link #reset} each sequence in
     * {@code 0..capacity-1} may complete once. Same single-thread rule as the class.
     */
    public void copyDone(final int seq)
    {
        final PendingException pe = pes[seq];
        pe.init(seq);
        pe.sequence = seq;
        order.copyDone(pe);
    }

    /** Exceptions committed since {@link #reset}. */
    public long committed()
    {
        return committed;
    }

    /** Sequence of the last exception committed, -1 when none has been since {@link #reset}. */
    public long lastCommitted()
    {
        return lastCommitted;
    }

    /** Exceptions committed with a sequence other than the previous one + 1 (0 for the in-order stages). */
    public long outOfOrderCommits()
    {
        return outOfOrderCommits;
    }

    public int parked()
    {
        return order.parked();
    }
}
