package io.dmsnap.cli.compare;

import io.dmsnap.cli.result.ReadOptions;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultPaths;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.stats.VerdictRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dmsnap compare BASE CANDIDATE}: did the candidate get slower? Reads two results (result
 * files, JMH or fio JSON, or directories of repeated runs), checks their environments, matches their
 * rows, and gives each row a verdict with the statistics of docs/regression.md; prints text,
 * Markdown, JSON, CSV or HTML.
 *
 * <p>Exit codes: 0 no row REGRESSED; 1 at least one did; 2 bad arguments or input (an unreadable
 * file, different machines or JDKs, a unit conflict, rows without a direction, nothing in common);
 * 3 with {@code --fail-on-inconclusive}, no regression but a row INCONCLUSIVE or not comparable.
 */
@Command(name = "compare",
    description = {"Compare a candidate result against a base: per row the change of the medians with its bootstrap "
        + "interval, Mann-Whitney U and Kolmogorov-Smirnov p-values (Holm-adjusted), and a verdict against the row's band.",
        "BASE and CANDIDATE are dmsnap result files, JMH -rf json files, fio JSON output, or directories of repeated "
            + "runs. Exit 1 when a row REGRESSED; 3 with --fail-on-inconclusive when a row is INCONCLUSIVE."})
public final class CompareCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private StatisticsOptions statistics;

    @Parameters(index = "0", paramLabel = "BASE", description = "The base result: a file or a directory of runs.")
    private Path base;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "The candidate result: a file or a directory of runs.")
    private Path candidate;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "What to print: text, markdown, json, csv or html. Default: ${DEFAULT-VALUE}.")
    private String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the --format output to FILE instead of stdout.")
    private Path output;

    @Option(names = "--text", paramLabel = "FILE", description = "Also write the text to FILE.")
    private Path textFile;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write Markdown (a CI summary) to FILE.")
    private Path markdownFile;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write JSON (readable back for reports) to FILE.")
    private Path jsonFile;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write CSV to FILE.")
    private Path csvFile;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML report to FILE.")
    private Path htmlFile;

    @Option(names = "--bands", paramLabel = "FILE",
        description = "The bands file (GLOB = BAND [higher|lower|skip] lines). Default: results/bands.txt of the checkout.")
    private Path bandsFile;

    @Option(names = "--band", paramLabel = "GLOB=PCT",
        description = "A band for the rows GLOB matches, before the bands file's (repeatable), e.g. 'fio_*_latency=8%%'.")
    private List<String> bands = new ArrayList<>();

    @Option(names = "--direction", paramLabel = "GLOB=WHICH",
        description = "higher, lower or skip for the rows GLOB matches (repeatable); overrides what the results say.")
    private List<String> directions = new ArrayList<>();

    @Option(names = "--ignore-param", paramLabel = "NAME", split = ",",
        description = "Leave a parameter out of the row keys before matching (repeatable, or comma separated), "
            + "e.g. preset to compare two presets' runs.")
    private List<String> ignoredParams = new ArrayList<>();

    @Option(names = "--min-samples", paramLabel = "N", defaultValue = "" + VerdictRule.DEFAULT_MIN_SAMPLES_PER_SIDE,
        description = "Fewest values a side for a verdict other than INCONCLUSIVE (at least "
            + VerdictRule.LOWEST_MIN_SAMPLES_PER_SIDE + "). Default: ${DEFAULT-VALUE}.")
    private int minSamples;

    @Option(names = "--fail-on-inconclusive", description = "Exit 3 when no row regressed but one is INCONCLUSIVE or not comparable.")
    private boolean failOnInconclusive;

    @Option(names = "--allow-env-mismatch",
        description = "Compare despite a different CPU, core count, JDK or JMH settings (recorded as a warning).")
    private boolean allowEnvMismatch;

    @Override
    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        final OutputTargets outputs = new OutputTargets(OutputFormat.of(format, OutputFormat.values()), output)
            .file(textFile, OutputFormat.TEXT, "--text")
            .file(markdownFile, OutputFormat.MARKDOWN, "--markdown")
            .file(jsonFile, OutputFormat.JSON, "--json")
            .file(csvFile, OutputFormat.CSV, "--csv")
            .file(htmlFile, OutputFormat.HTML, "--html");
        outputs.checkAgainstInputs(List.of(base, candidate));
        final List<String> notes = new ArrayList<>();
        final BandRules rules = rules(notes);
        final ResultComparison.Options options = new ResultComparison.Options(statistics.settings(minSamples), rules,
            allowEnvMismatch, failOnInconclusive, new LinkedHashSet<>(ignoredParams), notes);
        final ReadOptions read = allowEnvMismatch ? ReadOptions.ALLOW_ENVIRONMENT_MISMATCH : ReadOptions.STRICT;
        final ResultSet baseResult = ResultFiles.read(base, read);
        final ResultSet candidateResult = ResultFiles.read(candidate, read);
        final ComparisonReport report = ResultComparison.compare(baseResult, candidateResult, options);
        for (final String w : report.warnings())
        {
            err.println("dmsnap: warning: " + w);
        }
        outputs.write(spec.commandLine().getOut(), f -> render(report, f));
        for (final Path p : outputs.paths())
        {
            err.println("dmsnap: wrote " + p);
        }
        err.flush();
        return report.exitCode();
    }

    /** The report in one format. */
    static String render(final ComparisonReport report, final OutputFormat format)
    {
        return switch (format)
        {
            case TEXT -> ComparisonText.render(report);
            case MARKDOWN -> ComparisonMarkdown.render(report);
            case JSON -> ComparisonJson.render(report);
            case CSV -> ComparisonCsv.render(report);
            case HTML -> ComparisonHtml.page(report).render();
        };
    }

    /** The command-line rules before the bands file's; a missing default file is noted, a missing given one refused. */
    private BandRules rules(final List<String> notes)
    {
        final List<BandRule> commandLine = new ArrayList<>();
        for (final String d : directions)
        {
            commandLine.add(BandRules.directionOption(d));
        }
        for (final String b : bands)
        {
            commandLine.add(BandRules.bandOption(b));
        }
        if (bandsFile != null)
        {
            return new BandRules(commandLine, BandsFile.read(bandsFile));
        }
        final Path defaultFile = defaultBandsFile();
        if (!Files.isRegularFile(defaultFile))
        {
            notes.add("no bands file at " + defaultFile + ": rows without a --band get the built-in "
                + BandRule.formatPercent(BandRules.FALLBACK_BAND_PERCENT) + " band");
            return new BandRules(commandLine, null);
        }
        return new BandRules(commandLine, BandsFile.read(defaultFile));
    }

    /** results/bands.txt of the checkout the code runs from, relative to the working directory when inside it. */
    static Path defaultBandsFile()
    {
        final Path cwd = Path.of("").toAbsolutePath();
        final Path file = ResultPaths.defaultResultsDir(cwd).resolve("bands.txt");
        return file.startsWith(cwd) ? cwd.relativize(file) : file;
    }
}
