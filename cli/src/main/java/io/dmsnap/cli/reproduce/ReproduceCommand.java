package io.dmsnap.cli.reproduce;

import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.common.IoReason;
import io.dmsnap.cli.report.ReportFiles;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.EnvironmentCapture;
import io.dmsnap.cli.result.ResultPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dmsnap reproduce}: every headline result of the seeds in one command, the seed's figure
 * beside ours. Each {@link Reproduction} runs the workload that shows its result through the bench
 * and stress libraries (the fio matrix, the tune sweep, stress scenarios, crash replay, the commit
 * stage, JMH); the command prints the table (seed commit, claim, the seed's figure, ours, same
 * shape?, effect at least the seed's?) with the machine and what its cores cannot show, and writes
 * a result file for compare (by default under {@code results/}), an HTML page with charts (next to
 * it) and, with {@code --markdown FILE}, the Markdown of docs/reproduction.md.
 *
 * <p>Exit codes: 0 every row ran (whatever it found), 1 a row could not run (its cell says why),
 * 2 bad arguments.
 */
@Command(name = "reproduce",
    description = {"Reproduce every headline result of the seeds: runs the workload behind each one and prints the seed's "
        + "figure beside ours (same shape? effect at least the seed's?), with the machine and what its cores cannot show.",
        "Writes a result file for compare under results/ and an HTML page with charts next to it; --markdown FILE writes "
            + "the table as Markdown (docs/reproduction.md). --quick (default) fits in 15 minutes on 2 cores; --full "
            + "repeats more and prints its expected time before it starts."})
public final class ReproduceCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "Fewer repeats and smaller sizes: under 15 minutes on 2 cores (the default).")
    private boolean quick;

    @Option(names = "--full", description = "More repeats, larger sizes, both device profiles of the throttle: about "
        + "half an hour on 2 cores, printed before it starts.")
    private boolean full;

    @Option(names = "--only", paramLabel = "ID", split = ",",
        description = "Run only these: locking, reorder, throttle, deadlock, leak, full-chunk, hash, handover "
            + "(or their seed commits, e.g. 3f1637f2).")
    private List<String> only;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write the table and the rows' notes as Markdown.")
    private Path markdown;

    @Option(names = "--html", paramLabel = "FILE",
        description = "The HTML page with charts. Default: next to the result file, same name with .html.")
    private Path html;

    @Option(names = "--result", paramLabel = "FILE",
        description = "The result file. Default: results/reproduce-<date>-<commit>.json in the repository.")
    private Path resultFile;

    @Option(names = "--no-result", description = "Write no result file (and no HTML page unless --html is given).")
    private boolean noResult;

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        if (quick && full)
        {
            throw new IllegalArgumentException("--quick and --full exclude each other");
        }
        if (resultFile != null && noResult)
        {
            throw new IllegalArgumentException("--result and --no-result exclude each other");
        }
        final Depth depth = full ? Depth.FULL : Depth.QUICK;
        final List<Reproduction> rows = Reproductions.select(only);
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Instant start = Instant.now();
        final Environment environment = EnvironmentCapture.capture(start);
        final Path result = noResult ? null : resultFile != null ? resultFile
            : ResultPaths.runFile(ResultPaths.defaultResultsDir(Path.of("").toAbsolutePath()), "reproduce", start,
                environment.gitCommit());
        final Path page = html != null ? html : result != null ? ReportFiles.htmlNextTo(result) : null;
        for (final Path file : new Path[] {result, page, markdown})
        {
            prepareFolder(file);
        }
        final Machine machine = Machine.of(environment);
        final ReproduceProgress progress = new ReproduceProgress(err, depth, rows, System::nanoTime);
        progress.begin();
        final List<Outcome> outcomes = new ArrayList<>();
        boolean allRan = true;
        for (int i = 0; i < rows.size(); i++)
        {
            final Reproduction r = rows.get(i);
            progress.started(i);
            final long t0 = System.nanoTime();
            Finding finding;
            try
            {
                finding = r.run(depth, err);
            }
            catch (final InterruptedException e)
            {
                throw e;
            }
            catch (final Exception e)
            {
                final String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                err.println("reproduce: " + r.id() + " could not run: " + reason);
                finding = Finding.failed(reason);
                allRan = false;
            }
            final double seconds = (System.nanoTime() - t0) / 1e9;
            progress.finished(i, seconds);
            outcomes.add(new Outcome(r, finding, seconds));
        }
        ReproductionText.print(out, depth, machine, outcomes);
        final List<String> arguments = arguments();
        if (markdown != null)
        {
            Files.writeString(markdown, ReproductionMarkdown.render(depth, machine, outcomes, arguments, progress.elapsed()),
                StandardCharsets.UTF_8);
            out.println("Markdown: " + markdown);
        }
        if (result != null)
        {
            ReproductionResultFile.write(result, depth, outcomes, environment, arguments);
            out.println("Result file: " + result);
        }
        if (page != null)
        {
            ReproductionPage.write(page, depth, machine, outcomes);
            out.println("Report: " + page);
        }
        out.flush();
        return allRan ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The command line as given, for the result file and the Markdown. */
    private List<String> arguments()
    {
        return spec.commandLine().getParseResult() == null ? List.of()
            : spec.commandLine().getParseResult().originalArgs();
    }

    /** Fail on an unusable folder now, not after the runs. */
    private static void prepareFolder(final Path file)
    {
        if (file == null || file.toAbsolutePath().getParent() == null)
        {
            return;
        }
        final Path dir = file.toAbsolutePath().getParent();
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("cannot create the folder " + dir + ": " + IoReason.of(e));
        }
    }
}
