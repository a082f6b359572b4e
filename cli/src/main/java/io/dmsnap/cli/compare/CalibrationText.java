package io.dmsnap.cli.compare;

import io.dmsnap.cli.common.TextTable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An A/A calibration as text for a terminal: header, one table per unit, false positives, bands file changes. */
final class CalibrationText
{
    private CalibrationText()
    {
    }

    static String render(final CalibrationReport r)
    {
        final StringWriter text = new StringWriter();
        final PrintWriter out = new PrintWriter(text);
        final List<RowInfo> all = new ArrayList<>();
        r.rows().forEach(x -> all.add(x.row()));
        final RowLabels labels = RowLabels.of(all);
        out.println("dmsnap calibrate: A/A of " + r.describeSources());
        final TextTable header = new TextTable(2);
        for (int i = 0; i < r.sources().size(); i++)
        {
            header.row(List.of(r.sources().size() == 1 ? "runs" : i == 0 ? "first" : "second",
                r.sources().get(i).describe()));
        }
        if (!r.environment().isEmpty())
        {
            header.row(List.of("machine", ComparisonText.machine(r.environment())));
        }
        header.row(List.of("settings", settings(r)));
        if (!labels.common().isEmpty())
        {
            header.row(List.of("all rows", labels.common()));
        }
        header.print(out);
        final String level = Formats.number(100 * r.settings().confidenceLevel());
        for (final Map.Entry<String, List<CalibratedRow>> unit : byUnit(r.rows()).entrySet())
        {
            out.println();
            final TextTable table = new TextTable(10);
            table.row(List.of(unit.getKey(), "n", "CV", "robust CV", "A/A change", level + "% CI", "p", "p adj",
                "MDE@" + r.plannedSamples(), "band"));
            for (final CalibratedRow row : unit.getValue())
            {
                table.row(List.of(labels.label(row.row()), row.nFirst() + "+" + row.nSecond(), cv(row.cvPercent()),
                    cv(row.robustCvPercent()), Formats.percent(row.changePercent()),
                    Formats.interval(row.ciLowPercent(), row.ciHighPercent()), Formats.p(row.p()),
                    Formats.p(row.pAdjusted()), Formats.band(row.mdePercent()), Formats.band(row.suggestedBandPercent())));
            }
            table.print(out);
        }
        out.println();
        out.println(falsePositives(r));
        listed(out, "not calibrated", r.notCalibrated());
        listed(out, "only in the first", r.onlyInFirst());
        listed(out, "only in the second", r.onlyInSecond());
        for (final String w : r.warnings())
        {
            out.println("warning: " + w);
        }
        for (final String n : r.notes())
        {
            out.println("note: " + n);
        }
        out.println();
        out.println("bands file " + r.bandsFile() + ": " + r.describeChanges()
            + (r.written() ? "" : " (not written)"));
        for (final BandChange c : r.changes())
        {
            if (c.kind() == BandChange.Kind.CHANGED)
            {
                out.println("  changed " + c.glob() + ": " + Formats.band(c.oldBand()) + " -> " + Formats.band(c.newBand()));
            }
        }
        for (final BandChange c : r.changes())
        {
            if (c.kind() == BandChange.Kind.ADDED)
            {
                out.println("  added " + c.glob() + " = " + Formats.band(c.newBand()));
            }
        }
        out.flush();
        return text.toString();
    }

    /** The false positives, raw and after Holm, and what alpha would lead one to expect. */
    static String falsePositives(final CalibrationReport r)
    {
        final int n = r.rows().size();
        return String.format(Locale.ROOT, "false positives: %d of %d rows raw (%.1f%%; about %s%% expected at alpha %s"
            + " if the runs are independent), %d after Holm (%.1f%%)", r.rawFalsePositives(), n,
            100.0 * r.rawFalsePositives() / n, Formats.number(100 * r.settings().alpha()),
            Formats.number(r.settings().alpha()), r.adjustedFalsePositives(), 100.0 * r.adjustedFalsePositives() / n);
    }

    /** Seed, alpha, intervals, planned values a side, band floor. */
    static String settings(final CalibrationReport r)
    {
        return "seed " + r.settings().seed() + "; alpha " + Formats.number(r.settings().alpha()) + ", Holm over "
            + r.rows().size() + (r.rows().size() == 1 ? " row" : " rows") + "; "
            + Formats.number(100 * r.settings().confidenceLevel()) + "% intervals from " + r.settings().resamples()
            + " bootstrap resamples; bands for " + r.plannedSamples() + " values a side"
            + (r.plannedFromData() ? " (the fewest a row has here; --samples N to plan another size)" : "")
            + ", at least " + Formats.band(r.minBandPercent());
    }

    static Map<String, List<CalibratedRow>> byUnit(final List<CalibratedRow> rows)
    {
        final Map<String, List<CalibratedRow>> groups = new LinkedHashMap<>();
        for (final CalibratedRow row : rows)
        {
            groups.computeIfAbsent(row.row().unit(), u -> new ArrayList<>()).add(row);
        }
        return groups;
    }

    private static String cv(final double percent)
    {
        return String.format(Locale.ROOT, "%.1f%%", percent);
    }

    private static void listed(final PrintWriter out, final String title, final List<ListedRow> rows)
    {
        if (rows.isEmpty())
        {
            return;
        }
        out.println(title + " (" + rows.size() + "):");
        for (final ListedRow row : rows)
        {
            out.println("  " + row.row().id() + ": " + row.reason());
        }
    }
}
