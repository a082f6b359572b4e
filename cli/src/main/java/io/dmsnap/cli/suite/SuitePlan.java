package io.dmsnap.cli.suite;

import io.dmsnap.cli.matrix.MatrixPlan;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Defaults;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A suite resolved against the benchmarks on the class path: for each JMH run of each entry, the
 * points JMH will measure, with the settings that apply to each (the line's options, else the
 * benchmark's annotations, else JMH's defaults) and an estimate of its duration. Resolving checks,
 * before anything runs, that every entry finds at least one benchmark and that no point is measured
 * by two entries (its rows would be ambiguous in the result file); both are reported with the line.
 * Immutable.
 */
public final class SuitePlan
{
    /** Seconds one single-shot iteration is counted as (its real length is the benchmark's call). */
    private static final double SINGLE_SHOT_SECONDS = 0.05;
    /** Seconds a point run in the host JVM (no fork) costs besides its iterations. */
    private static final double IN_PROCESS_OVERHEAD_SECONDS = 0.2;

    /** One JMH run: its entry, JMH's options and the points it measures. Immutable. */
    public static final class Run
    {
        private final SuiteEntry entry;
        private final Options options;
        private final List<SuitePoint> points;

        Run(final SuiteEntry entry, final Options options, final List<SuitePoint> points)
        {
            this.entry = entry;
            this.options = options;
            this.points = List.copyOf(points);
        }

        public SuiteEntry entry()
        {
            return entry;
        }

        /** What to give {@code new Runner(options, output)}. */
        public Options options()
        {
            return options;
        }

        /** The points of this run, at least one. */
        public List<SuitePoint> points()
        {
            return points;
        }

        public double estimatedSeconds()
        {
            return points.stream().mapToDouble(SuitePoint::estimatedSeconds).sum();
        }
    }

    private final SuiteFile suite;
    private final List<Run> runs;

    private SuitePlan(final SuiteFile suite, final List<Run> runs)
    {
        this.suite = suite;
        this.runs = List.copyOf(runs);
    }

    /**
     * The suite resolved against JMH's list of the benchmarks on the class path.
     *
     * @throws SuiteFileException for an entry that finds no benchmark or measures a point another entry measures
     */
    public static SuitePlan of(final SuiteFile suite)
    {
        return of(suite, BenchmarkList.defaultList());
    }

    /** The suite resolved against {@code benchmarks}. */
    static SuitePlan of(final SuiteFile suite, final BenchmarkList benchmarks)
    {
        final OutputFormat quiet = OutputFormatFactory.createFormatInstance(
            new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT);
        final List<Run> runs = new ArrayList<>();
        final Map<String, Integer> measuredOn = new HashMap<>();
        for (final SuiteEntry entry : suite.entries())
        {
            for (final Options options : entry.runs())
            {
                final List<SuitePoint> points = points(options, benchmarks.find(quiet, options.getIncludes(),
                    options.getExcludes()));
                if (points.isEmpty())
                {
                    throw new SuiteFileException(suite.source(), entry.line(), "no benchmark matches "
                        + String.join(" or ", options.getIncludes())
                        + (options.getExcludes().isEmpty() ? "" : " outside " + String.join(", ", options.getExcludes()))
                        + " (java -jar bench/target/benchmarks.jar -l lists them)");
                }
                for (final SuitePoint point : points)
                {
                    final Integer first = measuredOn.putIfAbsent(point.identity(), entry.line());
                    if (first != null)
                    {
                        throw new SuiteFileException(suite.source(), entry.line(), point.label() + " is measured on line "
                            + first + " already; a point can be measured once in a suite (narrow the regular "
                            + "expression, or give it other -p values)");
                    }
                }
                runs.add(new Run(entry, options, points));
            }
        }
        return new SuitePlan(suite, runs);
    }

    /** The points JMH's Runner makes of the benchmarks found: one per benchmark, mode and parameter combination. */
    private static List<SuitePoint> points(final Options options, final Collection<BenchmarkListEntry> found)
    {
        final Set<String> seen = new LinkedHashSet<>();
        final List<SuitePoint> points = new ArrayList<>();
        for (final BenchmarkListEntry benchmark : found)
        {
            for (final Mode mode : modes(options, benchmark))
            {
                final int threads = threads(options, benchmark);
                final double seconds = estimatedSeconds(options, benchmark, mode);
                for (final Map<String, String> params : combinations(options, benchmark))
                {
                    final SuitePoint point = new SuitePoint(benchmark.getUsername(), mode.shortLabel(), threads, params,
                        seconds);
                    if (seen.add(point.identity()))
                    {
                        points.add(point);
                    }
                }
            }
        }
        return points;
    }

    /** The line's modes, else the annotated one; {@code all} stands for every mode. */
    private static List<Mode> modes(final Options options, final BenchmarkListEntry benchmark)
    {
        final Collection<Mode> chosen = options.getBenchModes().isEmpty() ? List.of(benchmark.getMode())
            : options.getBenchModes();
        final List<Mode> modes = new ArrayList<>();
        for (final Mode m : chosen)
        {
            if (m == Mode.All)
            {
                for (final Mode each : Mode.values())
                {
                    if (each != Mode.All && !modes.contains(each))
                    {
                        modes.add(each);
                    }
                }
            }
            else if (!modes.contains(m))
            {
                modes.add(m);
            }
        }
        return modes;
    }

    private static int threads(final Options options, final BenchmarkListEntry benchmark)
    {
        final int groupThreads = Arrays.stream(benchmark.getThreadGroups()).sum();
        final int threads = options.getThreads().orElse(benchmark.getThreads().orElse(
            benchmark.getThreadGroups().length > 1 ? groupThreads : Defaults.THREADS));
        return threads == Threads.MAX ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** Every combination of parameter values: the line's {@code -p} values, else the annotation's. */
    private static List<Map<String, String>> combinations(final Options options, final BenchmarkListEntry benchmark)
    {
        final Map<String, List<String>> values = new TreeMap<>();
        for (final Map.Entry<String, String[]> p : benchmark.getParams().orElse(Map.of()).entrySet())
        {
            final List<String> annotated = List.of(p.getValue());
            values.put(p.getKey(), options.getParameter(p.getKey()).hasValue()
                ? List.copyOf(options.getParameter(p.getKey()).get()) : annotated);
        }
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (final Map.Entry<String, List<String>> p : values.entrySet())
        {
            final List<Map<String, String>> next = new ArrayList<>();
            for (final Map<String, String> partial : combinations)
            {
                // A parameter without values fails in JMH itself; count it as one point here.
                for (final String value : p.getValue().isEmpty() ? List.of("") : p.getValue())
                {
                    final Map<String, String> combination = new LinkedHashMap<>(partial);
                    combination.put(p.getKey(), value);
                    next.add(combination);
                }
            }
            combinations = next;
        }
        return combinations;
    }

    /** Forks times (JVM start plus warm-up and measurement iterations), warm-up forks included. */
    private static double estimatedSeconds(final Options options, final BenchmarkListEntry benchmark, final Mode mode)
    {
        final boolean singleShot = mode == Mode.SingleShotTime;
        final int warmupIterations = options.getWarmupIterations().orElse(benchmark.getWarmupIterations().orElse(
            singleShot ? Defaults.WARMUP_ITERATIONS_SINGLESHOT : Defaults.WARMUP_ITERATIONS));
        final int iterations = options.getMeasurementIterations().orElse(benchmark.getMeasurementIterations().orElse(
            singleShot ? Defaults.MEASUREMENT_ITERATIONS_SINGLESHOT : Defaults.MEASUREMENT_ITERATIONS));
        final double warmupTime = singleShot ? SINGLE_SHOT_SECONDS
            : seconds(options.getWarmupTime().orElse(benchmark.getWarmupTime().orElse(Defaults.WARMUP_TIME)));
        final double time = singleShot ? SINGLE_SHOT_SECONDS
            : seconds(options.getMeasurementTime().orElse(benchmark.getMeasurementTime().orElse(Defaults.MEASUREMENT_TIME)));
        final int forks = options.getForkCount().orElse(benchmark.getForks().orElse(Defaults.MEASUREMENT_FORKS));
        final int warmupForks = options.getWarmupForkCount().orElse(benchmark.getWarmupForks().orElse(Defaults.WARMUP_FORKS));
        final double perFork = warmupIterations * warmupTime + iterations * time;
        if (forks == 0)
        {
            return perFork + IN_PROCESS_OVERHEAD_SECONDS;
        }
        return (forks + warmupForks) * (perFork + MatrixPlan.FORK_OVERHEAD_SECONDS);
    }

    private static double seconds(final TimeValue time)
    {
        return time.convertTo(TimeUnit.NANOSECONDS) / 1e9;
    }

    public SuiteFile suite()
    {
        return suite;
    }

    /** The JMH runs in order: entries in file order, a matrix entry's worker counts in its order. */
    public List<Run> runs()
    {
        return runs;
    }

    /** Points of the whole suite. */
    public int points()
    {
        return runs.stream().mapToInt(r -> r.points().size()).sum();
    }

    /** What the whole suite should take on an idle machine. */
    public double estimatedSeconds()
    {
        return runs.stream().mapToDouble(Run::estimatedSeconds).sum();
    }
}
