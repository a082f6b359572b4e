package io.dmsnap.cli.matrix;

import io.dmsnap.bench.jmh.fio.FioBenchmarkName;
import io.dmsnap.bench.jmh.fio.FioBenchmarks;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Preset;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What one matrix run measures: which benchmarks, worker counts, the two presets compared
 * ("before" and "after"), stores, switch overrides, and the JMH iteration settings. Built from the
 * quick or full defaults ({@link #quick()}, {@link #full()}) and the command's overrides; checked
 * in {@link Builder#build()}, so a bad name fails before anything runs. Immutable. Outside this
 * package a plan comes from {@link MatrixCommand#plan(List)} (a suite's {@code matrix} line).
 *
 * <p>A point is one benchmark with one preset, store and worker count; JMH runs each point in
 * its own fork ({@link #forks()} of them, or in this JVM with 0). One JMH run per worker count
 * covers all benchmarks, presets and stores of that count ({@link #options(int)}).
 */
public final class MatrixPlan
{
    /**
     * Seconds a point costs besides its iterations (JVM start, stack, JMH's thread ramp), for the
     * time estimate; measured 2 to 6 s on 2 busy cores.
     */
    public static final double FORK_OVERHEAD_SECONDS = 2.5;
    /** Flags JDK 24 and later want for the engine's off-heap access; older JDKs reject the first. */
    private static final String[] JDK24_FLAGS = {"--sun-misc-unsafe-memory-access=allow",
        "--enable-native-access=ALL-UNNAMED"};

    /** Warm-up or measurement: how many iterations of how long. */
    static final class Phase
    {
        private final int iterations;
        private final TimeValue time;

        Phase(final int iterations, final TimeValue time)
        {
            if (iterations < 0 || time == null)
            {
                throw new IllegalArgumentException("a phase needs iterations >= 0 and a time, got " + iterations
                    + " x " + time);
            }
            this.iterations = iterations;
            this.time = time;
        }

        /**
         * {@code COUNTxTIME} ({@code 2x1s}, {@code 1x100ms}) or just {@code COUNT}, which keeps the
         * time of {@code base}. Times in JMH's syntax: a number and ns, us, ms, s, m, min, hr.
         */
        static Phase parse(final String option, final String text, final Phase base)
        {
            final String s = text.trim().toLowerCase(Locale.ROOT);
            final int x = s.indexOf('x');
            try
            {
                final int count = Integer.parseInt(x < 0 ? s : s.substring(0, x).trim());
                final TimeValue time = x < 0 ? base.time : TimeValue.fromString(s.substring(x + 1).trim());
                if (count < 0 || time.convertTo(TimeUnit.NANOSECONDS) <= 0)
                {
                    throw new IllegalArgumentException("negative count or non-positive time");
                }
                return new Phase(count, time);
            }
            catch (final IllegalArgumentException e)
            {
                throw new IllegalArgumentException("bad value for " + option + "=" + text
                    + ": expected COUNTxTIME (e.g. 2x1s, 1x100ms) or COUNT");
            }
        }

        int iterations()
        {
            return iterations;
        }

        TimeValue time()
        {
            return time;
        }

        double seconds()
        {
            return iterations * time.convertTo(TimeUnit.NANOSECONDS) / 1e9;
        }

        @Override
        public String toString()
        {
            return iterations + " x " + time;
        }
    }

    private final String mode;
    private final List<FioBenchmarkName> benchmarks;
    private final List<Integer> workers;
    private final String before;
    private final String after;
    private final List<String> stores;
    private final List<String> overrides;
    private final Phase warmup;
    private final Phase measurement;
    private final int forks;

    private MatrixPlan(final Builder b)
    {
        this.mode = b.mode;
        this.benchmarks = List.copyOf(b.benchmarks);
        this.workers = List.copyOf(b.workers);
        this.before = b.before;
        this.after = b.after;
        this.stores = List.copyOf(b.stores);
        this.overrides = List.copyOf(b.overrides);
        this.warmup = b.warmup;
        this.measurement = b.measurement;
        this.forks = b.forks;
    }

    /**
     * The default job: the four randwrite benchmarks of the seed (origin and snapshot, throughput
     * and latency), store N, 1/2/4/8 workers, v5.0 against current; 1 fork, six 1 s warm-up
     * iterations and five 1 s measurement iterations. Six, because on 2 cores the compiler threads
     * share the CPUs with the workers and the copier: a latency point's warm-up iterations go
     * 45, 44, 9, ... us and settle only around the fifth, so with three the first measured
     * iterations were still warming up. Five measured iterations give each side of a ratio five
     * samples for the significance test (three cannot tell a 30% difference from this machine's
     * noise). 32 points of about 13 s each: about 7 minutes.
     */
    static Builder quick()
    {
        final Builder b = new Builder("quick");
        b.benchmarks = new ArrayList<>();
        for (final FioBenchmarkName name : FioBenchmarkName.all())
        {
            if (name.workload() == FioBenchmarkName.Workload.RANDWRITE
                && name.target() != FioBenchmarkName.Target.RAW_DEVICE)
            {
                b.benchmarks.add(name);
            }
        }
        b.stores = List.of("N");
        b.warmup = new Phase(6, TimeValue.seconds(1));
        b.measurement = new Phase(5, TimeValue.seconds(1));
        b.forks = 1;
        return b;
    }

    /**
     * The whole dmtest matrix: origin, snapshot and raw device, four workloads, both types, stores
     * N and P; 2 forks, four 2 s warm-up and three 2 s measurement iterations. 384 points: hours.
     */
    static Builder full()
    {
        final Builder b = new Builder("full");
        b.benchmarks = new ArrayList<>(FioBenchmarkName.all());
        b.stores = List.of("N", "P");
        b.warmup = new Phase(4, TimeValue.seconds(2));
        b.measurement = new Phase(3, TimeValue.seconds(2));
        b.forks = 2;
        return b;
    }

    /** Collects the settings; {@link #build()} checks them. Not thread-safe. */
    static final class Builder
    {
        private final String mode;
        private List<FioBenchmarkName> benchmarks;
        private List<Integer> workers = List.of(1, 2, 4, 8);
        private String before = Preset.byName("v5.0").displayName();
        private String after = Preset.CURRENT.displayName();
        private List<String> stores;
        private List<String> overrides = List.of();
        private Phase warmup;
        private Phase measurement;
        private int forks;

        private Builder(final String mode)
        {
            this.mode = mode;
        }

        /** Keep the benchmarks whose dmtest name any of the comma-separated regular expressions finds. */
        Builder benchmarks(final String filter)
        {
            final List<FioBenchmarkName> kept = new ArrayList<>();
            final List<Pattern> patterns = new ArrayList<>();
            for (final String part : filter.split(","))
            {
                if (part.isBlank())
                {
                    continue;
                }
                try
                {
                    patterns.add(Pattern.compile(part.trim()));
                }
                catch (final PatternSyntaxException e)
                {
                    throw new IllegalArgumentException("bad value for --benchmarks: '" + part.trim()
                        + "' is not a regular expression: " + e.getDescription());
                }
            }
            for (final FioBenchmarkName name : FioBenchmarkName.all())
            {
                if (patterns.stream().anyMatch(p -> p.matcher(name.name()).find()))
                {
                    kept.add(name);
                }
            }
            if (kept.isEmpty())
            {
                throw new IllegalArgumentException("--benchmarks=" + filter + " matches no benchmark; the names are "
                    + "fio_{origin,snapshot,raw_device}_{randwrite,seqwrite,randread,seqread}_{throughput,latency}");
            }
            benchmarks = kept;
            return this;
        }

        Builder workers(final List<Integer> counts)
        {
            if (counts.isEmpty() || counts.stream().anyMatch(c -> c < 1))
            {
                throw new IllegalArgumentException("bad value for --workers=" + counts + ": expected counts >= 1");
            }
            workers = counts.stream().distinct().sorted().collect(java.util.stream.Collectors.toList());
            return this;
        }

        Builder presets(final List<String> names)
        {
            if (names.size() != 2)
            {
                throw new IllegalArgumentException("bad value for --presets=" + String.join(",", names)
                    + ": expected two presets, BEFORE,AFTER (e.g. v5.0,current)");
            }
            before = Preset.byName(names.get(0).trim()).displayName();
            after = Preset.byName(names.get(1).trim()).displayName();
            if (before.equals(after))
            {
                throw new IllegalArgumentException("bad value for --presets: before and after are both " + before);
            }
            return this;
        }

        Builder stores(final List<String> names)
        {
            final List<String> list = new ArrayList<>();
            for (final String name : names)
            {
                final String store = name.trim().toUpperCase(Locale.ROOT);
                if (!store.equals("N") && !store.equals("P") && !store.equals("PO"))
                {
                    throw new IllegalArgumentException("bad value for --store=" + name + ": expected N, P or PO");
                }
                if (!list.contains(store))
                {
                    list.add(store);
                }
            }
            if (list.isEmpty())
            {
                throw new IllegalArgumentException("--store needs at least one of N, P, PO");
            }
            stores = list;
            return this;
        }

        /** Switch overrides ({@code switch=value}) applied to both presets. */
        Builder overrides(final List<String> list)
        {
            final List<String> cleaned = new ArrayList<>();
            for (final String kv : list)
            {
                if (kv.contains(";"))
                {
                    throw new IllegalArgumentException("bad value for --set=" + kv + ": ';' is not allowed");
                }
                if (!kv.isBlank())
                {
                    cleaned.add(kv.trim());
                }
            }
            overrides = cleaned;
            return this;
        }

        Builder warmup(final String text)
        {
            warmup = Phase.parse("--warmup", text, warmup);
            return this;
        }

        Builder measurement(final String text)
        {
            measurement = Phase.parse("--measurement", text, measurement);
            if (measurement.iterations() < 1)
            {
                throw new IllegalArgumentException("bad value for --measurement=" + text + ": at least one iteration");
            }
            return this;
        }

        Builder forks(final int count)
        {
            if (count < 0)
            {
                throw new IllegalArgumentException("bad value for --forks=" + count + ": expected 0 or more");
            }
            forks = count;
            return this;
        }

        /** The plan; builds both engine configurations once, so a bad switch or value fails here. */
        MatrixPlan build()
        {
            for (final String preset : List.of(before, after))
            {
                EngineConfig.of(preset, overrides);
            }
            return new MatrixPlan(this);
        }
    }

    public String mode()
    {
        return mode;
    }

    List<FioBenchmarkName> benchmarks()
    {
        return benchmarks;
    }

    public List<Integer> workers()
    {
        return workers;
    }

    String before()
    {
        return before;
    }

    String after()
    {
        return after;
    }

    List<String> stores()
    {
        return stores;
    }

    List<String> overrides()
    {
        return overrides;
    }

    Phase warmup()
    {
        return warmup;
    }

    Phase measurement()
    {
        return measurement;
    }

    public int forks()
    {
        return forks;
    }

    /** The {@code set} parameter of {@link io.dmsnap.bench.jmh.fio.StackState}. */
    String setParam()
    {
        return overrides.isEmpty() ? "none" : String.join(";", overrides);
    }

    /** Points of the whole run: benchmarks x presets x stores x worker counts. */
    public int points()
    {
        return benchmarks.size() * 2 * stores.size() * workers.size();
    }

    /** Points of one JMH run (one worker count). */
    public int pointsPerRun()
    {
        return benchmarks.size() * 2 * stores.size();
    }

    /**
     * Rounds of the run. With two forks or more the forks of a point do not run back to back: each
     * round runs every point once, in one fork, and the two presets swap places from one round to
     * the next (before then after, then after then before). A machine that drifts during the run
     * (another tenant, a clock, a cache) then weighs on both presets alike instead of on the one
     * that ran second. With 0 or 1 fork, one round.
     */
    public int rounds()
    {
        return forks >= 2 ? forks : 1;
    }

    /** Points the progress counts: every point once per round. */
    public int progressPoints()
    {
        return points() * rounds();
    }

    /** A rough duration of one point of one round, before any has been measured. */
    public double estimatedSecondsPerProgressPoint()
    {
        return estimatedSecondsPerPoint() / rounds();
    }

    /** A rough duration of one point, before any point has been measured. */
    public double estimatedSecondsPerPoint()
    {
        final double iterations = warmup.seconds() + measurement.seconds();
        return forks == 0 ? iterations + 0.2 : forks * (iterations + FORK_OVERHEAD_SECONDS);
    }

    /** JMH's include pattern: exactly the planned benchmark methods. */
    String includeRegex()
    {
        final StringJoiner names = new StringJoiner("|", "^" + Pattern.quote(FioBenchmarks.class.getName()) + "\\.(", ")$");
        for (final FioBenchmarkName name : benchmarks)
        {
            names.add(name.name());
        }
        return names.toString();
    }

    /**
     * The options of one JMH run for one worker count with all the plan's forks, back to back: what
     * a suite entry runs (the suite and {@code dmsnap ab} lay their own fork schedule over it).
     */
    public Options options(final int workerCount)
    {
        return options(workerCount, forks, false);
    }

    /**
     * The options of the JMH run for one worker count in round {@code round} of a matrix run (see
     * {@link #rounds()}): one fork per point when there are several rounds, the presets in swapped
     * order in odd rounds; with one round, {@link #options(int)}.
     */
    public Options options(final int workerCount, final int round)
    {
        return rounds() == 1 ? options(workerCount) : options(workerCount, 1, (round & 1) == 1);
    }

    /** The options of one JMH run: {@code forkCount} forks per point, the presets swapped or not. */
    Options options(final int workerCount, final int forkCount, final boolean swapped)
    {
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .include(includeRegex())
            .threads(workerCount)
            .param("preset", swapped ? after : before, swapped ? before : after)
            .param("store", stores.toArray(new String[0]))
            .param("set", setParam())
            .warmupIterations(warmup.iterations())
            .measurementIterations(measurement.iterations())
            .measurementTime(measurement.time())
            .forks(forkCount)
            .shouldFailOnError(true)
            .verbosity(VerboseMode.NORMAL);
        if (warmup.iterations() > 0)
        {
            options.warmupTime(warmup.time());
        }
        final List<String> extra = jvmFlags(Runtime.version().feature(),
            ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (!extra.isEmpty())
        {
            options.jvmArgsAppend(extra.toArray(new String[0]));
        }
        return options.build();
    }

    /**
     * Flags the forks need on top of the ones they inherit from this JVM: on JDK 24 and later the
     * off-heap access flags, unless this JVM already has them (then the forks inherit them).
     */
    public static List<String> jvmFlags(final int feature, final List<String> hostFlags)
    {
        if (feature < 24)
        {
            return Collections.emptyList();
        }
        final List<String> flags = new ArrayList<>();
        for (final String flag : JDK24_FLAGS)
        {
            if (!hostFlags.contains(flag))
            {
                flags.add(flag);
            }
        }
        return flags;
    }

    /** One line for the start of a run: what runs and about how long it takes. */
    public String describe()
    {
        final long seconds = Math.round(points() * estimatedSecondsPerPoint());
        return points() + " points (" + benchmarks.size() + " benchmark(s) x 2 presets x " + stores.size()
            + " store(s) x " + workers.size() + " worker count(s)), " + before + " vs " + after
            + (overrides.isEmpty() ? "" : " with " + String.join(",", overrides)) + ", " + forks + " fork(s)"
            + (rounds() > 1 ? " in " + rounds() + " rounds, presets alternating" : "") + ", warmup "
            + warmup + ", measurement " + measurement + "; about " + MatrixProgress.duration(seconds);
    }
}
