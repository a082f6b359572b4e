package io.dmsnap.cli.reproduce;

import io.dmsnap.cli.result.Direction;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.stress.crash.CrashReplay;
import io.dmsnap.stress.scenarios.Scenarios;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * 230c83af: COW chunks leaked after a crash because exceptions were committed in copy completion
 * order. The crash replay of S01 ({@link CrashReplay#runReverseCompletion}: copies finish in
 * reverse allocation order across a metadata area boundary, every COW write logged) rebuilds the COW
 * as a crash at every ordering point of the log and at seeded random points would leave it, and
 * counts the chunks no exception references, on the preset of S01's negative control (v3.12) and on
 * today's engine.
 */
final class CrashLeakReproduction implements Reproduction
{
    static final String SCENARIO = "S01";
    private static final long SEED = 230_083L;

    @Override
    public String id()
    {
        return "leak";
    }

    @Override
    public String commit()
    {
        return "230c83af";
    }

    @Override
    public String claim()
    {
        return "committing exceptions in allocation order leaks no COW space on a crash between two metadata area writes";
    }

    @Override
    public String seedFigure()
    {
        return "5 leaked chunks in the example before, 0 after";
    }

    @Override
    public String workload(final Depth depth)
    {
        return "crash replay of " + SCENARIO + " (10 copies finishing in reverse order across an area boundary): every "
            + "ordering point of the log and " + randomStates(depth) + " random crash states, v3.12 against current";
    }

    @Override
    public String limits(final int cores)
    {
        return "none: the replay is deterministic and single-threaded; the number of cores does not change it";
    }

    @Override
    public double expectedSeconds(final Depth depth)
    {
        return depth == Depth.QUICK ? 10 : 40;
    }

    private static int randomStates(final Depth depth)
    {
        return depth == Depth.QUICK ? 200 : 2000;
    }

    @Override
    public Finding run(final Depth depth, final PrintWriter err) throws Exception
    {
        final EngineConfig after = EngineConfig.current();
        final EngineConfig before = Scenarios.byId(SCENARIO).buggy().orElseThrow().applyTo(after);
        final CrashReplay b = replay(before, depth);
        final CrashReplay a = replay(after, depth);
        final boolean shape = b.leakedChunks > 0 && a.leakedChunks == 0 && a.violations.isEmpty();
        final String ours = String.format(Locale.ROOT, "v3.12: up to %d leaked chunks in one crash state (%d of %d states "
            + "leak); current: %d in %d states", b.maxLeakInOneState, b.leakStates, b.statesChecked, a.maxLeakInOneState,
            a.statesChecked);
        final List<String> details = new ArrayList<>();
        details.add("v3.12: " + b.summary() + (b.violations.isEmpty() ? "" : "; other violations: " + b.violations.size()));
        details.add("current: " + a.summary() + (a.violations.isEmpty() ? ""
            : "; violations: " + a.violations.size() + ", first: " + a.violations.get(0)));
        final List<Figure> figures = List.of(
            Figure.of("max_leaked_chunks_per_state", "v3.12", "chunks", Direction.LOWER_IS_BETTER, b.maxLeakInOneState),
            Figure.of("max_leaked_chunks_per_state", "current", "chunks", Direction.LOWER_IS_BETTER, a.maxLeakInOneState),
            Figure.of("states_with_leaks", "v3.12", "states", Direction.LOWER_IS_BETTER, b.leakStates),
            Figure.of("states_with_leaks", "current", "states", Direction.LOWER_IS_BETTER, a.leakStates));
        return new Finding(ours, shape, Effect.of(shape && b.maxLeakInOneState >= 5), details, figures);
    }

    private static CrashReplay replay(final EngineConfig config, final Depth depth) throws Exception
    {
        final CrashReplay replay = CrashReplay.runReverseCompletion(config);
        replay.checkEveryOrderingPoint();
        replay.checkRandomCrashStates(SEED, randomStates(depth));
        return replay;
    }
}
