package io.dmsnap.cli.reproduce;

import io.dmsnap.bench.jmh.micro.CompletionPermutations;
import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.stats.Descriptive;
import io.dmsnap.engine.config.Switches.CommitOrder;
import io.dmsnap.engine.snap.ReorderStage;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * 3db2776d: the in-order commit stage parked early copy completions in a sorted list, O(n) per
 * insert; an rbtree made it O(log n). The engine's own stage ({@link ReorderStage}, the code a
 * snapshot's copier thread runs, as S02 and the JMH {@code ReorderBench} use it) takes whole
 * permutations of completions ({@link CompletionPermutations}: reverse and random), list against
 * tree, each timed around {@link ReorderStage#complete}. The list is timed cold, as S02 does (its
 * cost is its walks, which a warm-up does not change); the tree best of three after a warm-up.
 */
final class ReorderReproduction implements Reproduction
{
    private static final long PERMUTATION_SEED = 230_083L;
    private static final double SEED_RATIO = 32.0 / 4.0;
    private static final List<CompletionPermutations> ORDERS = List.of(CompletionPermutations.REVERSE,
        CompletionPermutations.RANDOM);

    @Override
    public String id()
    {
        return "reorder";
    }

    @Override
    public String commit()
    {
        return "3db2776d";
    }

    @Override
    public String claim()
    {
        return "an rbtree instead of a sorted list for out-of-order copy completions";
    }

    @Override
    public String seedFigure()
    {
        return "a snapshot copy workload: 32 s with the list, 4 s with the tree (8x)";
    }

    static int completions(final Depth depth)
    {
        return depth == Depth.QUICK ? 50_000 : 100_000;
    }

    private static int listRuns(final Depth depth)
    {
        return depth == Depth.QUICK ? 1 : 3;
    }

    @Override
    public String workload(final Depth depth)
    {
        return "the engine's in-order commit stage, " + completions(depth) + " copy completions in reverse and in "
            + "random order, list (timed " + listRuns(depth) + "x, cold) against tree (best of 3 after a warm-up)";
    }

    @Override
    public String limits(final int cores)
    {
        return "none from the cores (one thread); ours times the commit stage alone, the seed the whole copy "
            + "workload, so our ratio is the stage's and larger than the workload's";
    }

    @Override
    public double expectedSeconds(final Depth depth)
    {
        // About 25 s per reverse permutation of 100,000 on the list on 2 cores; random is cheaper; quadratic in n.
        final double scale = Math.pow(completions(depth) / 100_000.0, 2);
        return listRuns(depth) * 40 * scale + 5;
    }

    @Override
    public Finding run(final Depth depth, final PrintWriter err)
    {
        final int n = completions(depth);
        final List<String> cells = new ArrayList<>();
        final List<String> details = new ArrayList<>();
        final List<Figure> figures = new ArrayList<>();
        boolean shape = true;
        boolean atLeast = true;
        for (final CompletionPermutations order : ORDERS)
        {
            final int[] permutation = order.of(n, PERMUTATION_SEED);
            final double[] list = listSeconds(permutation, listRuns(depth));
            final double tree = treeSeconds(permutation);
            final double listSeconds = Descriptive.median(list);
            final double ratio = listSeconds / tree;
            shape &= ratio > 1;
            atLeast &= ratio >= SEED_RATIO;
            final String name = order.name().toLowerCase(java.util.Locale.ROOT);
            cells.add(name + ": list " + Numbers.seconds(listSeconds) + ", tree " + Numbers.seconds(tree) + " ("
                + Numbers.ratio(ratio) + ")");
            figures.add(Figure.of(name + ".seconds", "list", "s", Direction.LOWER_IS_BETTER, list));
            figures.add(Figure.of(name + ".seconds", "tree", "s", Direction.LOWER_IS_BETTER, tree));
            err.println("reproduce:   reorder " + name + ": list " + Numbers.seconds(listSeconds) + ", tree "
                + Numbers.seconds(tree));
            err.flush();
        }
        details.add(n + " completions per permutation; the seed's ratio is " + Numbers.ratio(SEED_RATIO));
        return new Finding(String.join("; ", cells), shape, Effect.of(shape && atLeast), details, figures);
    }

    private static double[] listSeconds(final int[] permutation, final int runs)
    {
        final ReorderStage stage = new ReorderStage(CommitOrder.IN_ORDER_LIST, permutation.length);
        final double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            seconds[i] = timed(stage, permutation);
        }
        return seconds;
    }

    private static double treeSeconds(final int[] permutation)
    {
        final ReorderStage stage = new ReorderStage(CommitOrder.IN_ORDER_TREE, permutation.length);
        stage.complete(permutation);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++)
        {
            best = Math.min(best, timed(stage, permutation));
        }
        return best;
    }

    /** One permutation through the stage; refuses a stage that lost or reordered an exception. */
    private static double timed(final ReorderStage stage, final int[] permutation)
    {
        final long t0 = System.nanoTime();
        final long committed = stage.complete(permutation);
        final double seconds = Math.max(1, System.nanoTime() - t0) / 1e9;
        if (committed != permutation.length || stage.parked() != 0 || stage.outOfOrderCommits() != 0)
        {
            throw new IllegalStateException("the commit stage committed " + committed + " of " + permutation.length
                + " (" + stage.parked() + " parked, " + stage.outOfOrderCommits() + " out of order)");
        }
        return seconds;
    }
}
