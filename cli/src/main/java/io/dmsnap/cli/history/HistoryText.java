package io.dmsnap.cli.history;

import io.dmsnap.cli.changepoint.ChangePoint;
import io.dmsnap.cli.changepoint.ChangePointDetector;
import io.dmsnap.cli.common.TextTable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The history as text for a terminal or a CI log: a summary line and the settings, then per host
 * its change points row by row (the row's id, then for each change point the run where it starts:
 * time, commit, file; its index in the series, change, p, verdict and the means on both sides),
 * one line for the series without any, the rows not analysed; then skipped files, notes and the
 * Otava export. Stateless.
 */
final class HistoryText
{
    /** The columns of a change point. */
    static final List<String> COLUMNS = List.of("time", "commit", "file", "index", "change", "p", "verdict", "means");

    /** What a run's value is, in the words every output uses. */
    static final String VALUE_RULE = "the median of the row's samples in the run's file (all iterations of all forks)";

    private HistoryText()
    {
    }

    static void print(final PrintWriter out, final History history, final List<HistoryOtava.HostExport> otava)
    {
        out.println(summary(history));
        out.println("Value of a run: " + VALUE_RULE + ".");
        out.println("Change points: " + history.options().detector() + ".");
        for (final HostHistory host : history.hosts())
        {
            out.println();
            printHost(out, host);
        }
        if (!history.skipped().isEmpty())
        {
            out.println();
            out.println("Skipped (unreadable, --skip-unreadable):");
            for (final SkippedFile f : history.skipped())
            {
                out.println("  " + f.name() + ": " + f.problem());
            }
        }
        if (!history.notes().isEmpty())
        {
            out.println();
            out.println("Notes:");
            history.notes().forEach(n -> out.println("  " + n));
        }
        if (!otava.isEmpty())
        {
            out.println();
            out.println("Otava export in " + otava.get(0).directory() + ":");
            for (final HistoryOtava.HostExport e : otava)
            {
                out.println("  host " + e.host() + ": " + String.join(", ", e.fileNames()));
                out.println("    " + e.command());
                if (!e.leftOut().isEmpty())
                {
                    out.println("    left out, no start time: " + HistoryFormat.list(e.leftOut()));
                }
            }
            HistoryOtava.caveat(history.options().detector()).ifPresent(c -> out.println("  " + c + "."));
        }
    }

    /** {@code History of DIR: 2 hosts, 62 runs, 48 series, 3 change points (2 regressions)}. */
    static String summary(final History history)
    {
        final List<SeriesChangePoint> points = history.changePoints();
        final long regressions = points.stream().filter(SeriesChangePoint::isRegression).count();
        return "History of " + history.directory() + ": " + HistoryFormat.count(history.hosts().size(), "host") + ", "
            + HistoryFormat.count(history.runCount(), "run") + ", " + HistoryFormat.count(history.seriesCount(), "series") + ", "
            + HistoryFormat.count(points.size(), "change point") + " ("
            + HistoryFormat.count(regressions, "regression") + ")";
    }

    private static void printHost(final PrintWriter out, final HostHistory host)
    {
        final List<Run> runs = host.runs();
        out.println("Host " + host.host() + ": " + HistoryFormat.count(runs.size(), "run") + ", "
            + HistoryFormat.time(runs.get(0).startTime()) + " (" + runs.get(0).name() + ") to "
            + HistoryFormat.time(runs.get(runs.size() - 1).startTime()) + " (" + runs.get(runs.size() - 1).name() + ")");
        final List<SeriesChangePoint> points = History.changePoints(host);
        if (!points.isEmpty())
        {
            // One table for the host, so columns align across rows; each row's id on a line of its
            // own above its change points (ids are long: a fio job's parameters).
            final TextTable table = new TextTable(COLUMNS.size());
            table.row(COLUMNS);
            for (final SeriesChangePoint c : points)
            {
                table.row(cells(c));
            }
            final StringWriter text = new StringWriter();
            table.print(new PrintWriter(text));
            final List<String> lines = text.toString().lines().toList();
            out.println("    " + lines.get(0));
            Series current = null;
            for (int i = 0; i < points.size(); i++)
            {
                if (points.get(i).series() != current)
                {
                    current = points.get(i).series();
                    out.println("  " + current.key().id());
                }
                out.println("    " + lines.get(i + 1));
            }
        }
        out.println("  " + quietSeries(host));
        if (!host.undirectedRows().isEmpty())
        {
            final List<String> ids = new ArrayList<>();
            host.undirectedRows().forEach(k -> ids.add(k.id()));
            out.println("  " + HistoryFormat.count(ids.size(), "row") + " not analysed, the files do not say which way "
                + "is better: " + HistoryFormat.list(ids));
        }
    }

    /** The change point's cells, under {@link #COLUMNS}; the row is not one of them. */
    static List<String> cells(final SeriesChangePoint c)
    {
        final ChangePoint p = c.point();
        final Run run = c.run();
        return List.of(HistoryFormat.time(run.startTime()), HistoryFormat.commit(run), run.name(),
            p.index() + "/" + c.series().length(), HistoryFormat.percent(p.changePercent()), HistoryFormat.p(p.pValue()),
            p.verdict().name().toLowerCase(Locale.ROOT), HistoryFormat.means(p.meanBefore(), p.meanAfter(), c.series().unit()));
    }

    /** {@code 22 of 24 series without a change point (3 with fewer than 4 runs)}. */
    static String quietSeries(final HostHistory host)
    {
        int quiet = 0;
        int tooShort = 0;
        for (final Series s : host.series())
        {
            if (s.changePoints().isEmpty())
            {
                quiet++;
                if (s.length() < ChangePointDetector.MIN_SERIES_LENGTH)
                {
                    tooShort++;
                }
            }
        }
        return quiet + " of " + host.series().size() + " series without a change point"
            + (tooShort == 0 ? "" : " (" + tooShort + " with fewer than " + ChangePointDetector.MIN_SERIES_LENGTH
            + " runs, too short to have one)");
    }
}
