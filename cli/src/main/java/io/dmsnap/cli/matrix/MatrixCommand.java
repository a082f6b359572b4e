package io.dmsnap.cli.matrix;

import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.report.ReportFiles;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.EnvironmentCapture;
import io.dmsnap.cli.result.ResultFileException;
import io.dmsnap.cli.result.ResultPaths;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dmsnap matrix}: runs the dmtest fio benchmarks ({@link io.dmsnap.bench.jmh.fio.FioBenchmarks})
 * for a "before" and an "after" preset at several worker counts, prints the seed's before/after
 * table for every benchmark and writes one result file under {@code results/}.
 *
 * <p>{@code --quick} (the default) is the seed's comparison: four randwrite benchmarks, store N,
 * 1/2/4/8 workers, v5.0 against current, in a few minutes. {@code --full} is the whole dmtest
 * matrix (hours). The filters and overrides change either.
 *
 * <p>Exit codes: 0 when every point ran, 1 when a benchmark failed (the last lines of JMH's output
 * say why), 2 for bad arguments.
 */
@Command(name = "matrix",
    description = {"Run the dmtest fio benchmark matrix (JMH), print the seed's before/after tables and write a "
        + "result file under results/ with its HTML report (charts against workers, the seed's ratios) next to it.",
        "--quick (default): the randwrite benchmarks of the seed, store N, 1/2/4/8 workers, v5.0 vs current, "
            + "a few minutes. --full: origin, snapshot and raw device, four workloads, both types, N and P (hours)."})
public final class MatrixCommand implements Callable<Integer>
{
    /** Options about this command's own output rather than what it measures. */
    private static final List<String> OUTPUT_OPTIONS = List.of("--output", "--verbose", "--no-live");

    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "The seed's comparison in a few minutes (the default).")
    private boolean quick;

    @Option(names = "--full", description = "The whole dmtest matrix: more iterations and forks, hours.")
    private boolean full;

    @Option(names = "--benchmarks", paramLabel = "REGEX[,REGEX...]",
        description = "Keep the benchmarks whose name one of these regular expressions finds "
            + "(names: fio_{origin,snapshot,raw_device}_{randwrite,seqwrite,randread,seqread}_{throughput,latency}).")
    private String benchmarks;

    @Option(names = "--workers", paramLabel = "N[,N...]", split = ",",
        description = "Worker counts (JMH threads), one JMH run each. Default: 1,2,4,8.")
    private List<Integer> workers;

    @Option(names = "--presets", paramLabel = "BEFORE,AFTER", split = ",",
        description = "The two presets compared. Default: v5.0,current.")
    private List<String> presets;

    @Option(names = "--store", paramLabel = "STORE[,STORE...]", split = ",",
        description = "Exception stores: N, P, PO. Default: N (quick), N,P (full).")
    private List<String> stores;

    @Option(names = "--set", paramLabel = "SWITCH=VALUE", split = ",",
        description = "Switch override applied to both presets (repeatable, or comma separated).")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--warmup", paramLabel = "COUNTxTIME",
        description = "Warm-up iterations per point, e.g. 1x2s, 0x1s. Default: 6x1s (quick), 4x2s (full).")
    private String warmup;

    @Option(names = "--measurement", paramLabel = "COUNTxTIME",
        description = "Measurement iterations per point, e.g. 2x2s. Default: 5x1s (quick), 3x2s (full).")
    private String measurement;

    @Option(names = "--forks", paramLabel = "N",
        description = "JVM forks per point; 0 runs in this JVM. With 2 or more, the run goes in rounds of one fork "
            + "per point, the presets swapping order each round. Default: 1 (quick), 2 (full).")
    private Integer forks;

    @Option(names = "--output", paramLabel = "FILE",
        description = "The result file. Default: results/matrix-<date>-<commit>.json in the repository.")
    private Path output;

    @Option(names = "--verbose", description = "Pass JMH's own output through to stderr.")
    private boolean verbose;

    @Option(names = "--no-live", description = "Never draw the live progress line (drawn only on a console anyway).")
    private boolean noLive;

    @Option(names = "--no-report",
        description = "Write no HTML report (by default: next to the result file, same name with .html).")
    private boolean noReport;

    @Override
    public Integer call() throws IOException
    {
        final MatrixPlan plan = plan();
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Path cwd = Path.of("").toAbsolutePath();
        final ZonedDateTime date = ZonedDateTime.now();
        final Environment environment = EnvironmentCapture.capture(date.toInstant());
        final Path file = output != null ? output
            : MatrixResultFile.defaultPath(ResultPaths.defaultResultsDir(cwd), date, environment.gitCommit().orElse("unknown"));
        // Fail on an unusable folder now, not after a run of many minutes.
        Files.createDirectories(file.toAbsolutePath().getParent());

        err.println("dmsnap matrix: " + plan.describe());
        err.flush();
        final MatrixProgress progress = new MatrixProgress(err, !noLive && System.console() != null, verbose,
            plan.progressPoints(), plan.estimatedSecondsPerProgressPoint(), System::nanoTime);
        final long start = System.nanoTime();
        final List<RunResult> results;
        try
        {
            results = new MatrixRunner(plan, progress).run();
        }
        catch (final RunnerException e)
        {
            progress.clearLive();
            err.println("dmsnap matrix: a benchmark failed after " + progress.finished() + " of " + plan.progressPoints()
                + " points: " + e.getMessage());
            for (final String line : progress.tail())
            {
                err.println("  | " + line);
            }
            err.flush();
            return ExitCodes.FAILED;
        }
        progress.clearLive();
        final double elapsed = (System.nanoTime() - start) / 1e9;

        final List<MatrixPoint> points = new ArrayList<>();
        for (final RunResult r : results)
        {
            points.add(MatrixPoint.of(r));
        }
        final int cpus = Runtime.getRuntime().availableProcessors();
        out.println();
        MatrixTables.print(out, plan, points, cpus);
        final List<String> args = spec.commandLine().getParseResult() == null ? List.of()
            : spec.commandLine().getParseResult().originalArgs();
        final String jmhJson = MatrixResultFile.jmhJson(results);
        try
        {
            MatrixResultFile.write(file, plan, new MatrixResultFile.Run(environment, elapsed, args), points, jmhJson);
        }
        catch (final ResultFileException e)
        {
            // The rows are read back from JMH's JSON; should that fail (a bug), the run is not lost.
            final Path kept = file.resolveSibling(file.getFileName() + ".jmh.json");
            Files.writeString(kept, jmhJson, StandardCharsets.UTF_8);
            err.println("dmsnap matrix: internal error: JMH's results of this run do not read back (" + e.problem()
                + "); they are kept in " + kept);
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        }
        out.println();
        out.println("Result file: " + file);
        out.flush();
        return noReport ? ExitCodes.OK : writeReport(file, out, err);
    }

    /** The HTML report next to the result file, drawn from the file as written; the run is kept whatever happens. */
    private static int writeReport(final Path file, final PrintWriter out, final PrintWriter err)
    {
        final Path html = ReportFiles.htmlNextTo(file);
        try
        {
            MatrixReport.write(file, html);
        }
        catch (final IOException | RuntimeException e)
        {
            err.println("dmsnap matrix: internal error: the HTML report could not be written (" + e
                + "); the result file is complete, `dmsnap report " + file + "` draws it again");
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        }
        out.println("Report: " + html);
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * The plan {@code dmsnap matrix ARGUMENTS} would run, for a {@code matrix} line of a suite file:
     * only the options that choose what runs. The ones about the command's own output
     * ({@code --output}, {@code --verbose}, {@code --no-live}) are refused, because whoever runs the
     * plan writes its own result file and progress.
     *
     * @throws IllegalArgumentException one line naming the problem: an unknown option, a bad value
     */
    public static MatrixPlan plan(final List<String> arguments)
    {
        final MatrixCommand command = new MatrixCommand();
        final ParseResult parsed;
        try
        {
            parsed = new CommandLine(command).parseArgs(arguments.toArray(new String[0]));
        }
        catch (final ParameterException e)
        {
            throw new IllegalArgumentException(e.getMessage().replaceAll("\\s+", " ").trim()
                + " (dmsnap matrix --help lists its options)");
        }
        for (final String option : OUTPUT_OPTIONS)
        {
            if (parsed.hasMatchedOption(option))
            {
                throw new IllegalArgumentException(option + " is about the matrix command's own output, not what it "
                    + "runs; the matrix options here are --quick, --full, --benchmarks, --workers, --presets, --store, "
                    + "--set, --warmup, --measurement, --forks");
            }
        }
        return command.plan();
    }

    /** The quick or full defaults with the given options applied. */
    MatrixPlan plan()
    {
        if (quick && full)
        {
            throw new IllegalArgumentException("--quick and --full exclude each other");
        }
        final MatrixPlan.Builder b = full ? MatrixPlan.full() : MatrixPlan.quick();
        if (benchmarks != null)
        {
            b.benchmarks(benchmarks);
        }
        if (workers != null)
        {
            b.workers(workers);
        }
        if (presets != null)
        {
            b.presets(presets);
        }
        if (stores != null)
        {
            b.stores(stores);
        }
        b.overrides(overrides);
        if (warmup != null)
        {
            b.warmup(warmup);
        }
        if (measurement != null)
        {
            b.measurement(measurement);
        }
        if (forks != null)
        {
            b.forks(forks);
        }
        return b.build();
    }
}
