package io.dmsnap.cli.reproduce;

import io.dmsnap.cli.matrix.SeedMatrix;
import io.dmsnap.cli.result.Direction;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * 3f1637f2: fine-grained locking. The fio matrix of {@code dmsnap matrix} ({@link SeedMatrix}):
 * origin and snapshot randwrite, throughput at iodepth 32 and latency at iodepth 1, 1/2/4/8
 * workers, the matrix's before and after presets (v5.0, one snapshot lock, against current). The
 * shape: "after" is better at every worker count the machine has cores for, and its throughput
 * grows from 1 to 2 workers more than "before"'s does.
 */
final class LockingReproduction implements Reproduction
{
    /** Five measured iterations a side: the fewest with which the U test can call a difference significant. */
    private static final List<String> QUICK = List.of("--warmup", "2x1s", "--measurement", "5x1s");
    private static final List<String> FULL = List.of("--forks", "2");

    @Override
    public String id()
    {
        return "locking";
    }

    @Override
    public String commit()
    {
        return "3f1637f2";
    }

    @Override
    public String claim()
    {
        return "fine-grained locking: origin/snapshot randwrite IOPS (iodepth 32) and latency (iodepth 1) scale with "
            + "workers";
    }

    @Override
    public String seedFigure()
    {
        return "after/before 1.15-1.39 at 1-2 workers, up to 1.99 at 8 (null_blk)";
    }

    private static List<String> arguments(final Depth depth)
    {
        return depth == Depth.QUICK ? QUICK : FULL;
    }

    @Override
    public String workload(final Depth depth)
    {
        return "dmsnap matrix " + String.join(" ", arguments(depth)) + " (randwrite, store N, 1/2/4/8 workers, v5.0 "
            + "against current)";
    }

    @Override
    public String limits(final int cores)
    {
        return "4 and 8 workers oversubscribe " + Machine.cores(cores) + ": they measure oversubscription, not scaling, so "
            + "the seed's growing gains at 4 and 8 workers cannot show; only worker counts up to " + cores
            + " are judged";
    }

    @Override
    public double expectedSeconds(final Depth depth)
    {
        return SeedMatrix.estimatedSeconds(arguments(depth));
    }

    @Override
    public Finding run(final Depth depth, final PrintWriter err) throws Exception
    {
        final SeedMatrix matrix = SeedMatrix.run(arguments(depth), err);
        final Map<String, List<SeedMatrix.Cell>> byBenchmark = new LinkedHashMap<>();
        for (final SeedMatrix.Cell c : matrix.cells())
        {
            byBenchmark.computeIfAbsent(c.benchmark(), k -> new ArrayList<>()).add(c);
        }
        boolean better = true;
        boolean scales = true;
        boolean atLeast = true;
        final List<String> cells = new ArrayList<>();
        final List<Figure> figures = new ArrayList<>();
        for (final Map.Entry<String, List<SeedMatrix.Cell>> e : byBenchmark.entrySet())
        {
            final List<String> gains = new ArrayList<>();
            SeedMatrix.Cell one = null;
            SeedMatrix.Cell two = null;
            for (final SeedMatrix.Cell c : e.getValue())
            {
                figures.addAll(figures(c));
                if (c.oversubscribed())
                {
                    continue;
                }
                gains.add(Numbers.ratio(c.gain()) + (c.withinNoise() ? "~" : ""));
                better &= c.gain() > 1 && !c.withinNoise();
                atLeast &= !Double.isFinite(c.seedGain()) || c.gain() >= c.seedGain();
                one = c.workers() == 1 ? c : one;
                two = c.workers() == 2 ? c : two;
            }
            if (one != null && two != null && one.throughput())
            {
                scales &= two.after() / one.after() > two.before() / one.before();
            }
            cells.add(shortName(e.getKey()) + " " + String.join("/", gains));
        }
        final String ours = "after/before at up to the cores' worker count: " + String.join(", ", cells)
            + " (~ within the noise)";
        final List<String> details = new ArrayList<>();
        details.add(matrix.describe());
        details.addAll(Arrays.asList(matrix.tablesText().split("\n")));
        final boolean shape = better && scales;
        return new Finding(ours, shape, Effect.of(shape && atLeast), details, figures);
    }

    /** {@code origin IOPS}, {@code snapshot lat}. */
    private static String shortName(final String benchmark)
    {
        final String target = benchmark.contains("snapshot") ? "snapshot" : "origin";
        return target + (benchmark.endsWith("throughput") ? " IOPS" : " lat");
    }

    private static List<Figure> figures(final SeedMatrix.Cell c)
    {
        final List<Figure> figures = new ArrayList<>();
        final Direction direction = c.throughput() ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER;
        final TreeMap<String, String> params = new TreeMap<>();
        params.put("benchmark", c.benchmark());
        if (c.beforeSamples().length > 0)
        {
            figures.add(new Figure(c.throughput() ? "iops" : "latency", "before", params, c.workers(), c.unit(), direction,
                c.beforeSamples()));
        }
        if (c.afterSamples().length > 0)
        {
            figures.add(new Figure(c.throughput() ? "iops" : "latency", "after", params, c.workers(), c.unit(), direction,
                c.afterSamples()));
        }
        return figures;
    }
}
