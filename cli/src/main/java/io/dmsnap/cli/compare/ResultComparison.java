package io.dmsnap.cli.compare;

import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;
import io.dmsnap.cli.stats.ComparisonRow;
import io.dmsnap.cli.stats.ComparisonSettings;
import io.dmsnap.cli.stats.Direction;
import io.dmsnap.cli.stats.FamilyComparison;
import io.dmsnap.cli.stats.RowResult;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares a base and a candidate result: the steps of {@code dmsnap compare} between reading the
 * files and printing.
 * <ol>
 *   <li>The environments ({@link EnvironmentCheck}): a checked difference is refused unless allowed.</li>
 *   <li>Rows are matched on their key ({@link RowIndex}); rows of one side are listed, never dropped.
 *       The same key in two units is an error naming the row.</li>
 *   <li>Per row: skip rules, then the direction (a {@code --direction} rule; else what the results
 *       say, from the reader or the unit; else a bands-file rule; else the row needs one and the
 *       comparison is refused, naming the rows), the band ({@link BandRules}), and the values
 *       ({@link SampleSelection}; pooled iterations are warned about, naming the rows).</li>
 *   <li>A row whose base has a value of 0 or below is listed as not comparable: a percent change of
 *       it means nothing (a count that was 0, a rate that stalled). It is not compared in absolute
 *       terms, because the band is a percentage.</li>
 *   <li>{@link FamilyComparison} over the comparable rows: rank tests, bootstrap interval,
 *       Hodges-Lehmann shift, Holm over all of them, verdicts.</li>
 * </ol>
 * Cost: linear in the rows apart from the statistics, whose bootstrap dominates
 * ({@code resamples x (n + m)} draws per row; Hodges-Lehmann {@code n m} per row); no step looks
 * at all pairs of rows. Stateless.
 */
final class ResultComparison
{
    /** Pooled rows named in the warning before "and N more" (the JSON output lists them all). */
    private static final int ROWS_NAMED = 10;

    /**
     * How to compare.
     *
     * @param settings           the statistics' settings
     * @param rules              bands and directions
     * @param allowEnvMismatch   compare despite checked environment differences (recorded as warnings)
     * @param failOnInconclusive whether INCONCLUSIVE rows make the exit code 3
     * @param ignoredParams      parameters left out of the row keys before matching
     * @param notes              what the caller wants noted in the report (a missing default bands file)
     */
    record Options(ComparisonSettings settings, BandRules rules, boolean allowEnvMismatch, boolean failOnInconclusive,
                   Set<String> ignoredParams, List<String> notes)
    {
        Options
        {
            Objects.requireNonNull(settings);
            Objects.requireNonNull(rules);
            ignoredParams = Set.copyOf(ignoredParams);
            notes = List.copyOf(notes);
        }
    }

    /** A matched row on its way to the statistics. */
    private record Pending(RowKey key, Measurement base, Direction direction, BandRules.Match match,
                           SampleSelection values)
    {
    }

    private ResultComparison()
    {
    }

    /**
     * Compares {@code candidate} against {@code base}.
     *
     * @throws IllegalArgumentException when the results cannot be compared: checked environment
     *     differences (not allowed), a unit or direction conflict, rows without a direction, no
     *     row in common, nothing comparable; the message names the rows or fields
     */
    static ComparisonReport compare(final ResultSet base, final ResultSet candidate, final Options options)
    {
        final List<EnvironmentLine> environment = EnvironmentCheck.compare(base.environment(), candidate.environment());
        EnvironmentCheck.refuseDifferences(environment, options.allowEnvMismatch(),
            "base " + base.source() + " and candidate " + candidate.source(), "base", "candidate");
        final List<String> warnings = new ArrayList<>();
        final List<String> notes = new ArrayList<>(options.notes());
        describeEnvironment(environment, base, candidate, warnings, notes);

        final Map<RowKey, Measurement> baseRows = RowIndex.of(base, options.ignoredParams(), "base");
        final Map<RowKey, Measurement> candidateRows = RowIndex.of(candidate, options.ignoredParams(), "candidate");
        final List<ListedRow> onlyInBase = new ArrayList<>();
        final List<ListedRow> onlyInCandidate = new ArrayList<>();
        final List<ListedRow> skipped = new ArrayList<>();
        final List<ListedRow> notComparable = new ArrayList<>();
        final List<String> needDirection = new ArrayList<>();
        final List<Pending> pending = new ArrayList<>();
        final Map<BandRule, Integer> ruleRows = new IdentityHashMap<>();
        int fallbackRows = 0;
        int matched = 0;
        for (final Map.Entry<RowKey, Measurement> e : baseRows.entrySet())
        {
            final RowKey key = e.getKey();
            final Measurement b = e.getValue();
            final Measurement c = candidateRows.get(key);
            if (c == null)
            {
                onlyInBase.add(new ListedRow(RowInfo.of(key, b.unit()), "not in the candidate"));
                continue;
            }
            matched++;
            if (!b.unit().equals(c.unit()))
            {
                throw new IllegalArgumentException("row " + key.id() + " is in " + b.unit() + " in the base but in "
                    + c.unit() + " in the candidate: compare results measured in the same unit (JMH: the same -tu)");
            }
            final BandRules.Match match = options.rules().match(key);
            final BandRule skipRule = skipRule(match);
            if (skipRule != null)
            {
                count(ruleRows, skipRule);
                skipped.add(new ListedRow(RowInfo.of(key, b.unit()), "skipped by " + skipRule.glob() + " = skip ("
                    + skipRule.origin() + ")"));
                continue;
            }
            Direction direction = null;
            BandRule directionRule = null;
            if (match.commandLineAction() != null)
            {
                direction = match.commandLineAction().action().direction();
                directionRule = match.commandLineAction();
            }
            if (direction == null)
            {
                direction = sourceDirection(key, b, c);
            }
            if (direction == null && match.fileAction() != null)
            {
                direction = match.fileAction().action().direction();
                directionRule = match.fileAction();
            }
            if (direction == null)
            {
                needDirection.add(key.id() + " [" + b.unit() + "]");
                continue;
            }
            if (directionRule != null)
            {
                count(ruleRows, directionRule);
            }
            if (match.bandRule() == null)
            {
                fallbackRows++;
            }
            else if (match.bandRule() != directionRule)
            {
                count(ruleRows, match.bandRule());
            }
            final SampleSelection values = SampleSelection.of(b, c);
            final String nonPositive = nonPositive(values.base());
            if (nonPositive != null)
            {
                notComparable.add(new ListedRow(RowInfo.of(key, b.unit()), "a base value is " + nonPositive
                    + ": a percent change needs positive base values"));
                continue;
            }
            pending.add(new Pending(key, b, direction, match, values));
        }
        for (final Map.Entry<RowKey, Measurement> e : candidateRows.entrySet())
        {
            if (!baseRows.containsKey(e.getKey()))
            {
                onlyInCandidate.add(new ListedRow(RowInfo.of(e.getKey(), e.getValue().unit()), "not in the base"));
            }
        }
        if (!needDirection.isEmpty())
        {
            throw new IllegalArgumentException(needDirection.size() + (needDirection.size() == 1 ? " row needs" : " rows need")
                + " a direction (the results and the unit do not say which way is better): " + named(needDirection)
                + "; give --direction GLOB=higher|lower|skip, or an entry GLOB = higher|lower|skip in the bands file"
                + (options.rules().fileName() == null ? "" : " (" + options.rules().fileName() + ")"));
        }
        if (matched == 0)
        {
            throw new IllegalArgumentException("no row is in both base " + base.source() + " and candidate "
                + candidate.source() + ": rows match on benchmark, mode, threads, parameters and metric (first base row "
                + base.measurements().get(0).key().id() + ", first candidate row "
                + candidate.measurements().get(0).key().id() + "); --ignore-param NAME leaves a parameter out");
        }
        if (pending.isEmpty())
        {
            throw new IllegalArgumentException("nothing to compare: of " + matched + " rows in both, " + skipped.size()
                + " are skipped and " + notComparable.size() + " not comparable"
                + (notComparable.isEmpty() ? "" : " (" + notComparable.get(0).row().id() + ": "
                + notComparable.get(0).reason() + ")"));
        }
        final List<ComparedRow> rows = statistics(pending, options.settings());
        final List<String> pooled = new ArrayList<>();
        for (final Pending p : pending)
        {
            if (p.values().pooled())
            {
                pooled.add(p.key().id());
            }
        }
        if (!pooled.isEmpty())
        {
            warnings.add("iterations pooled in " + pooled.size() + (pooled.size() == 1 ? " row" : " rows")
                + ": a side has a single fork or run, so its iterations stand in for independent runs and the"
                + " intervals are too narrow (run 2 or more forks or runs a side): " + named(pooled));
        }
        return new ComparisonReport(SourceInfo.of(base), SourceInfo.of(candidate), options.settings(),
            options.failOnInconclusive(), options.allowEnvMismatch(), options.ignoredParams().stream().sorted().toList(),
            options.rules().fileName(),
            bandUses(options.rules(), ruleRows, fallbackRows), environment, warnings, notes, rows, onlyInBase,
            onlyInCandidate, notComparable, skipped);
    }

    /** The statistics of the comparable rows, as report rows. */
    private static List<ComparedRow> statistics(final List<Pending> pending, final ComparisonSettings settings)
    {
        final List<ComparisonRow> input = new ArrayList<>(pending.size());
        for (final Pending p : pending)
        {
            input.add(new ComparisonRow(p.key().id(), p.direction(), p.match().bandPercent(), p.values().base(),
                p.values().candidate()));
        }
        final List<RowResult> results = new FamilyComparison(settings).compare(input);
        final List<ComparedRow> rows = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++)
        {
            final Pending p = pending.get(i);
            final RowResult r = results.get(i);
            rows.add(new ComparedRow(RowInfo.of(p.key(), p.base().unit()), p.direction(), p.match().bandPercent(),
                p.match().bandSource(), p.values().pooled(),
                side(p.values().base(), r.base().median(), settings.confidenceLevel()),
                side(p.values().candidate(), r.candidate().median(), settings.confidenceLevel()),
                r.change().estimatePercent(), r.change().lowPercent(), r.change().highPercent(), r.rawP(), r.adjustedP(),
                r.test().decidingTest(), r.shift().percentOfBaseMedian(),
                Double.isFinite(r.minimumDetectablePercent()) ? r.minimumDetectablePercent() : null,
                r.verdict().verdict(), r.verdict().samplesPerSideNeeded(), r.verdict().reason()));
        }
        return rows;
    }

    private static SideStats side(final double[] values, final double median, final double level)
    {
        final MedianInterval ci = MedianInterval.of(values, level);
        final List<Double> samples = new ArrayList<>(values.length);
        for (final double v : values)
        {
            samples.add(v);
        }
        return new SideStats(values.length, median, ci.bounded() ? ci.low() : null, ci.bounded() ? ci.high() : null,
            samples);
    }

    /** The rule that says to skip the row: a command-line one, or a file one when the command line names no direction. */
    private static BandRule skipRule(final BandRules.Match match)
    {
        if (match.commandLineAction() != null)
        {
            return match.commandLineAction().action() == RowAction.SKIP ? match.commandLineAction() : null;
        }
        return match.fileAction() != null && match.fileAction().action() == RowAction.SKIP ? match.fileAction() : null;
    }

    /**
     * The direction the results give: the readers' (from the JMH mode or the fio field), else the
     * unit's; null when neither side knows.
     *
     * @throws IllegalArgumentException when the two sides disagree
     */
    private static Direction sourceDirection(final RowKey key, final Measurement base, final Measurement candidate)
    {
        final Direction b = direction(base);
        final Direction c = direction(candidate);
        if (b != null && c != null && b != c)
        {
            throw new IllegalArgumentException("row " + key.id() + " is " + label(b) + " in the base but " + label(c)
                + " in the candidate: the two files do not measure the same thing");
        }
        return b != null ? b : c;
    }

    private static Direction direction(final Measurement m)
    {
        io.dmsnap.cli.result.Direction d = m.direction();
        if (d == io.dmsnap.cli.result.Direction.UNKNOWN)
        {
            d = io.dmsnap.cli.result.Direction.ofUnit(m.unit());
        }
        return switch (d)
        {
            case HIGHER_IS_BETTER -> Direction.HIGHER_IS_BETTER;
            case LOWER_IS_BETTER -> Direction.LOWER_IS_BETTER;
            case UNKNOWN -> null;
        };
    }

    private static String label(final Direction d)
    {
        return d == Direction.HIGHER_IS_BETTER ? "higher-is-better" : "lower-is-better";
    }

    /** The first value that is not above zero, as text; null when all are. */
    private static String nonPositive(final double[] values)
    {
        for (final double v : values)
        {
            if (!(v > 0.0))
            {
                return Formats.number(v);
            }
        }
        return null;
    }

    private static void describeEnvironment(final List<EnvironmentLine> environment, final ResultSet base,
                                            final ResultSet candidate, final List<String> warnings,
                                            final List<String> notes)
    {
        for (final EnvironmentLine l : environment)
        {
            if (l.differs() && l.checked())
            {
                warnings.add("environments differ, allowed by --allow-env-mismatch: " + l.describe());
            }
            else if (l.differs())
            {
                notes.add(l.describe());
            }
        }
        for (final String n : base.notes())
        {
            notes.add("base: " + n);
        }
        for (final String n : candidate.notes())
        {
            notes.add("candidate: " + n);
        }
        if (base.environment().gitDirty().orElse(false))
        {
            notes.add("the base was built from a working tree with uncommitted changes");
        }
        if (candidate.environment().gitDirty().orElse(false))
        {
            notes.add("the candidate was built from a working tree with uncommitted changes");
        }
        if (base.environment().gitCommit().isPresent()
            && base.environment().gitCommit().equals(candidate.environment().gitCommit())
            && !base.environment().gitDirty().orElse(false) && !candidate.environment().gitDirty().orElse(false))
        {
            notes.add("base and candidate ran the same commit: differences are noise or configuration");
        }
    }

    private static List<BandUse> bandUses(final BandRules rules, final Map<BandRule, Integer> ruleRows,
                                          final int fallbackRows)
    {
        final List<BandUse> uses = new ArrayList<>();
        for (final BandRule r : rules.all())
        {
            final Integer n = ruleRows.get(r);
            if (n != null)
            {
                uses.add(new BandUse(r.glob().text(), r.bandPercent(), r.action() == null ? null : r.action().word(),
                    r.origin(), n));
            }
        }
        if (fallbackRows > 0)
        {
            uses.add(new BandUse("*", BandRules.FALLBACK_BAND_PERCENT, null, "built-in", fallbackRows));
        }
        return uses;
    }

    private static void count(final Map<BandRule, Integer> ruleRows, final BandRule rule)
    {
        ruleRows.merge(rule, 1, Integer::sum);
    }

    /** The first few entries and how many more. */
    static String named(final List<String> items)
    {
        if (items.size() <= ROWS_NAMED)
        {
            return String.join("; ", items);
        }
        return String.join("; ", items.subList(0, ROWS_NAMED)) + "; and " + (items.size() - ROWS_NAMED) + " more";
    }
}
