package io.dmsnap.cli.history;

import io.dmsnap.cli.changepoint.ChangePointDetector;
import io.dmsnap.cli.changepoint.MergeRule;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.common.IoReason;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * {@code dmsnap history DIR}: the result files of a directory (a host's nightly results, or a
 * parent with one subdirectory per host) ordered by start time, one series per row and host, and
 * the change points of each series (E-divisive means as Apache Otava finds them). Prints them as
 * text or JSON; writes charts (PNG), an HTML page and Otava's CSV input on request.
 *
 * <p>Exit codes: 0 when the history was analysed, whatever it found (a change point long ago is
 * history, not a failure: {@code dmsnap compare} decides about the newest run); 2 for bad options,
 * a directory without result files or with fewer than two runs, an unreadable file (unless
 * {@code --skip-unreadable}), a row whose unit or direction changes, or an output that cannot be
 * written.
 */
@Command(name = "history",
    description = {"Follow every benchmark row over the result files in DIR, ordered by start time, and find where its "
        + "level changed (change points by E-divisive means, as Apache Otava finds them).",
        "DIR is a host's directory of result files (results/history/<host>/) or a parent whose subdirectories are "
            + "hosts (results/history/); a series never mixes hosts. A run's value is the median of the row's samples."})
public final class HistoryCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Directory of result files, one per run, or of host directories.")
    private Path directory;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text or json. Default: ${DEFAULT-VALUE}.")
    private String format;

    @Option(names = "--p", paramLabel = "P", defaultValue = "0.001",
        description = "Significance threshold of a change point, in (0, 1] (Otava's -P). Default: ${DEFAULT-VALUE}.")
    private double pValue;

    @Option(names = "--min-magnitude", paramLabel = "PCT", defaultValue = "2",
        description = "A change point must move the mean by more than PCT percent (2 or 2%%; 0 keeps any). "
            + "Default: ${DEFAULT-VALUE}%% (smaller changes are within a shared machine's night-to-night noise).")
    private String minMagnitude;

    @Option(names = "--window", paramLabel = "RUNS", defaultValue = "50",
        description = "Window of the search in runs, at least 4; windows overlap by half. Default: ${DEFAULT-VALUE}.")
    private int window;

    @Option(names = "--merge", paramLabel = "RULE", defaultValue = "otava",
        description = "otava (as Apache Otava: same results) or corrected (re-test both neighbours of a removed point). "
            + "Default: ${DEFAULT-VALUE}.")
    private String merge;

    @Option(names = "--permutations", paramLabel = "N",
        description = "Use the permutation test with N shuffles instead of Otava's t-test (about N times the cost).")
    private Integer permutations;

    @Option(names = "--seed", paramLabel = "S",
        description = "Seed of the permutation test (with --permutations). Default: " + ChangePointDetector.DEFAULT_SEED + ".")
    private Long seed;

    @Option(names = "--since", paramLabel = "TIME",
        description = "Only runs started at or after TIME: a date (2026-01-31, UTC) or an ISO-8601 time "
            + "(2026-01-31T02:00:00Z). Files without a start time are then left out.")
    private String since;

    @Option(names = "--last", paramLabel = "N", description = "Only the last N runs of each host (after --since).")
    private Integer last;

    @Option(names = "--skip-unreadable",
        description = "Leave out files that cannot be read, listing them, instead of refusing the history.")
    private boolean skipUnreadable;

    @Option(names = "--charts", paramLabel = "DIR",
        description = "Write one PNG chart per series into DIR, change points marked; names from host and row.")
    private Path charts;

    @Option(names = "--html", paramLabel = "FILE",
        description = "Write a self-contained HTML page: the change points and every series' chart.")
    private Path html;

    @Option(names = "--otava", paramLabel = "DIR",
        description = "Write one CSV file per host in Apache Otava's layout into DIR, with its configuration, and "
            + "print the otava command that analyses them.")
    private Path otava;

    @Override
    public Integer call()
    {
        final boolean json = json(format);
        final HistoryOptions options = new HistoryOptions(detector(), sinceInstant(), lastRuns(), skipUnreadable);
        checkOutputs();
        final History history = History.read(directory, options);

        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final List<HistoryOtava.HostExport> exports = otava == null ? List.of() : write("--otava", otava,
            () -> HistoryOtava.write(history, otava));
        if (otava != null && exports.isEmpty())
        {
            err.println("dmsnap history: nothing written to " + otava + ": no analysed series has a run with a start time");
        }
        if (charts != null)
        {
            final List<Path> pngs = write("--charts", charts, () -> ChartFiles.write(history, charts));
            err.println("dmsnap history: " + HistoryFormat.count(pngs.size(), "chart") + " written to " + charts);
        }
        if (html != null)
        {
            write("--html", html, () ->
            {
                HistoryHtml.page(history).write(html);
                return List.of(html);
            });
            err.println("dmsnap history: page written to " + html);
        }
        if (json)
        {
            HistoryJson.write(out, history, exports);
        }
        else
        {
            HistoryText.print(out, history, exports);
        }
        return ExitCodes.OK;
    }

    private ChangePointDetector detector()
    {
        if (!(pValue > 0 && pValue <= 1))
        {
            throw new IllegalArgumentException("--p must be in (0, 1], got " + pValue + "; the default is "
                + ChangePointDetector.DEFAULT_P_VALUE);
        }
        if (window < ChangePointDetector.MIN_SERIES_LENGTH)
        {
            throw new IllegalArgumentException("--window must be at least " + ChangePointDetector.MIN_SERIES_LENGTH
                + " runs, got " + window + "; the default is " + ChangePointDetector.DEFAULT_WINDOW);
        }
        ChangePointDetector d = ChangePointDetector.otavaDefaults().withPValue(pValue).withWindow(window)
            .withMinMagnitudePercent(percent(minMagnitude)).withMergeRule(mergeRule(merge));
        if (permutations != null)
        {
            if (permutations < 1)
            {
                throw new IllegalArgumentException("--permutations must be at least 1, got " + permutations
                    + "; 100 is the usual count");
            }
            d = d.withPermutationTest(permutations, seed == null ? ChangePointDetector.DEFAULT_SEED : seed);
        }
        else if (seed != null)
        {
            throw new IllegalArgumentException("--seed applies to the permutation test only: add --permutations N "
                + "(the t-test draws nothing at random)");
        }
        return d;
    }

    static boolean json(final String format)
    {
        return switch (format)
        {
            case "text" -> false;
            case "json" -> true;
            default -> throw new IllegalArgumentException("unknown --format '" + format + "'; choose text or json");
        };
    }

    static MergeRule mergeRule(final String rule)
    {
        return switch (rule)
        {
            case "otava" -> MergeRule.OTAVA;
            case "corrected" -> MergeRule.CORRECTED;
            default -> throw new IllegalArgumentException("unknown --merge '" + rule + "'; choose otava or corrected");
        };
    }

    /** {@code 2}, {@code 2%}, {@code 0.5}: a percentage of 0 or more. */
    static double percent(final String text)
    {
        final String number = text.strip().endsWith("%") ? text.strip().substring(0, text.strip().length() - 1) : text.strip();
        final double pct;
        try
        {
            pct = Double.parseDouble(number);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("--min-magnitude '" + text + "' is not a percentage; give one such as 2 "
                + "or 2% (0 keeps changes of any size)");
        }
        if (!(pct >= 0 && pct < Double.POSITIVE_INFINITY))
        {
            throw new IllegalArgumentException("--min-magnitude must be a percentage of 0 or more, got " + text);
        }
        return pct;
    }

    private Optional<Instant> sinceInstant()
    {
        return since == null ? Optional.empty() : Optional.of(parseTime(since));
    }

    /** A date (midnight UTC), an ISO-8601 instant or offset time, or a local time taken as UTC. */
    static Instant parseTime(final String text)
    {
        final String t = text.strip();
        try
        {
            if (t.length() == 10)
            {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (t.endsWith("Z") || t.endsWith("z"))
            {
                return Instant.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.matches(".*[+-]\\d\\d:?\\d\\d$") && t.indexOf('T') > 0)
            {
                return OffsetDateTime.parse(t).toInstant();
            }
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        }
        catch (final DateTimeParseException e)
        {
            throw new IllegalArgumentException("--since '" + text + "' is not a date (2026-01-31, UTC) or an ISO-8601 "
                + "time (2026-01-31T02:00:00Z)");
        }
    }

    private OptionalInt lastRuns()
    {
        if (last == null)
        {
            return OptionalInt.empty();
        }
        if (last < 2)
        {
            throw new IllegalArgumentException("--last must be at least 2 runs, got " + last
                + "; a series needs 4 runs to have a change point");
        }
        return OptionalInt.of(last);
    }

    /** Refuses outputs that cannot be what they say before the files are read. */
    private void checkOutputs()
    {
        if (html != null && Files.isDirectory(html))
        {
            throw new IllegalArgumentException("--html " + html + " is a directory; give the page's file name");
        }
        for (final Path dir : new Path[] {charts, otava})
        {
            if (dir != null && Files.exists(dir) && !Files.isDirectory(dir))
            {
                throw new IllegalArgumentException((dir == charts ? "--charts " : "--otava ") + dir
                    + " is a file; give a directory (created if missing)");
            }
        }
    }

    /** Something written to an output path. */
    @FunctionalInterface
    private interface Output<T>
    {
        T write() throws IOException;
    }

    /** Runs a write; a failure is bad input naming the option and the path (exit 2), not an internal error. */
    private static <T> T write(final String option, final Path path, final Output<T> output)
    {
        try
        {
            return output.write();
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("cannot write " + option + " " + path + ": " + IoReason.of(e));
        }
    }
}
