package io.dmsnap.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The copier role (copyCompletion=SUBMITTER_WHEN_IDLE, preset experimental): a submitter's
 * run-to-completion copy races with a job queued on the same copier. Both callbacks run exactly
 * once, each on the thread holding the role, never at the same time, the second seeing the first's
 * writes; a job that finished before the submitter tried is called back first. See
 * {@link CopierRoleRace}.
 *
 * <p>Outcome: the run-to-completion job's ticket, the queued job's ticket, 2 x (the submitter saw
 * the queued job posted before it tried) + (the copy ran on the submitter). Tickets 0 and 1 in
 * some order; -1 is a lost callback (10 s) or one run without the role, 100 an overlap.
 */
public final class CopierRoleStress
{
    private CopierRoleStress()
    {
    }

    /**
     * Against a finished job posted to the copier (a bio completion's prepared callback).
     * FORBIDDEN besides lost, duplicated or overlapping callbacks: "0, 1, 2" and "0, 1, 3", the
     * submitter's callback before that of a job that had finished before it started.
     */
    @JCStressTest
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "the copier was idle: copied and called back on the submitter first")
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "the copier was busy: queued, and finished first")
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "the copier was busy: queued behind the posted callback")
    @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "saw the posted callback, queued behind it")
    @Outcome(id = "1, 0, 3", expect = ACCEPTABLE_INTERESTING,
        desc = "saw the posted callback, which the worker ran before the submitter took the role")
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE_INTERESTING,
        desc = "the posted callback ran on the worker, then the submitter ran its copy")
    @Outcome(expect = FORBIDDEN, desc = "out of finish order, overlapping, lost or unseen callbacks")
    @State
    public static class AgainstPostedCallback
    {
        private final CopierRoleRace race = new CopierRoleRace();

        @Actor
        public void submitter()
        {
            race.runHereOrQueue();
        }

        @Actor
        public void completion()
        {
            race.postCallback();
        }

        @Arbiter
        public void arbiter(final III_Result r)
        {
            race.await(r);
        }
    }

    /**
     * Against a copy queued by another submitter: whichever is called back first, tickets are 0 and
     * 1 (mutual exclusion and visibility across the role's hand-over between submitter and worker).
     */
    @JCStressTest
    @Outcome(id = {"0, 1, 1", "0, 1, 3"}, expect = ACCEPTABLE, desc = "ran on the submitter, before the queued copy's callback")
    @Outcome(id = {"1, 0, 1", "1, 0, 3"}, expect = ACCEPTABLE_INTERESTING,
        desc = "the queued copy finished before the submitter took the role, then it ran its own")
    @Outcome(id = {"0, 1, 0", "1, 0, 0", "0, 1, 2", "1, 0, 2"}, expect = ACCEPTABLE,
        desc = "the copier was busy: both queued, called back on the worker in finish order")
    @Outcome(expect = FORBIDDEN, desc = "overlapping, lost, duplicated or unseen callbacks")
    @State
    public static class AgainstQueuedCopy
    {
        private final CopierRoleRace race = new CopierRoleRace();

        @Actor
        public void submitter()
        {
            race.runHereOrQueue();
        }

        @Actor
        public void otherSubmitter()
        {
            race.queueCopy();
        }

        @Arbiter
        public void arbiter(final III_Result r)
        {
            race.await(r);
        }
    }
}
