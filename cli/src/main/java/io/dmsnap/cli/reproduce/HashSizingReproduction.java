package io.dmsnap.cli.reproduce;

import io.dmsnap.bench.jmh.micro.HashSizingBench;
import io.dmsnap.cli.matrix.MatrixPlan;
import io.dmsnap.cli.result.Direction;
import io.dmsnap.engine.config.Switches.HashSizing;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * 60e356f3: hash tables sized from the COW instead of min(origin, COW). The JMH benchmark
 * {@link HashSizingBench} looks exceptions up in a complete table sized both ways for a 1 GiB COW
 * whose origin had size 0 at load (64 buckets against 262,144), filled with as many exceptions as a
 * partly overwritten origin leaves.
 */
final class HashSizingReproduction implements Reproduction
{
    private static final String SIZED = HashSizing.COW_ONLY.name();
    private static final String MINIMUM = HashSizing.MIN_ORIGIN_COW.name();

    @Override
    public String id()
    {
        return "hash";
    }

    @Override
    public String commit()
    {
        return "60e356f3";
    }

    @Override
    public String claim()
    {
        return "exception hash tables sized from the COW device, not min(origin, COW) (0 at load under LVM: 64 buckets)";
    }

    @Override
    public String seedFigure()
    {
        return "64 buckets gave 'a large slowdown' (no figure)";
    }

    private static List<String> exceptions(final Depth depth)
    {
        return depth == Depth.QUICK ? List.of("65536") : List.of("65536", "262144");
    }

    private static int forks(final Depth depth)
    {
        return depth == Depth.QUICK ? 1 : 2;
    }

    private static int measurements(final Depth depth)
    {
        return depth == Depth.QUICK ? 3 : 5;
    }

    @Override
    public String workload(final Depth depth)
    {
        return "JMH HashSizingBench.lookup, a 1 GiB COW with 4 KiB chunks holding "
            + String.join(" and ", exceptions(depth)) + " exceptions, sized " + MINIMUM + " (64 buckets) and " + SIZED + " (262,144); " + forks(depth) + " fork(s) "
            + "of 1x1s warm-up and " + measurements(depth) + "x1s measurement";
    }

    @Override
    public String limits(final int cores)
    {
        return "one thread: the cores do not limit it; a lookup's cost is the bucket walk, the same on any machine in "
            + "shape, its nanoseconds the machine's";
    }

    @Override
    public double expectedSeconds(final Depth depth)
    {
        return exceptions(depth).size() * 2.0 * forks(depth) * (1 + measurements(depth) + 4);
    }

    @Override
    public Finding run(final Depth depth, final PrintWriter err) throws RunnerException
    {
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .include(HashSizingBench.class.getName() + ".lookup")
            .param("sizing", MINIMUM, SIZED)
            .param("exceptions", exceptions(depth).toArray(new String[0]))
            .warmupIterations(1).warmupTime(TimeValue.seconds(1))
            .measurementIterations(measurements(depth)).measurementTime(TimeValue.seconds(1))
            .forks(forks(depth))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT);
        final List<String> flags = MatrixPlan.jvmFlags(Runtime.version().feature(),
            ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (!flags.isEmpty())
        {
            options.jvmArgsAppend(flags.toArray(new String[0]));
        }
        final Collection<RunResult> results = new Runner(options.build(), OutputFormatFactory.createFormatInstance(
            new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT)).run();
        final List<Figure> figures = new ArrayList<>();
        final List<String> cells = new ArrayList<>();
        boolean shape = true;
        for (final String n : exceptions(depth))
        {
            final RunResult minimum = find(results, MINIMUM, n);
            final RunResult sized = find(results, SIZED, n);
            final double ratio = minimum.getPrimaryResult().getScore() / sized.getPrimaryResult().getScore();
            shape &= ratio > 1;
            cells.add(String.format(Locale.ROOT, "%s exceptions: 64 buckets %s, 262,144 buckets %s per lookup (%s)", n,
                Numbers.nanos(minimum.getPrimaryResult().getScore()), Numbers.nanos(sized.getPrimaryResult().getScore()),
                Numbers.ratio(ratio)));
            figures.add(figure(n, "64 buckets", minimum));
            figures.add(figure(n, "262144 buckets", sized));
        }
        return new Finding(String.join("; ", cells), shape, Effect.NO_FIGURE, List.of(), figures);
    }

    private static Figure figure(final String exceptions, final String side, final RunResult r)
    {
        final List<Double> iterations = new ArrayList<>();
        for (final BenchmarkResult fork : r.getBenchmarkResults())
        {
            for (final IterationResult it : fork.getIterationResults())
            {
                iterations.add(it.getPrimaryResult().getScore());
            }
        }
        final TreeMap<String, String> params = new TreeMap<>();
        params.put("exceptions", exceptions);
        return new Figure("lookup", side, params, 1, r.getPrimaryResult().getScoreUnit(), Direction.LOWER_IS_BETTER,
            iterations.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static RunResult find(final Collection<RunResult> results, final String sizing, final String exceptions)
    {
        for (final RunResult r : results)
        {
            if (sizing.equals(r.getParams().getParam("sizing")) && exceptions.equals(r.getParams().getParam("exceptions")))
            {
                return r;
            }
        }
        throw new IllegalStateException("JMH returned no result for sizing " + sizing + ", " + exceptions + " exceptions");
    }
}
