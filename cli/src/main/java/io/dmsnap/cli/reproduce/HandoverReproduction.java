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
 * c1f0c183 (live exception store handover between tables) and seed 003's lesson (free space must
 * not be reused while a discard on it is in flight): the stress scenarios that check them, on
 * today's engine and on each one's negative control (the bug variant). S19 hands the store over
 * while origin writes have copies in flight (bug: {@code handoverQuiesce=SKIP}); S21 checks the
 * handover protocol's refusals (no bug variant: without those checks there is no handover); S18
 * writes to a chunk whose passdown discard is in flight (bug: {@code passdownTracking=OFF}).
 */
final class HandoverReproduction implements Reproduction
{
    private static final List<String> SCENARIOS = List.of("S19", "S21", "S18");
    private static final long SEED = 1;

    @Override
    public String id()
    {
        return "handover";
    }

    @Override
    public String commit()
    {
        return "c1f0c183, seed 003";
    }

    @Override
    public String claim()
    {
        return "a snapshot's exception store is handed over between tables live; a discard in flight keeps its range "
            + "from being reused";
    }

    @Override
    public String seedFigure()
    {
        return "correct outcomes (no figure): handover keeps every exception; no write lost to an in-flight discard";
    }

    @Override
    public String workload(final Depth depth)
    {
        return "stress scenarios S19, S21, S18, " + runs(depth) + " seeded run(s) each on current and on each bug variant";
    }

    @Override
    public String limits(final int cores)
    {
        return "none for the outcomes: the scenarios force their interleavings with hooks and held I/O, so they do "
            + "not depend on the number of cores";
    }

    @Override
    public double expectedSeconds(final Depth depth)
    {
        return 3.0 * runs(depth) * SCENARIOS.size();
    }

    private static int runs(final Depth depth)
    {
        return depth == Depth.QUICK ? 1 : 10;
    }

    @Override
    public Finding run(final Depth depth, final PrintWriter err)
    {
        final EngineConfig fixed = EngineConfig.current();
        final List<String> details = new ArrayList<>();
        final List<Figure> figures = new ArrayList<>();
        final List<String> cells = new ArrayList<>();
        boolean shape = true;
        for (final String id : SCENARIOS)
        {
            final Scenario s = Scenarios.byId(id);
            final ScenarioRuns fix = ScenarioRuns.of(s, "current", fixed, SEED, runs(depth));
            shape &= fix.all(Verdict.Outcome.PASS);
            figures.add(Figure.of(id + ".pass_rate", "current", "fraction", Direction.HIGHER_IS_BETTER,
                (double) fix.count(Verdict.Outcome.PASS) / fix.runs()));
            String cell = id + " " + fix.describe();
            if (s.buggy().isPresent())
            {
                final String variant = s.buggy().get().toString();
                final ScenarioRuns bug = ScenarioRuns.of(s, variant, s.buggy().get().applyTo(fixed), SEED, runs(depth));
                final boolean caught = bug.all(s.buggyOutcome());
                shape &= caught;
                figures.add(Figure.of(id + ".pass_rate", variant, "fraction", Direction.HIGHER_IS_BETTER,
                    (double) bug.count(Verdict.Outcome.PASS) / bug.runs()));
                cell += "; " + variant + " " + bug.describe();
                details.add(id + " (" + s.commits() + ") " + s.title() + ": current " + fix.describe() + "; " + variant
                    + " " + bug.describe() + " (expected " + s.buggyOutcome() + ")"
                    + (bug.firstFailure().isEmpty() ? "" : "; " + bug.firstFailure()));
            }
            else
            {
                details.add(id + " (" + s.commits() + ") " + s.title() + ": current " + fix.describe()
                    + "; no bug variant: " + s.noNegativeControlBecause());
            }
            if (!fix.firstFailure().isEmpty())
            {
                details.add("  current failed: " + fix.firstFailure());
            }
            cells.add(cell);
        }
        return new Finding(String.join(" | ", cells), shape, Effect.NO_FIGURE, details, figures);
    }
}
