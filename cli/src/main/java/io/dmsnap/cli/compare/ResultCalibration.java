package io.dmsnap.cli.compare;

import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;
import io.dmsnap.cli.stats.AaCalibration;
import io.dmsnap.cli.stats.AaReport;
import io.dmsnap.cli.stats.AaRow;
import io.dmsnap.cli.stats.AaRowResult;
import io.dmsnap.cli.stats.ComparisonSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An A/A calibration of result files: the steps of {@code dmsnap calibrate} between reading and
 * writing. Two results of the same build are matched row by row like {@code compare} does (the
 * environments checked, rows of one side listed); one result (a directory of repeated runs, or a
 * file with several forks) is split per row into alternate values, runs 0, 2, 4, ... against 1, 3,
 * 5, ..., in the order of the files' names, so a slow drift of the machine does not pass for a
 * difference. The values are those {@code compare} would use (one per fork or run; pooled iterations,
 * with a warning naming the rows, when there is one). {@link AaCalibration} then gives each row its
 * CV, A/A change, minimum detectable effect and suggested band, and counts the false positives.
 * Stateless.
 */
final class ResultCalibration
{
    /**
     * How to calibrate.
     *
     * @param settings         the statistics' settings the real comparisons will use
     * @param minBandPercent   the smallest band to suggest
     * @param plannedSamples   values a side of the real comparisons; null for the fewest any row has
     * @param allowEnvMismatch calibrate two results despite checked environment differences
     * @param ignoredParams    parameters left out of the row keys
     */
    record Options(ComparisonSettings settings, double minBandPercent, Integer plannedSamples, boolean allowEnvMismatch,
                   Set<String> ignoredParams)
    {
        Options
        {
            Objects.requireNonNull(settings);
            ignoredParams = Set.copyOf(ignoredParams);
        }
    }

    /** A row on its way to the calibration. */
    private record Pending(RowKey key, String unit, AaRow row, boolean pooled)
    {
    }

    private ResultCalibration()
    {
    }

    /**
     * Calibrates on two results of the same build, or on one split alternately ({@code second} null).
     *
     * @throws IllegalArgumentException when the results cannot be calibrated on (different
     *     environments not allowed, a unit conflict, no row with enough values)
     */
    static CalibrationReport calibrate(final ResultSet first, final ResultSet second, final Options options)
    {
        final List<String> warnings = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<ListedRow> notCalibrated = new ArrayList<>();
        final List<ListedRow> onlyInFirst = new ArrayList<>();
        final List<ListedRow> onlyInSecond = new ArrayList<>();
        final List<Pending> pending = new ArrayList<>();
        final List<EnvironmentLine> environment;
        final Map<RowKey, Measurement> firstRows = RowIndex.of(first, options.ignoredParams(), "first");
        first.notes().forEach(n -> notes.add(first.source() + ": " + n));
        if (second == null)
        {
            environment = List.of();
            for (final Map.Entry<RowKey, Measurement> e : firstRows.entrySet())
            {
                final Measurement m = e.getValue();
                final double[] values = SampleSelection.values(m);
                if (values.length < 2)
                {
                    notCalibrated.add(new ListedRow(RowInfo.of(e.getKey(), m.unit()), "a single value: nothing to split"
                        + " into two halves"));
                    continue;
                }
                pending.add(new Pending(e.getKey(), m.unit(), AaRow.splitAlternately(e.getKey().id(), values),
                    m.replicateCount() < 2));
            }
        }
        else
        {
            environment = EnvironmentCheck.compare(first.environment(), second.environment());
            EnvironmentCheck.refuseDifferences(environment, options.allowEnvMismatch(),
                first.source() + " and " + second.source(), "first", "second");
            for (final EnvironmentLine l : environment)
            {
                if (l.differs())
                {
                    (l.checked() ? warnings : notes).add((l.checked() ? "environments differ, allowed by"
                        + " --allow-env-mismatch: " : "") + l.describe("first", "second"));
                }
            }
            second.notes().forEach(n -> notes.add(second.source() + ": " + n));
            if (first.environment().gitCommit().isPresent() && second.environment().gitCommit().isPresent()
                && !first.environment().gitCommit().equals(second.environment().gitCommit()))
            {
                warnings.add("the two results ran different commits (" + first.environment().gitCommit().get() + ", "
                    + second.environment().gitCommit().get() + "): an A/A calibration compares a build with itself,"
                    + " so a real change would pass for noise");
            }
            final Map<RowKey, Measurement> secondRows = RowIndex.of(second, options.ignoredParams(), "second");
            for (final Map.Entry<RowKey, Measurement> e : firstRows.entrySet())
            {
                final Measurement a = e.getValue();
                final Measurement b = secondRows.get(e.getKey());
                if (b == null)
                {
                    onlyInFirst.add(new ListedRow(RowInfo.of(e.getKey(), a.unit()), "not in " + second.source()));
                    continue;
                }
                if (!a.unit().equals(b.unit()))
                {
                    throw new IllegalArgumentException("row " + e.getKey().id() + " is in " + a.unit() + " in "
                        + first.source() + " but in " + b.unit() + " in " + second.source()
                        + ": calibrate on results measured in the same unit");
                }
                final SampleSelection values = SampleSelection.of(a, b);
                pending.add(new Pending(e.getKey(), a.unit(), new AaRow(e.getKey().id(), values.base(),
                    values.candidate()), values.pooled()));
            }
            for (final Map.Entry<RowKey, Measurement> e : secondRows.entrySet())
            {
                if (!firstRows.containsKey(e.getKey()))
                {
                    onlyInSecond.add(new ListedRow(RowInfo.of(e.getKey(), e.getValue().unit()), "not in "
                        + first.source()));
                }
            }
        }
        final List<Pending> usable = new ArrayList<>();
        for (final Pending p : pending)
        {
            final String bad = nonPositive(p.row().first());
            if (bad != null)
            {
                notCalibrated.add(new ListedRow(RowInfo.of(p.key(), p.unit()), "a value is " + bad
                    + ": a percent change needs positive values"));
            }
            else
            {
                usable.add(p);
            }
        }
        if (usable.isEmpty())
        {
            throw new IllegalArgumentException("nothing to calibrate: no row has values on both sides"
                + (notCalibrated.isEmpty() ? "" : " (" + notCalibrated.get(0).row().id() + ": "
                + notCalibrated.get(0).reason() + ")"));
        }
        final List<String> pooled = new ArrayList<>();
        int fewest = Integer.MAX_VALUE;
        final List<AaRow> rows = new ArrayList<>();
        for (final Pending p : usable)
        {
            rows.add(p.row());
            fewest = Math.min(fewest, Math.min(p.row().first().length, p.row().second().length));
            if (p.pooled())
            {
                pooled.add(p.key().id());
            }
        }
        if (!pooled.isEmpty())
        {
            warnings.add("iterations pooled in " + pooled.size() + (pooled.size() == 1 ? " row" : " rows")
                + ": a single fork or run, so its iterations stand in for independent runs and the CVs come out too"
                + " small (run 2 or more forks or runs): " + ResultComparison.named(pooled));
        }
        final int planned = options.plannedSamples() == null ? fewest : options.plannedSamples();
        final AaReport aa = new AaCalibration(options.settings(), options.minBandPercent()).calibrate(rows, planned);
        final List<CalibratedRow> calibrated = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++)
        {
            final Pending p = usable.get(i);
            final AaRowResult r = aa.rows().get(i);
            calibrated.add(new CalibratedRow(RowInfo.of(p.key(), p.unit()), Glob.escape(p.key().id()), p.pooled(),
                r.nFirst(), r.nSecond(), r.cvPercent(), r.robustCvPercent(), r.rawP(), r.adjustedP(),
                r.change().estimatePercent(), r.change().lowPercent(), r.change().highPercent(),
                finite(r.minimumDetectablePercent()), finite(r.suggestedBandPercent())));
        }
        final List<SourceInfo> sources = second == null ? List.of(SourceInfo.of(first))
            : List.of(SourceInfo.of(first), SourceInfo.of(second));
        return new CalibrationReport(sources, second == null, options.settings(), options.minBandPercent(), planned,
            options.plannedSamples() == null, environment, calibrated, aa.rawFalsePositives(),
            aa.adjustedFalsePositives(), notCalibrated, onlyInFirst, onlyInSecond, warnings, notes, null, false,
            List.of());
    }

    private static Double finite(final double value)
    {
        return Double.isFinite(value) ? value : null;
    }

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
}
