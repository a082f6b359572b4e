package io.dmsnap.jcstress;

import io.dmsnap.engine.config.Switches.CommitOrder;
import io.dmsnap.engine.copy.CopyCallback;
import io.dmsnap.engine.copy.Kcopyd;
import io.dmsnap.engine.copy.KcopydConfig;
import io.dmsnap.engine.snap.ReorderStage;

import org.openjdk.jcstress.infra.results.III_Result;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two copy completions of one snapshot, sequences 0 and 1, posted to a real copier from two
 * threads and committed through an in-order stage on the copier thread, as a snapshot's copy
 * callbacks are. One per jcstress state.
 *
 * <p>Threads: {@link #post} from the actors; {@link #CALLBACK} (and so the {@link ReorderStage},
 * which is single-threaded) on the copier's worker only; {@link #awaitBoth} from the arbiter.
 * The stage's fields and {@code committedAfter} are plain: written on the worker, they are read
 * by the arbiter only after it has seen {@code done == 2}, and the volatile increment of
 * {@code done} by the worker after those writes is the release that makes them visible.
 */
final class CopierCompletions
{
    /** Reported for a sequence whose callback never ran. */
    static final int NEVER_CALLED = -1;

    /**
     * One copier per test JVM: a copier owns a worker thread, too much for each of millions of
     * states. Its callbacks run one at a time on that thread, whatever state they belong to.
     */
    private static final Kcopyd COPIER = new Kcopyd("jcstress", new KcopydConfig(8, 64 << 10, null));

    /** Commit the completion's sequence on the copier thread and note what was committed by then. */
    private static final CopyCallback CALLBACK = (readErr, writeErr, context) ->
    {
        final Completion c = (Completion) context;
        final CopierCompletions owner = c.owner;
        owner.stage.copyDone(c.sequence);
        c.committedAfter = (int) owner.stage.committed();
        owner.done.incrementAndGet();   // volatile: publishes the plain writes above to awaitBoth
    };

    private final ReorderStage stage;
    private final Completion zero = new Completion(this, 0);
    private final Completion one = new Completion(this, 1);
    private final AtomicInteger done = new AtomicInteger();

    CopierCompletions(final CommitOrder order)
    {
        this.stage = new ReorderStage(order, 2);
    }

    /** Post the completion of {@code sequence} (0 or 1) to the copier. Any thread, once per sequence. */
    void post(final int sequence)
    {
        // prepareCallback/doCallback is how a bio completion hands work to the copier thread; the
        // copier's inbox (release on offer, acquire on poll) publishes the context to the worker.
        COPIER.doCallback(COPIER.prepareCallback(CALLBACK, sequence == 0 ? zero : one), 0, 0L);
    }

    /**
     * Arbiter: wait (bounded) for both callbacks, then fill r1 = stage's committed count right after
     * sequence 0's callback, r2 = the same after sequence 1's, r3 = commits out of sequence order.
     * A callback that never ran shows as {@link #NEVER_CALLED}.
     */
    void awaitBoth(final III_Result r)
    {
        if (!CallbackWait.forCount(done, 2))
        {
            r.r1 = NEVER_CALLED;
            r.r2 = NEVER_CALLED;
            r.r3 = NEVER_CALLED;
            return;
        }
        r.r1 = zero.committedAfter;
        r.r2 = one.committedAfter;
        r.r3 = (int) stage.outOfOrderCommits();
    }

    /** The context of one posted completion. */
    private static final class Completion
    {
        final CopierCompletions owner;
        final int sequence;
        /** Stage's committed count right after this completion's callback; copier thread, then arbiter. */
        int committedAfter = NEVER_CALLED;

        Completion(final CopierCompletions owner, final int sequence)
        {
            this.owner = owner;
            this.sequence = sequence;
        }
    }
}
