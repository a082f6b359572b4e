package io.dmsnap.cli.history;

import io.dmsnap.cli.changepoint.ChangePoint;
import io.dmsnap.cli.report.HtmlPage;

import java.util.ArrayList;
import java.util.List;

/**
 * The history on an HTML page: the change-point table, then per host the chart of every series
 * (those with change points first, the others in a collapsed section), then skipped files and
 * notes. {@link #appendTo} adds these sections to any page, so a larger report can hold a history;
 * {@link #page} makes the page of {@code dmsnap history --html}. Stateless.
 */
public final class HistoryHtml
{
    private HistoryHtml()
    {
    }

    /** A page with the history's sections only. */
    public static HtmlPage page(final History history)
    {
        final HtmlPage page = new HtmlPage("dmsnap history: " + history.directory());
        appendTo(page, history, 2);
        return page;
    }

    /**
     * Appends the history's sections to {@code page}, their headings at {@code level} (1 to 3) and
     * below.
     */
    public static void appendTo(final HtmlPage page, final History history, final int level)
    {
        final int sub = Math.min(3, level + 1);
        page.heading(level, "Change points");
        page.paragraph("meta", HistoryText.summary(history) + ".");
        page.paragraph("meta", "Value of a run: " + HistoryText.VALUE_RULE + ". Change points: "
            + history.options().detector() + ". Index: the position in the series (runs that have the row), from 0.");
        final List<SeriesChangePoint> points = history.changePoints();
        if (points.isEmpty())
        {
            page.paragraph("No change point in " + HistoryFormat.count(history.seriesCount(), "series") + ".");
        }
        else
        {
            final List<List<String>> rows = new ArrayList<>();
            final List<String> classes = new ArrayList<>();
            for (final SeriesChangePoint c : points)
            {
                final List<String> row = new ArrayList<>();
                row.add(c.series().key().id());
                row.add(c.series().host());
                row.addAll(HistoryText.cells(c));
                rows.add(row);
                classes.add(c.isRegression() ? "regressed" : "improved");
            }
            final List<String> header = new ArrayList<>(List.of("row", "host"));
            header.addAll(HistoryText.COLUMNS);
            page.table(header, rows, classes);
        }
        for (final HostHistory host : history.hosts())
        {
            page.heading(level, "Host " + host.host());
            final List<Run> runs = host.runs();
            page.paragraph("meta", HistoryFormat.count(runs.size(), "run") + ", "
                + HistoryFormat.time(runs.get(0).startTime()) + " (" + runs.get(0).name() + ") to "
                + HistoryFormat.time(runs.get(runs.size() - 1).startTime()) + " (" + runs.get(runs.size() - 1).name()
                + "). " + HistoryText.quietSeries(host) + ".");
            final List<Series> quiet = new ArrayList<>();
            for (final Series s : host.series())
            {
                if (s.changePoints().isEmpty())
                {
                    quiet.add(s);
                }
                else
                {
                    page.chart(SeriesChart.chart(s, false), caption(s));
                }
            }
            if (!quiet.isEmpty())
            {
                page.beginDetails(HistoryFormat.count(quiet.size(), "series") + " without a change point");
                quiet.forEach(s -> page.chart(SeriesChart.chart(s, false), caption(s)));
                page.endDetails();
            }
            if (!host.undirectedRows().isEmpty())
            {
                final List<String> ids = new ArrayList<>();
                host.undirectedRows().forEach(k -> ids.add(k.id()));
                page.paragraph("meta", HistoryFormat.count(ids.size(), "row") + " not analysed, the files do not say "
                    + "which way is better: " + String.join("; ", ids));
            }
        }
        if (!history.skipped().isEmpty() || !history.notes().isEmpty())
        {
            page.heading(sub, "Notes");
            for (final SkippedFile f : history.skipped())
            {
                page.paragraph("skipped (unreadable): " + f.name() + ": " + f.problem());
            }
            history.notes().forEach(page::paragraph);
        }
    }

    /** The full row id, how many runs, and where the change points are. */
    private static String caption(final Series s)
    {
        final StringBuilder c = new StringBuilder(s.key().id()).append(" (").append(s.unit()).append(", host ")
            .append(s.host()).append("): ")
            .append(HistoryFormat.count(s.length(), "run"));
        for (final ChangePoint p : s.changePoints())
        {
            c.append("; ").append(p.verdict().name().toLowerCase(java.util.Locale.ROOT)).append(" at ").append(p.index())
                .append(" (").append(s.run(p.index()).name()).append(", ").append(HistoryFormat.percent(p.changePercent()))
                .append(", p ").append(HistoryFormat.p(p.pValue())).append(')');
        }
        return c.toString();
    }
}
