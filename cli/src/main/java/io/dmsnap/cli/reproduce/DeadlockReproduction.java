package io.dmsnap.cli.reproduce;

import io.dmsnap.cli.result.Direction;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.stress.Scenario;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.scenarios.Scenarios;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * b2155578: the semaphore COW throttle deadlocked throttled origin writers (holding
 * {@code _origins_lock} for reading), a snapshot constructor (queued for writing) and the copier's
 * completion (needing it for reading). Seeded runs of stress scenario S04 under its negative control
 * ({@code throttle=SEMAPHORE}) and under today's in-progress count; hangs per 1000 runs of each.
 * Each run is {@value #ROUNDS_NOTE}.
 */
final class DeadlockReproduction implements Reproduction
{
    static final String SCENARIO = "S04";
    static final String ROUNDS_NOTE = "S04's build size: 3 rounds of 6 writers against threshold 2 with a snapshot "
        + "constructed while they wait";
    private static final long SEED = 2_155_578L;

    @Override
    public String id()
    {
        return "deadlock";
    }

    @Override
    public String commit()
    {
        return "b2155578";
    }

    @Override
    public String claim()
    {
        return "the in-progress count (waiting without _origins_lock) removes the semaphore throttle's 4-party deadlock";
    }

    @Override
    public String seedFigure()
    {
        return "deadlock under the semaphore, none with the in-progress count (no rate given)";
    }

    @Override
    public String workload(final Depth depth)
    {
        return "stress scenario " + SCENARIO + ", " + afterRuns(depth) + " seeded runs with the in-progress count and "
            + beforeRuns(depth) + " with throttle=SEMAPHORE (each " + ROUNDS_NOTE + "; a run is HUNG when a wait "
            + "exceeds " + ScenarioRuns.WAIT_MILLIS + " ms)";
    }

    @Override
    public String limits(final int cores)
    {
        return "the scenario forces the interleaving (reads held, the constructor queued while writers wait), so the "
            + "rate is the trigger's, not how often the race strikes unforced on a busy many-core machine";
    }

    @Override
    public double expectedSeconds(final Depth depth)
    {
        // A passing run takes well under a second; a hung one its wait bound and a moment to abandon its stack.
        return afterRuns(depth) * 0.2 + beforeRuns(depth) * (ScenarioRuns.WAIT_MILLIS / 1000.0 + 1);
    }

    static int afterRuns(final Depth depth)
    {
        return depth == Depth.QUICK ? 50 : 1000;
    }

    static int beforeRuns(final Depth depth)
    {
        return depth == Depth.QUICK ? 3 : 50;
    }

    @Override
    public Finding run(final Depth depth, final PrintWriter err)
    {
        final Scenario s = Scenarios.byId(SCENARIO);
        final EngineConfig fixed = EngineConfig.current();
        final String variant = s.buggy().orElseThrow().toString();
        // Today's engine first: a hung run of the variant leaves its threads parked for good (daemons of an
        // abandoned stack), and they should not share the machine with the runs that are to show no hang.
        final ScenarioRuns fix = ScenarioRuns.of(s, "current", fixed, SEED, afterRuns(depth));
        final ScenarioRuns bug = ScenarioRuns.of(s, variant, s.buggy().get().applyTo(fixed), SEED, beforeRuns(depth));
        final int hungBefore = bug.count(Verdict.Outcome.HUNG);
        final int hungAfter = fix.count(Verdict.Outcome.HUNG);
        final boolean shape = hungBefore > 0 && fix.all(Verdict.Outcome.PASS);
        final String ours = variant + ": " + hungBefore + " of " + bug.runs() + " runs hung ("
            + Numbers.perThousand(hungBefore, bug.runs()) + " per 1000); in-progress count: " + hungAfter + " of "
            + fix.runs() + " (" + Numbers.perThousand(hungAfter, fix.runs()) + " per 1000)";
        final List<String> details = new ArrayList<>();
        details.add(variant + ": " + bug.describe()
            + (bug.firstFailure().isEmpty() ? "" : "; first: " + bug.firstFailure()));
        details.add("current: " + fix.describe()
            + (fix.firstFailure().isEmpty() ? "" : "; first: " + fix.firstFailure()));
        final List<Figure> figures = List.of(
            Figure.of("hangs_per_1000_runs", variant, "hangs/1000", Direction.LOWER_IS_BETTER,
                1000.0 * hungBefore / bug.runs()),
            Figure.of("hangs_per_1000_runs", "current", "hangs/1000", Direction.LOWER_IS_BETTER,
                1000.0 * hungAfter / fix.runs()));
        return new Finding(ours, shape, Effect.of(shape), details, figures);
    }
}
