package io.dmsnap.cli.suite;

import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.common.TextTable;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.EnvironmentCapture;
import io.dmsnap.cli.result.ResultFileException;
import io.dmsnap.cli.result.ResultPaths;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code dmsnap suite [FILE]}: runs every entry of a suite file ({@link SuiteFile}; default
 * {@code results/suite.txt}) through JMH in this process, with progress and an ETA on stderr, and
 * writes one result file with every row (default {@code results/suite-<date>-<commit>.json}).
 *
 * <p>Exit codes: 0 when every point ran and the file is written; 1 when a benchmark failed (JMH's
 * last lines say why; no file is written, its numbers would measure a broken run); 2 for a bad
 * suite file or arguments, reported before anything runs.
 */
@Command(name = "suite",
    description = {"Run a benchmark suite (the matrix and JMH benchmarks listed in a suite file) and write one result "
        + "file with every row.",
        "A suite file has one entry a line: 'matrix [dmsnap matrix options]' or 'jmh REGEX [JMH options]'; # starts a "
            + "comment. results/suite.txt is the quick nightly suite (docs/nightly.md).",
        "Exit 1 when a benchmark failed (no result file is written), 2 for a bad suite file, before anything runs."})
public final class SuiteCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
        description = "The suite file. Default: results/suite.txt of the checkout.")
    private Path suiteFile;

    @Option(names = "--result", paramLabel = "FILE",
        description = "The result file. Default: results/suite-<date>-<commit>.json in the checkout.")
    private Path result;

    @Option(names = "--host", paramLabel = "NAME",
        description = "The host name the result file records (default: this machine's): a history follows one host, "
            + "and CI machines whose names change from run to run need a stable one.")
    private String host;

    @Option(names = "--dry-run", description = "Print the entries, their points and the estimated time; run nothing.")
    private boolean dryRun;

    @Option(names = "--verbose", description = "Pass JMH's own output through to stderr.")
    private boolean verbose;

    @Option(names = "--no-live", description = "Never draw the live progress line (drawn only on a console anyway).")
    private boolean noLive;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Path cwd = Path.of("").toAbsolutePath();
        final Path file = suiteFile != null ? suiteFile : ResultPaths.defaultResultsDir(cwd).resolve("suite.txt");
        final SuitePlan plan = SuitePlan.of(SuiteFile.read(file));
        if (dryRun)
        {
            printPlan(out, plan);
            out.flush();
            return ExitCodes.OK;
        }
        final Instant start = Instant.now();
        final Environment captured = EnvironmentCapture.capture(start);
        final Environment environment = host == null ? captured : captured.toBuilder().host(checkedHost(host)).build();
        final Path target = result != null ? result
            : SuiteResultFile.defaultPath(ResultPaths.defaultResultsDir(cwd), start, environment.gitCommit());
        checkWritable(target);

        err.println("dmsnap suite: " + file + ": " + summary(plan));
        err.flush();
        final SuiteProgress progress = new SuiteProgress(err, !noLive && System.console() != null, verbose, plan,
            System::nanoTime);
        final SuiteRunner runner = new SuiteRunner(plan, progress, System::nanoTime);
        final long startNanos = System.nanoTime();
        final List<RunResult> results;
        try
        {
            results = runner.run();
        }
        catch (final RunnerException e)
        {
            progress.clearLive();
            final SuiteEntry entry = progress.currentEntry();
            err.println("dmsnap suite: a benchmark failed after " + progress.finished() + " of " + plan.points()
                + " points, in the entry on line " + (entry == null ? "?" : entry.line() + " (" + entry.text() + ")")
                + ": " + e.getMessage());
            for (final String line : progress.tail())
            {
                err.println("  | " + line);
            }
            err.println("No result file was written.");
            err.flush();
            return ExitCodes.FAILED;
        }
        progress.clearLive();
        final double elapsed = (System.nanoTime() - startNanos) / 1e9;

        out.println();
        printResults(out, results);
        final String jmhJson = SuiteResultFile.jmhJson(results);
        final List<String> args = spec.commandLine().getParseResult() == null ? List.of()
            : spec.commandLine().getParseResult().originalArgs();
        try
        {
            SuiteResultFile.write(target, new SuiteResultFile.Run(environment, args, plan, elapsed, runner.entrySeconds()),
                jmhJson);
        }
        catch (final ResultFileException e)
        {
            // The rows are read back from JMH's JSON; should that fail (a bug), the run is not lost.
            final Path kept = target.resolveSibling(target.getFileName() + ".jmh.json");
            Files.writeString(kept, jmhJson, StandardCharsets.UTF_8);
            err.println("dmsnap suite: internal error: JMH's results of this run do not read back (" + e.problem()
                + "); they are kept in " + kept);
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        }
        out.println();
        out.println("Suite ran in " + SuiteProgress.duration(Math.round(elapsed)) + " (estimated "
            + SuiteProgress.duration(Math.round(plan.estimatedSeconds())) + ").");
        out.println("Result file: " + target);
        out.flush();
        return ExitCodes.OK;
    }

    private static String checkedHost(final String name)
    {
        if (name.isBlank() || !name.equals(name.strip()) || name.chars().anyMatch(Character::isISOControl))
        {
            throw new IllegalArgumentException("bad value for --host: '" + name + "': a name without blanks at either "
                + "end or control characters");
        }
        return name;
    }

    /** Fail on an unusable result path now, not after a run of many minutes. */
    private static void checkWritable(final Path target)
    {
        final Path dir = target.toAbsolutePath().getParent();
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("--result " + target + ": cannot create its folder " + dir
                + (e.getMessage() == null || e.getMessage().equals(dir.toString()) ? "" : ": " + e.getMessage()));
        }
        if (Files.isDirectory(target) || !Files.isWritable(dir) || Files.exists(target) && !Files.isWritable(target))
        {
            throw new IllegalArgumentException("--result " + target + ": cannot write a file there"
                + (Files.isDirectory(target) ? " (it is a directory)" : ""));
        }
    }

    /** {@code 6 entries, 21 points, about 12 min 18 s}. */
    static String summary(final SuitePlan plan)
    {
        final int entries = plan.suite().entries().size();
        return entries + " entr" + (entries == 1 ? "y" : "ies") + ", " + plan.points() + " point"
            + (plan.points() == 1 ? "" : "s") + ", about " + SuiteProgress.duration(Math.round(plan.estimatedSeconds()))
            + " (forks x (JVM start + iterations), on an idle machine)";
    }

    /** The entries with their points and estimates: what --dry-run prints. */
    static void printPlan(final PrintWriter out, final SuitePlan plan)
    {
        out.println("Suite " + plan.suite().source() + ": " + summary(plan));
        for (final SuiteEntry entry : plan.suite().entries())
        {
            final List<SuitePlan.Run> runs = plan.runs().stream().filter(r -> r.entry() == entry).toList();
            final int points = runs.stream().mapToInt(r -> r.points().size()).sum();
            final double seconds = runs.stream().mapToDouble(SuitePlan.Run::estimatedSeconds).sum();
            out.println();
            out.println("line " + entry.line() + ": " + entry.text());
            out.println("  " + points + " point" + (points == 1 ? "" : "s") + ", about "
                + SuiteProgress.duration(Math.round(seconds)) + (runs.size() > 1 ? " in " + runs.size() + " JMH runs" : ""));
            for (final SuitePlan.Run run : runs)
            {
                for (final SuitePoint point : run.points())
                {
                    out.println("    " + point.label() + String.format(Locale.ROOT, "  ~%.0f s", point.estimatedSeconds()));
                }
            }
        }
    }

    /** One line per point: its label, JMH's score, error and unit. */
    private static void printResults(final PrintWriter out, final List<RunResult> results)
    {
        final TextTable table = new TextTable(3).row(List.of("point", "score", "error (99.9%)"));
        for (final RunResult r : results)
        {
            final Result<?> primary = r.getPrimaryResult();
            final double error = primary.getScoreError();
            table.row(List.of(SuiteProgress.pointLabel(r.getParams()), SuiteProgress.score(primary.getScore(),
                primary.getScoreUnit()), Double.isFinite(error) ? "± " + SuiteProgress.score(error, "").trim() : "-"));
        }
        table.print(out);
    }
}
