package io.dmsnap.cli.ab;

import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.compare.StatisticsOptions;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.EnvironmentCapture;
import io.dmsnap.cli.result.ResultPaths;
import io.dmsnap.cli.stats.VerdictRule;
import io.dmsnap.cli.suite.SuiteEntry;
import io.dmsnap.cli.suite.SuitePlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code dmsnap ab REV_A REV_B}: did B make it slower than A, measured on this machine now? Builds
 * the benchmarks jar of both git revisions (each in a detached worktree, cached by commit), runs
 * the suite's JMH runs fork by fork with the two sides interleaved ({@link AbbaSchedule}), merges
 * each side into one result file and compares them with {@code dmsnap compare}'s code. Interleaving
 * is what makes a shared machine usable: whatever else the machine does during the run falls on
 * both sides alike, where two runs one after the other would each measure a different afternoon.
 *
 * <p>Exit codes: compare's (0 no regression, 1 regression, 3 with {@code --fail-on-inconclusive});
 * 1 when a benchmark failed; 2 for bad arguments or input (an unknown revision, a bad suite line,
 * incomparable results); 69 when a revision's build failed or git or Maven could not run.
 */
@Command(name = "ab",
    description = {"Build two git revisions and run their benchmark forks interleaved (A B B A ...) on this machine, "
        + "then compare them: did B slow it down?",
        "Builds each revision's bench/target/benchmarks.jar in a detached worktree (cached by commit), runs the suite "
            + "(results/suite.txt, --suite FILE, or --benchmarks 'REGEX [JMH OPTIONS]') one fork per process, writes "
            + "a.json and b.json and compare's reports into the output directory, and exits with compare's code; "
            + "69 when a build fails."})
public final class AbCommand implements Callable<Integer>
{
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REV_A",
        description = "The base revision: a commit, branch, tag or HEAD~N of the repository.")
    private String revisionA;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REV_B", description = "The candidate revision.")
    private String revisionB;

    @Option(names = "--jar-a", paramLabel = "FILE",
        description = "Instead of revisions: a built benchmarks.jar for side A (with --jar-b).")
    private Path jarA;

    @Option(names = "--jar-b", paramLabel = "FILE", description = "Instead of revisions: a built benchmarks.jar for side B.")
    private Path jarB;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
        description = "The git repository the revisions belong to. Default: the one holding the working directory.")
    private Path repo;

    @Option(names = "--suite", paramLabel = "FILE",
        description = "The suite file (matrix and jmh lines). Default: results/suite.txt of the checkout.")
    private Path suite;

    @Option(names = "--benchmarks", paramLabel = "'REGEX [JMH OPTIONS]'",
        description = "Instead of a suite file: the words of a jmh suite line, e.g. "
            + "'micro.ThrottleBench -wi 2 -i 3 -r 500ms' (repeatable).")
    private List<String> benchmarks = new ArrayList<>();

    @Option(names = "--matrix", paramLabel = "'[MATRIX OPTIONS]'", arity = "0..1", fallbackValue = "--quick",
        description = "Instead of a suite file: the words of a matrix suite line, e.g. '--workers 2 --warmup 2x1s' "
            + "(runs before any --benchmarks).")
    private String matrix;

    @Option(names = "--forks", paramLabel = "N",
        description = "Forks (JMH processes) a side for every run of the suite; replaces the suite's -f and --forks. "
            + "Default: the fewest that can give every row a verdict (at least --min-samples).")
    private Integer forks;

    @Option(names = "--output", paramLabel = "DIR",
        description = "Where the JMH files, a.json, b.json and the reports go; a new or empty directory. "
            + "Default: results/ab/<date>-<commit A>-<commit B>/ of the checkout.")
    private Path output;

    @Option(names = "--work-dir", paramLabel = "DIR",
        description = "Where jars are cached by commit and worktrees built. Default: $XDG_CACHE_HOME/dmsnap/ab "
            + "(else ~/.cache/dmsnap/ab).")
    private Path workDir;

    @Option(names = "--mvn", paramLabel = "FILE",
        description = "The Maven to build with. Default: the revision's mvnw if it has one, else mvn from the PATH.")
    private Path mvn;

    @Option(names = "--offline", description = "Build with mvn -o (every dependency already in the local repository).")
    private boolean offline;

    @Option(names = "--rebuild", description = "Build both revisions even when their jars are cached.")
    private boolean rebuild;

    @Option(names = "--build-only", description = "Build (or find in the cache) both jars, print their paths and stop.")
    private boolean buildOnly;

    @Option(names = "--no-live", description = "Never draw the live progress line (drawn only on a console anyway).")
    private boolean noLive;

    @Mixin
    private StatisticsOptions statistics;

    @Option(names = "--min-samples", paramLabel = "N", defaultValue = "" + VerdictRule.DEFAULT_MIN_SAMPLES_PER_SIDE,
        description = "compare: fewest values a side for a verdict other than INCONCLUSIVE. Default: ${DEFAULT-VALUE}.")
    private int minSamples;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "compare: what to print on stdout: text, markdown, json, csv or html. Default: ${DEFAULT-VALUE}.")
    private String format;

    @Option(names = "--bands", paramLabel = "FILE", description = "compare: the bands file. Default: results/bands.txt.")
    private Path bandsFile;

    @Option(names = "--band", paramLabel = "GLOB=PCT", description = "compare: a band before the bands file's (repeatable).")
    private List<String> bands = new ArrayList<>();

    @Option(names = "--direction", paramLabel = "GLOB=WHICH",
        description = "compare: higher, lower or skip for the rows GLOB matches (repeatable).")
    private List<String> directions = new ArrayList<>();

    @Option(names = "--ignore-param", paramLabel = "NAME", split = ",",
        description = "compare: leave a parameter out of the row keys (repeatable, or comma separated).")
    private List<String> ignoredParams = new ArrayList<>();

    @Option(names = "--fail-on-inconclusive", description = "compare: exit 3 when no row regressed but one is INCONCLUSIVE.")
    private boolean failOnInconclusive;

    @Option(names = "--allow-env-mismatch",
        description = "compare: compare despite different JMH versions or settings of the two jars (a warning).")
    private boolean allowEnvMismatch;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Instant start = Instant.now();
        checkSides();
        final AbProgress progress = new AbProgress(err, !noLive && System.console() != null, System::nanoTime);
        try (RunGuard guard = new RunGuard().register())
        {
            return buildOnly ? buildOnly(out, progress, guard) : abRun(out, err, start, progress, guard);
        }
        catch (final AbFailure f)
        {
            progress.clearLive();
            err.println("dmsnap ab: " + f.getMessage());
            for (final String line : f.detail())
            {
                err.println("  | " + line);
            }
            err.flush();
            return f.exitCode();
        }
    }

    /** {@code --build-only}: the two jars' paths on stdout. */
    private int buildOnly(final PrintWriter out, final AbProgress progress, final RunGuard guard)
    {
        final JarCache cache = cache();
        final GitRepository repository = GitRepository.containing(repo);
        final SideJars sources = SideJars.revisions(repository, revisionA, revisionB, cache, rebuild);
        sources.planBuilds(progress, cache.estimatedBuildSeconds());
        header(progress, sources, cache, repository);
        final Map<Side, SideJar> jars = sources.build(builder(repository, cache, guard), progress);
        for (final Side side : Side.values())
        {
            out.println(side + " " + jars.get(side).describe() + ": " + jars.get(side).jar());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The whole A/B run: plan, builds, forks, result files, comparison. */
    private int abRun(final PrintWriter out, final PrintWriter err, final Instant start, final AbProgress progress,
                      final RunGuard guard) throws IOException
    {
        // Everything that can be refused is checked before the first build or fork.
        final SuitePlan suitePlan = SuiteSource.plan(suite, benchmarks, Optional.ofNullable(matrix));
        final int forkCount = forks != null ? forks : AbPlan.defaultForks(suitePlan, minSamples, alpha());
        if (forkCount < 1)
        {
            throw new IllegalArgumentException("--forks " + forkCount + ": an A/B run needs at least 1 fork a side ("
                + "and compare " + minSamples + " for a verdict)");
        }
        final AbPlan plan = AbPlan.of(suitePlan, forkCount);
        final JarCache cache = jarA != null ? null : cache();
        final GitRepository repository = jarA != null ? null : GitRepository.containing(repo);
        final SideJars sources = jarA != null ? SideJars.given(jarA, jarB)
            : SideJars.revisions(repository, revisionA, revisionB, cache, rebuild);
        final Path dir = output != null ? output : defaultOutput(start, sources);
        checkOutput(dir);
        final ComparisonStep comparison = new ComparisonStep(compareOptions());
        comparison.check(dir.resolve(Side.A.fileName() + ".json"), dir.resolve(Side.B.fileName() + ".json"), dir);

        if (cache != null)
        {
            sources.planBuilds(progress, cache.estimatedBuildSeconds());
        }
        final List<Integer> forkTasks = planForks(plan, progress);
        header(progress, sources, cache, repository);
        progress.message("dmsnap ab: " + describe(plan));
        progress.message("dmsnap ab: results go to " + dir);
        final Map<Side, SideJar> jars = sources.build(cache == null ? null : builder(repository, cache, guard), progress);

        final Map<Side, List<SideResult.Fork>> ran = runForks(plan, jars, dir, progress, forkTasks, guard);
        final Map<Side, Path> files = writeSides(plan, jars, ran, dir, start);
        progress.message("dmsnap ab: wrote " + files.get(Side.A) + " (A " + jars.get(Side.A).describe() + ") and "
            + files.get(Side.B) + " (B " + jars.get(Side.B).describe() + "); comparing");
        try
        {
            return comparison.run(files.get(Side.A), files.get(Side.B), dir, out, err);
        }
        catch (final IllegalArgumentException e)
        {
            err.println("dmsnap ab: the results stay in " + dir + "; compare them again with: dmsnap compare "
                + files.get(Side.A) + " " + files.get(Side.B) + " [OPTIONS]");
            throw e;
        }
    }

    /** What runs, for the start of the run: suite, runs, points, forks (and why so many), order, processes, time. */
    private String describe(final AbPlan plan)
    {
        final SuitePlan suitePlan = plan.suite();
        final String source = suitePlan.suite().source();
        return (source.equals(SuiteSource.COMMAND_LINE) ? "suite of the command line" : "suite " + source) + ": "
            + plan.runs().size() + " run(s), " + plan.points() + " point(s); " + plan.forks() + " fork(s) a side"
            + (forks != null ? "" : " (the fewest for a verdict on ~" + AbPlan.expectedRows(suitePlan) + " row(s) at alpha "
            + alpha() + ", --min-samples " + minSamples + ")") + "; order " + plan.schedule().describe() + "; "
            + plan.schedule().slots().size() + " processes, about " + AbProgress.duration(Math.round(plan.estimatedSeconds()))
            + " of benchmarks";
    }

    /** Each side's result file: this machine's environment with the side's commit, and where it all came from. */
    private Map<Side, Path> writeSides(final AbPlan plan, final Map<Side, SideJar> jars,
                                       final Map<Side, List<SideResult.Fork>> ran, final Path dir, final Instant start)
        throws IOException
    {
        final List<String> entries = plan.suite().suite().entries().stream().map(SuiteEntry::text).toList();
        final Map<Side, Path> files = new EnumMap<>(Side.class);
        for (final Side side : Side.values())
        {
            final Path file = dir.resolve(side.fileName() + ".json");
            final SideJar jar = jars.get(side);
            // A side built from a commit is a clean checkout of it; a given jar's code is unknown.
            final Environment machine = EnvironmentCapture.capture(start).toBuilder()
                .gitCommit(jar.commit().orElse(null))
                .gitDirty(jar.commit().isPresent() ? Boolean.FALSE : null)
                .build();
            SideResult.write(file, ran.get(side), plan.forks(), machine, new SideResult.Provenance(side, arguments(),
                jar.revision(), jar.jar(), plan.suite().suite().source(), entries, plan.schedule().describe(),
                (System.currentTimeMillis() - start.toEpochMilli()) / 1e3));
            files.put(side, file);
        }
        return files;
    }

    /** Revisions or jars, not both; two of either. */
    private void checkSides()
    {
        final boolean fromJars = jarA != null || jarB != null;
        if (fromJars && (revisionA != null || revisionB != null))
        {
            throw new IllegalArgumentException("give two revisions (REV_A REV_B) or two jars (--jar-a FILE --jar-b FILE), "
                + "not both");
        }
        if (fromJars && (jarA == null || jarB == null))
        {
            throw new IllegalArgumentException((jarA == null ? "--jar-a" : "--jar-b") + " is missing: --jar-a FILE and "
                + "--jar-b FILE go together");
        }
        if (!fromJars && (revisionA == null || revisionB == null))
        {
            throw new IllegalArgumentException("give two revisions, e.g. dmsnap ab HEAD~1 HEAD (or two built jars with "
                + "--jar-a FILE --jar-b FILE)");
        }
        if (fromJars && (buildOnly || rebuild))
        {
            throw new IllegalArgumentException((buildOnly ? "--build-only" : "--rebuild") + " builds revisions; with "
                + "--jar-a and --jar-b there is nothing to build");
        }
    }

    /** The output directory must be new or empty: a run's files must not mix with another's. */
    private static void checkOutput(final Path dir) throws IOException
    {
        if (Files.exists(dir) && !Files.isDirectory(dir))
        {
            throw new IllegalArgumentException("--output " + dir + " is a file; give a new or empty directory");
        }
        if (Files.isDirectory(dir))
        {
            try (Stream<Path> entries = Files.list(dir))
            {
                if (entries.findAny().isPresent())
                {
                    throw new IllegalArgumentException("--output " + dir + " is not empty; an A/B run writes into a new "
                        + "or empty directory, so its files never mix with another run's");
                }
            }
        }
    }

    /** {@code results/ab/<yyyyMMdd-HHmmss>-<A>-<B>} of the checkout, relative to the working directory when inside it. */
    private static Path defaultOutput(final Instant start, final SideJars sources)
    {
        final Path cwd = Path.of("").toAbsolutePath();
        final String name = STAMP.format(start) + "-" + shortName(sources, Side.A) + "-" + shortName(sources, Side.B);
        final Path dir = ResultPaths.defaultResultsDir(cwd).resolve("ab").resolve(name);
        return dir.startsWith(cwd) ? cwd.relativize(dir) : dir;
    }

    private static String shortName(final SideJars sources, final Side side)
    {
        final String described = sources.describe(side);
        return described.matches("[0-9a-f]{7}.*") ? described.substring(0, 7) : side.fileName();
    }

    private JarCache cache()
    {
        return new JarCache(workDir != null ? workDir : JarCache.defaultDir(System.getenv()));
    }

    private RevisionBuild builder(final GitRepository repository, final JarCache cache, final RunGuard guard)
    {
        return new RevisionBuild(repository, cache, Optional.ofNullable(mvn), offline, guard);
    }

    private static void header(final AbProgress progress, final SideJars sources, final JarCache cache,
                               final GitRepository repository)
    {
        progress.message("dmsnap ab: A = " + sources.describe(Side.A) + ", B = " + sources.describe(Side.B)
            + (repository == null ? "" : " of " + repository.root()));
        if (sources.sameCommit())
        {
            progress.message("dmsnap ab: A and B are the same commit: an A/A run, every difference is noise");
        }
        if (cache != null)
        {
            sources.origins(cache).forEach(line -> progress.message("dmsnap ab: " + line));
        }
    }

    /** One progress task per process, in schedule order. */
    private static List<Integer> planForks(final AbPlan plan, final AbProgress progress)
    {
        final List<Integer> tasks = new ArrayList<>();
        final List<AbbaSchedule.Slot> slots = plan.schedule().slots();
        final int width = Integer.toString(slots.size()).length();
        for (int i = 0; i < slots.size(); i++)
        {
            final AbbaSchedule.Slot slot = slots.get(i);
            final AbPlan.Run run = plan.runs().get(slot.run());
            final String label = String.format(Locale.ROOT, "[%" + width + "d/%d] fork %d/%d %s: %s", i + 1, slots.size(),
                slot.fork() + 1, plan.forks(), slot.side(), run.label());
            tasks.add(progress.add(AbProgress.Kind.FORK, label, run.forkSeconds()));
        }
        return tasks;
    }

    /** Every process in schedule order; each side's files in its own folder. */
    private static Map<Side, List<SideResult.Fork>> runForks(final AbPlan plan, final Map<Side, SideJar> jars,
                                                            final Path dir, final AbProgress progress,
                                                            final List<Integer> tasks, final RunGuard guard)
        throws IOException
    {
        final ForkRunner runner = new ForkRunner(ForkRunner.currentJava(),
            ManagementFactory.getRuntimeMXBean().getInputArguments(), guard);
        final Map<Side, List<SideResult.Fork>> ran = new EnumMap<>(Side.class);
        for (final Side side : Side.values())
        {
            Files.createDirectories(dir.resolve(side.fileName()));
            ran.put(side, new ArrayList<>());
        }
        final List<AbbaSchedule.Slot> slots = plan.schedule().slots();
        for (int i = 0; i < slots.size(); i++)
        {
            final AbbaSchedule.Slot slot = slots.get(i);
            final AbPlan.Run run = plan.runs().get(slot.run());
            final Path folder = dir.resolve(slot.side().fileName()).toAbsolutePath();
            final String name = String.format(Locale.ROOT, "fork%02d-run%02d", slot.fork() + 1, slot.run() + 1);
            final Path result = folder.resolve(name + ".json");
            final Path log = folder.resolve(name + ".log");
            progress.start(tasks.get(i));
            runner.run(jars.get(slot.side()).jar(), run.arguments(result), result, log, "fork " + (slot.fork() + 1) + "/"
                + plan.forks() + " of " + slot.side() + " (" + run.label() + ")", progress);
            final double seconds = progress.finish(tasks.get(i), "");
            ran.get(slot.side()).add(new SideResult.Fork(slot.fork(), slot.run(), result, seconds));
        }
        return ran;
    }

    /** compare's options as given here, to pass on. */
    private List<String> compareOptions()
    {
        final List<String> args = new ArrayList<>(List.of("--format", format, "--min-samples", Integer.toString(minSamples)));
        for (final OptionSpec option : spec.mixins().get("statistics").options())
        {
            args.add(option.longestName());
            args.add(String.valueOf((Object) option.getValue()));
        }
        if (bandsFile != null)
        {
            args.addAll(List.of("--bands", bandsFile.toString()));
        }
        bands.forEach(b -> args.addAll(List.of("--band", b)));
        directions.forEach(d -> args.addAll(List.of("--direction", d)));
        if (!ignoredParams.isEmpty())
        {
            args.addAll(List.of("--ignore-param", String.join(",", ignoredParams)));
        }
        if (failOnInconclusive)
        {
            args.add("--fail-on-inconclusive");
        }
        if (allowEnvMismatch)
        {
            args.add("--allow-env-mismatch");
        }
        return args;
    }

    /** The {@code --alpha} given (the statistics mixin's). */
    private double alpha()
    {
        return spec.mixins().get("statistics").findOption("--alpha").getValue();
    }

    private List<String> arguments()
    {
        return spec.commandLine().getParseResult() == null ? List.of() : spec.commandLine().getParseResult().originalArgs();
    }
}
