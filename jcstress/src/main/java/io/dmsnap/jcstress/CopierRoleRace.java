package io.dmsnap.jcstress;

import io.dmsnap.engine.block.NullDevice;
import io.dmsnap.engine.copy.Copier;
import io.dmsnap.engine.copy.CopyCallback;
import io.dmsnap.engine.copy.Kcopyd;
import io.dmsnap.engine.copy.KcopydConfig;

import org.openjdk.jcstress.infra.results.III_Result;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A submitter's run-to-completion copy ({@link Kcopyd#tryCopyHere}, falling back to a queued copy
 * as a snapshot does) racing with a job queued on the same copier: a posted prepared callback, the
 * way a bio completion hands work to the copier thread, or a queued copy. One per jcstress state.
 *
 * <p>What the callbacks check. Each state has a plain counter, {@code calls}; each callback takes
 * its value as its ticket and stores ticket + 1. With the copier role a mutex whose hand-over
 * orders one holder's writes before the next holder's reads, the two callbacks of a state get
 * tickets 0 and 1 whichever thread runs them; two callbacks running at once, or one not seeing
 * the other's store, would give both ticket 0. A client-wide {@code running} count catches
 * overlapping callbacks of different states too (they share the copier): an overlap makes the
 * ticket {@link #OVERLAP}.
 *
 * <p>Threads: {@link #runHereOrQueue} and {@link #postCallback}/{@link #queueCopy} from the actors;
 * {@link #CALLBACK} on whoever holds the copier's role (the worker, or the submitter inside
 * {@code tryCopyHere}); {@link #await} from the arbiter, which reads the plain fields only after it
 * has seen {@code done == 2}: the callbacks' volatile increments of {@code done} after their plain
 * writes publish them.
 */
final class CopierRoleRace
{
    /** Reported for a callback that never ran. */
    static final int NEVER_CALLED = -1;
    /** Reported as the ticket of a callback that found another callback of the client running. */
    static final int OVERLAP = 100;

    /**
     * One copier per test JVM (a copier owns a worker thread), allowing run-to-completion copies,
     * with 8-sector pieces; devices that complete inline, so a submitter that gets the role finishes
     * the whole copy on its own thread.
     */
    private static final Kcopyd COPIER =
        new Kcopyd("jcstress-role", new KcopydConfig(8, 64 << 10, null).withRunToCompletion(true));
    private static final NullDevice SOURCE = new NullDevice("role-src", 1024);
    private static final NullDevice DEST = new NullDevice("role-dst", 1024);
    private static final Copier.IdleCheck IDLE = () -> true;
    /** Callbacks of the client running now, over all states: more than one is a broken role. */
    private static final AtomicInteger RUNNING = new AtomicInteger();

    private static final CopyCallback CALLBACK = (readErr, writeErr, context) ->
    {
        final Job job = (Job) context;
        final CopierRoleRace owner = job.owner;
        final boolean alone = RUNNING.incrementAndGet() == 1;
        final int ticket = owner.calls;   // plain: ordered by the role's hand-over, or lost
        owner.calls = ticket + 1;
        job.ticket = alone ? ticket : OVERLAP;
        job.holder = COPIER.isCopierThread();
        RUNNING.decrementAndGet();
        owner.done.incrementAndGet();     // volatile: publishes the plain writes above to await
    };

    private final Job here = new Job(this);
    private final Job queued = new Job(this);
    private final AtomicInteger done = new AtomicInteger();
    /** Callbacks run so far; plain, see the class comment. */
    private int calls;
    /** Written by the queued job's actor after it posted (volatile), read by the other before it submits. */
    private volatile boolean queuedPosted;
    /** Whether the submitter saw the queued job posted before it tried; submitter only, then arbiter. */
    private boolean sawQueuedFirst;
    /** Whether the submitter's copy ran on its own thread; submitter only, then arbiter. */
    private boolean ranHere;

    /** Actor: the snapshot's move, a run-to-completion copy, or the queued copy when it is refused. */
    void runHereOrQueue()
    {
        sawQueuedFirst = queuedPosted;
        ranHere = COPIER.tryCopyHere(SOURCE, 0, 8, DEST, 0, CALLBACK, here, IDLE);
        if (!ranHere)
        {
            COPIER.copy(SOURCE, 0, 8, DEST, 0, CALLBACK, here);
        }
    }

    /** Actor: a finished job handed to the copier (prepare, then post), as a bio completion does. */
    void postCallback()
    {
        COPIER.doCallback(COPIER.prepareCallback(CALLBACK, queued), 0, 0L);
        queuedPosted = true;
    }

    /** Actor: a copy queued on the copier. */
    void queueCopy()
    {
        COPIER.copy(SOURCE, 16, 8, DEST, 16, CALLBACK, queued);
        queuedPosted = true;
    }

    /**
     * Arbiter: wait (bounded) for both callbacks, then fill r1 = the run-to-completion job's ticket,
     * r2 = the queued job's ticket, r3 = 2 x (the submitter saw the queued job posted first) +
     * (its copy ran on its own thread). A callback that never ran, or ran without the role, shows
     * as {@link #NEVER_CALLED}.
     */
    void await(final III_Result r)
    {
        CallbackWait.forCount(done, 2);   // more than 2 is a duplicated callback: checked below
        if (done.get() != 2 || !here.holder || !queued.holder)
        {
            r.r1 = NEVER_CALLED;
            r.r2 = NEVER_CALLED;
            r.r3 = NEVER_CALLED;
            return;
        }
        r.r1 = here.ticket;
        r.r2 = queued.ticket;
        r.r3 = (sawQueuedFirst ? 2 : 0) + (ranHere ? 1 : 0);
    }

    /** The context of one job. */
    private static final class Job
    {
        final CopierRoleRace owner;
        /** The callback's ticket; written by the callback, read by the arbiter after done == 2. */
        int ticket = NEVER_CALLED;
        /** Whether the callback's thread held the copier role (isCopierThread()). */
        boolean holder;

        Job(final CopierRoleRace owner)
        {
            this.owner = owner;
        }
    }
}
