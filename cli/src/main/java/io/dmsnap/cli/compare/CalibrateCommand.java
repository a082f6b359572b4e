package io.dmsnap.cli.compare;

import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.result.ReadOptions;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;
import io.dmsnap.cli.stats.VerdictRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dmsnap calibrate A1 [A2]}: measures the noise of this machine with an A/A comparison (the
 * same build twice, or one set of repeated runs split in halves) and writes the bands it suggests
 * into the bands file: per row the CV, the A/A change, the false positives before and after
 * Holm's adjustment, the minimum detectable effect at the planned values a side, and a band.
 *
 * <p>Each suggested band becomes an entry for that row alone (its id, escaped), updated in place
 * when the file has it, otherwise added in a block before the file's first entry, so it decides
 * before the broader globs; comments and other entries stay. {@code --dry-run} only prints.
 *
 * <p>Exit codes: 0 calibrated (whatever the noise); 2 bad arguments or input.
 */
@Command(name = "calibrate",
    description = {"A/A calibration: measure the noise of two runs of the same build (A1 A2), or of repeated runs "
        + "split alternately in halves (one directory, or a file with several forks), and write the band each row "
        + "needs into the bands file.",
        "Prints per row the CV, the A/A change, the false positives (raw and after Holm), the minimum detectable "
            + "effect at --samples values a side and the suggested band; says what it changed in the bands file."})
public final class CalibrateCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private StatisticsOptions statistics;

    @Parameters(paramLabel = "RESULT", arity = "1..2",
        description = "Two results of the same build (files or directories), or one result whose runs or forks are "
            + "split alternately.")
    private List<Path> inputs = new ArrayList<>();

    @Option(names = "--samples", paramLabel = "N",
        description = "Values a side the real comparisons will have: the minimum detectable effects and bands are for "
            + "this size. Default: the fewest values a side any row has here.")
    private Integer samples;

    @Option(names = "--min-band", paramLabel = "PCT", defaultValue = "1",
        description = "The smallest band to suggest, in percent. Default: ${DEFAULT-VALUE}.")
    private double minBand;

    @Option(names = "--bands", paramLabel = "FILE",
        description = "The bands file to update (created when missing). Default: results/bands.txt of the checkout.")
    private Path bandsFile;

    @Option(names = "--dry-run", description = "Print the suggestions and what would change; write no bands file.")
    private boolean dryRun;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "What to print: text, markdown or json. Default: ${DEFAULT-VALUE}.")
    private String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the --format output to FILE instead of stdout.")
    private Path output;

    @Option(names = "--ignore-param", paramLabel = "NAME", split = ",",
        description = "Leave a parameter out of the row keys (as compare --ignore-param).")
    private List<String> ignoredParams = new ArrayList<>();

    @Option(names = "--allow-env-mismatch",
        description = "Calibrate on two results despite a different CPU, core count, JDK or JMH settings.")
    private boolean allowEnvMismatch;

    @Override
    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        if (inputs.size() > 2)
        {
            throw new IllegalArgumentException("calibrate takes one result (runs split alternately) or two (A1 A2), got "
                + inputs.size() + ": " + inputs);
        }
        final OutputFormat stdout = OutputFormat.of(format, OutputFormat.TEXT, OutputFormat.MARKDOWN, OutputFormat.JSON);
        final Path bands = bandsFile != null ? bandsFile : CompareCommand.defaultBandsFile();
        final OutputTargets outputs = new OutputTargets(stdout, output);
        outputs.checkAgainstInputs(inputs);
        if (output != null && output.toAbsolutePath().normalize().equals(bands.toAbsolutePath().normalize()))
        {
            throw new IllegalArgumentException("--output and --bands name the same file " + bands
                + ": the report would replace the bands; choose two files");
        }
        if (samples != null && samples < 1)
        {
            throw new IllegalArgumentException("--samples " + samples + " is out of range: give the values a side of the"
                + " real comparisons, at least 1");
        }
        if (!(minBand > 0.0 && Double.isFinite(minBand)))
        {
            throw new IllegalArgumentException("--min-band " + minBand + " is out of range: give a finite percentage"
                + " above 0, e.g. 1");
        }
        final ResultCalibration.Options options = new ResultCalibration.Options(
            statistics.settings(VerdictRule.DEFAULT_MIN_SAMPLES_PER_SIDE), minBand, samples,
            allowEnvMismatch, new LinkedHashSet<>(ignoredParams));
        // The bands file is read (and checked) before the work, so a broken one fails fast.
        final BandsFile file = Files.exists(bands) ? BandsFile.read(bands) : BandsFile.create(bands.toString());
        final ReadOptions read = allowEnvMismatch ? ReadOptions.ALLOW_ENVIRONMENT_MISMATCH : ReadOptions.STRICT;
        final ResultSet first = ResultFiles.read(inputs.get(0), read);
        final ResultSet second = inputs.size() > 1 ? ResultFiles.read(inputs.get(1), read) : null;
        CalibrationReport report = ResultCalibration.calibrate(first, second, options);
        report = updateBands(report, file, bands);
        for (final String w : report.warnings())
        {
            err.println("dmsnap: warning: " + w);
        }
        final CalibrationReport done = report;
        outputs.write(spec.commandLine().getOut(), f -> render(done, f));
        if (output != null)
        {
            err.println("dmsnap: wrote " + output);
        }
        err.println("dmsnap: bands file " + bands + ": " + report.describeChanges()
            + (report.written() ? "" : dryRun ? " (--dry-run: not written)" : " (nothing to write)"));
        err.flush();
        return ExitCodes.OK;
    }

    /** Sets the suggested bands in the file (unless --dry-run) and records what changed. */
    private CalibrationReport updateBands(final CalibrationReport report, final BandsFile file, final Path path)
    {
        final Map<String, Double> suggested = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();
        final List<String> unreachable = new ArrayList<>();
        for (final CalibratedRow row : report.rows())
        {
            if (row.suggestedBandPercent() == null)
            {
                unreachable.add(row.row().id());
            }
            else
            {
                suggested.put(row.glob(), row.suggestedBandPercent());
            }
        }
        if (!unreachable.isEmpty())
        {
            final boolean all = unreachable.size() == report.rows().size();
            notes.add("no band suggested for " + (all ? "any of the " : "") + unreachable.size()
                + (unreachable.size() == 1 ? " row" : " rows") + ": with " + report.plannedSamples()
                + " values a side the test cannot reach alpha over " + report.rows().size()
                + " rows; plan more values (--samples N)" + (all ? "" : ": " + ResultComparison.named(unreachable)));
        }
        final String heading = "dmsnap calibrate " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ": A/A of "
            + sourceNames(report) + ", bands for " + report.plannedSamples() + " values a side, alpha "
            + Formats.number(report.settings().alpha());
        final List<BandChange> changes = suggested.isEmpty() ? List.of() : file.update(suggested, heading);
        // An entry set here decides its row only if no earlier entry of the file matches the row first.
        final BandRules rules = new BandRules(List.of(), file);
        for (final CalibratedRow row : report.rows())
        {
            if (row.suggestedBandPercent() == null)
            {
                continue;
            }
            final BandRules.Match match = rules.match(key(row.row()));
            if (match.bandRule() != null && !match.bandRule().glob().text().equals(row.glob()))
            {
                notes.add("the entry for " + row.row().id() + " is set, but " + match.bandRule().glob() + " ("
                    + match.bandRule().origin() + ") comes first and decides its band; move the entry above it");
            }
        }
        final boolean changed = changes.stream().anyMatch(c -> c.kind() != BandChange.Kind.UNCHANGED);
        final boolean write = !dryRun && changed;
        if (write)
        {
            try
            {
                file.write(path);
            }
            catch (final IOException e)
            {
                throw new IllegalArgumentException("bands file " + path + ": cannot write: " + e
                    + "; choose another with --bands FILE, or --dry-run");
            }
        }
        return report.withBands(path.toString(), write, changes, notes);
    }

    private static RowKey key(final RowInfo row)
    {
        return new RowKey(row.benchmark(), row.mode(), row.threads(), row.params(), row.metric());
    }

    /** The sources' file names (no folders: the heading goes into a checked-in file). */
    private static String sourceNames(final CalibrationReport report)
    {
        final List<String> names = new ArrayList<>();
        for (final SourceInfo s : report.sources())
        {
            final Path p = Path.of(s.source()).getFileName();
            names.add(p == null ? s.source() : p.toString());
        }
        return String.join(" and ", names) + (report.split() ? " split alternately" : "");
    }

    static String render(final CalibrationReport report, final OutputFormat format)
    {
        return switch (format)
        {
            case TEXT -> CalibrationText.render(report);
            case MARKDOWN -> CalibrationMarkdown.render(report);
            case JSON -> CalibrationJson.render(report);
            case CSV, HTML -> throw new IllegalArgumentException("calibrate prints text, markdown or json");
        };
    }
}
