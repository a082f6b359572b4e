package io.dmsnap.cli.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An A/A calibration as Markdown: the false positives first, the rows in a table, the bands file changes. */
final class CalibrationMarkdown
{
    private CalibrationMarkdown()
    {
    }

    static String render(final CalibrationReport r)
    {
        final StringBuilder md = new StringBuilder();
        final List<RowInfo> all = new ArrayList<>();
        r.rows().forEach(x -> all.add(x.row()));
        final RowLabels labels = RowLabels.of(all);
        md.append("**dmsnap calibrate: A/A of ").append(ComparisonMarkdown.escape(r.describeSources())).append("**: ")
            .append(ComparisonMarkdown.escape(CalibrationText.falsePositives(r))).append("\n\n");
        md.append(ComparisonMarkdown.escape(CalibrationText.settings(r))).append(".\n\n");
        for (final String w : r.warnings())
        {
            md.append("> **Warning:** ").append(ComparisonMarkdown.escape(w)).append("\n\n");
        }
        final String level = Formats.number(100 * r.settings().confidenceLevel());
        md.append("| row | unit | n | CV | robust CV | A/A change | ").append(level).append("% interval | p | p adj | MDE at ")
            .append(r.plannedSamples()).append(" a side | band |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (final CalibratedRow row : r.rows())
        {
            md.append("| ").append(ComparisonMarkdown.escape(labels.label(row.row())).replace("|", "\\|"))
                .append(" | ").append(ComparisonMarkdown.escape(row.row().unit()))
                .append(" | ").append(row.nFirst()).append('+').append(row.nSecond())
                .append(" | ").append(String.format(Locale.ROOT, "%.1f%%", row.cvPercent()))
                .append(" | ").append(String.format(Locale.ROOT, "%.1f%%", row.robustCvPercent()))
                .append(" | ").append(Formats.percent(row.changePercent()))
                .append(" | ").append(Formats.interval(row.ciLowPercent(), row.ciHighPercent()))
                .append(" | ").append(Formats.p(row.p()))
                .append(" | ").append(Formats.p(row.pAdjusted()))
                .append(" | ").append(Formats.band(row.mdePercent()))
                .append(" | ").append(Formats.band(row.suggestedBandPercent())).append(" |\n");
        }
        md.append('\n');
        if (!labels.common().isEmpty())
        {
            md.append("All rows: `").append(labels.common()).append("`.\n\n");
        }
        md.append("Bands file `").append(r.bandsFile()).append("`: ").append(r.describeChanges())
            .append(r.written() ? "." : " (not written).").append('\n');
        for (final BandChange c : r.changes())
        {
            if (c.kind() != BandChange.Kind.UNCHANGED)
            {
                md.append("- ").append(c.kind().name().toLowerCase(Locale.ROOT)).append(" `").append(c.glob())
                    .append("`: ").append(c.oldBand() == null ? "" : Formats.band(c.oldBand()) + " &rarr; ")
                    .append(Formats.band(c.newBand())).append('\n');
            }
        }
        for (final String n : r.notes())
        {
            md.append("\nNote: ").append(ComparisonMarkdown.escape(n)).append('\n');
        }
        return md.toString();
    }
}
