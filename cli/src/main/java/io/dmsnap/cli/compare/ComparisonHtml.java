package io.dmsnap.cli.compare;

import io.dmsnap.cli.report.Charts;
import io.dmsnap.cli.report.HtmlPage;
import io.dmsnap.cli.stats.Verdict;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A comparison as HTML sections on an {@link HtmlPage}: the verdict and the sources, the rows'
 * table (regressions first, coloured by verdict), a chart of each row's change with its interval
 * against its band, a dot plot of each row's values on both sides, the rows not compared, and the
 * environment. {@link #append} adds them to any page (a later {@code dmsnap report} puts a saved
 * comparison, read by {@link ComparisonJson#read}, next to other sections); {@link #page} makes a
 * page of them alone. The charts are XChart SVGs inside the page. Stateless.
 */
public final class ComparisonHtml
{
    /** Rows per change chart: beyond this the rows' markers crowd. */
    static final int ROWS_PER_CHANGE_CHART = 40;
    /** Dot plots drawn, regressions first; the table has every row. */
    static final int MAX_DOT_PLOTS = 40;

    private static final Color REGRESSED = new Color(0xD55E00);
    private static final Color IMPROVED = new Color(0x009E73);
    private static final Color SAME = new Color(0x777777);
    private static final Color INCONCLUSIVE = new Color(0xE69F00);
    private static final Color BAND = new Color(0x000000);

    private ComparisonHtml()
    {
    }

    /** A page holding the comparison alone, titled with its outcome. */
    public static HtmlPage page(final ComparisonReport r)
    {
        final HtmlPage page = new HtmlPage("dmsnap compare");
        append(page, r);
        return page;
    }

    /** Appends the comparison's sections to {@code page}, headed by a level-2 heading. */
    public static void append(final HtmlPage page, final ComparisonReport r)
    {
        final RowLabels labels = RowLabels.of(ComparisonText.allRows(r));
        final List<ComparedRow> ordered = ordered(r);
        page.heading(2, "Comparison: " + r.outcome());
        page.paragraph("verdict", r.counts());
        page.paragraph("meta", "Base: " + r.base().describe());
        page.paragraph("meta", "Candidate: " + r.candidate().describe());
        page.paragraph("meta", "Machine: " + ComparisonText.machine(r.environment()));
        page.paragraph("meta", "Settings: " + ComparisonText.settings(r));
        page.paragraph("meta", "Bands: " + ComparisonText.bands(r));
        if (!labels.common().isEmpty())
        {
            page.paragraph("meta", "All rows: " + labels.common());
        }
        if (!r.ignoredParams().isEmpty())
        {
            page.paragraph("meta", "Ignored parameters: " + String.join(", ", r.ignoredParams()));
        }
        for (final String w : r.warnings())
        {
            page.paragraph("Warning: " + w);
        }
        page.heading(3, "Rows");
        final String level = Formats.number(100 * r.settings().confidenceLevel());
        final List<List<String>> cells = new ArrayList<>();
        final List<String> classes = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++)
        {
            final ComparedRow row = ordered.get(i);
            cells.add(List.of("#" + (i + 1) + " " + labels.label(row.row()), row.row().unit(), side(row.base()),
                side(row.candidate()), Formats.percent(row.changePercent()),
                Formats.interval(row.ciLowPercent(), row.ciHighPercent()), Formats.p(row.p()), Formats.p(row.pAdjusted()),
                row.base().n() + "+" + row.candidate().n(), Formats.band(row.bandPercent()), verdictText(row)));
            classes.add(row.verdict() == Verdict.SAME ? null : row.verdict().name().toLowerCase(Locale.ROOT));
        }
        page.table(List.of("row", "unit", "base", "candidate", "change", level + "% interval", "p", "p adj", "n",
            "band", "verdict"), cells, classes);
        page.paragraph("meta", "Base and candidate: median \u00b1 the half-width of its " + level + "% interval."
            + " Change: candidate median against base median, with its " + level + "% bootstrap interval. p: the"
            + " smaller of the Mann-Whitney U and Kolmogorov-Smirnov p-values; p adj: after Holm over the rows.");
        page.heading(3, "Change against the band");
        for (int from = 0; from < ordered.size(); from += ROWS_PER_CHANGE_CHART)
        {
            final int to = Math.min(ordered.size(), from + ROWS_PER_CHANGE_CHART);
            page.chart(changeChart(ordered, from, to, level), "Rows " + (from + 1) + " to " + to + ": the change"
                + " (dot) with its " + level + "% interval (bar); the row's band is the pair of short black lines.");
        }
        page.heading(3, "Values");
        final int plots = Math.min(MAX_DOT_PLOTS, ordered.size());
        for (int i = 0; i < plots; i++)
        {
            final ComparedRow row = ordered.get(i);
            page.chart(dotPlot(row, i + 1, labels.label(row.row())), "#" + (i + 1) + " " + labels.label(row.row()) + ": "
                + row.base().n() + " base values (left) and " + row.candidate().n() + " candidate values (right)"
                + (row.pooled() ? " (pooled iterations)" : "") + "; change " + Formats.percent(row.changePercent())
                + ", " + verdictText(row));
        }
        if (plots < ordered.size())
        {
            page.paragraph("meta", "Values of the first " + plots + " of " + ordered.size() + " rows are drawn"
                + " (regressions first); the table above has every row.");
        }
        final List<List<String>> listed = new ArrayList<>();
        for (final List<ListedRow> rows : List.of(r.notComparable(), r.onlyInBase(), r.onlyInCandidate(), r.skipped()))
        {
            for (final ListedRow row : rows)
            {
                listed.add(List.of(row.row().id(), row.row().unit(), row.reason()));
            }
        }
        if (!listed.isEmpty())
        {
            page.heading(3, "Not compared");
            page.table(List.of("row", "unit", "why"), listed, null);
        }
        page.beginDetails("Environment");
        final List<List<String>> env = new ArrayList<>();
        for (final EnvironmentLine l : r.environment())
        {
            env.add(List.of(l.field(), l.base() == null ? "unknown" : l.base(),
                l.candidate() == null ? "unknown" : l.candidate(), l.status() + (l.checked() ? "" : " (noted only)")));
        }
        page.table(List.of("field", "base", "candidate", "status"), env, null);
        for (final String n : r.notes())
        {
            page.paragraph("meta", "Note: " + n);
        }
        page.endDetails();
    }

    /** Regressions, improvements, inconclusive, same; each group in the report's order. */
    static List<ComparedRow> ordered(final ComparisonReport r)
    {
        final List<ComparedRow> ordered = new ArrayList<>();
        for (final Verdict v : new Verdict[] {Verdict.REGRESSED, Verdict.IMPROVED, Verdict.INCONCLUSIVE, Verdict.SAME})
        {
            ordered.addAll(r.rows(v));
        }
        return ordered;
    }

    /** Rows {@code from} to {@code to} (exclusive) of {@code rows}: change and interval per row, the band around it. */
    static XYChart changeChart(final List<ComparedRow> rows, final int from, final int to, final String level)
    {
        final int count = to - from;
        final XYChart chart = new XYChartBuilder().width(Math.max(480, Math.min(1100, 160 + 22 * count))).height(360)
            .title("Change with its " + level + "% interval against the band").xAxisTitle("row #")
            .yAxisTitle("change, %").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setXAxisMin(from + 0.5).setXAxisMax(to + 0.5).setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("0.#");
        final Segments band = new Segments();
        for (int i = from; i < to; i++)
        {
            final double x = i + 1;
            band.add(x - 0.35, rows.get(i).bandPercent(), x + 0.35, rows.get(i).bandPercent());
            band.add(x - 0.35, -rows.get(i).bandPercent(), x + 0.35, -rows.get(i).bandPercent());
        }
        line(chart, "band", band, BAND, false);
        for (final Verdict v : Verdict.values())
        {
            final Segments interval = new Segments();
            final List<Double> xs = new ArrayList<>();
            final List<Double> ys = new ArrayList<>();
            for (int i = from; i < to; i++)
            {
                final ComparedRow row = rows.get(i);
                if (row.verdict() == v)
                {
                    interval.add(i + 1, row.ciLowPercent(), i + 1, row.ciHighPercent());
                    xs.add(i + 1.0);
                    ys.add(row.changePercent());
                }
            }
            if (xs.isEmpty())
            {
                continue;
            }
            line(chart, v.name() + " interval", interval, color(v), false);
            final XYSeries dots = chart.addSeries(v.name(), xs, ys);
            dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            dots.setMarker(SeriesMarkers.CIRCLE);
            dots.setMarkerColor(color(v));
        }
        return chart;
    }

    /** The values of one row: base on the left, candidate on the right, each median a short black line. */
    static XYChart dotPlot(final ComparedRow row, final int number, final String label)
    {
        final String title = "#" + number + " " + (label.length() > 60 ? label.substring(0, 57) + "..." : label);
        final XYChart chart = new XYChartBuilder().width(360).height(260).title(title)
            .yAxisTitle(row.row().unit()).build();
        Charts.style(chart.getStyler());
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(12f));
        chart.getStyler().setXAxisMin(0.5).setXAxisMax(2.5).setXAxisTicksVisible(false);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
        dots(chart, "base", row.base(), 1.0, Charts.PALETTE[0]);
        dots(chart, "candidate", row.candidate(), 2.0, Charts.PALETTE[1]);
        final Segments medians = new Segments();
        medians.add(0.75, row.base().median(), 1.25, row.base().median());
        medians.add(1.75, row.candidate().median(), 2.25, row.candidate().median());
        line(chart, "medians", medians, BAND, false);
        return chart;
    }

    private static void dots(final XYChart chart, final String name, final SideStats side, final double x,
                             final Color color)
    {
        final List<Double> values = side.samples();
        final double[] xs = new double[values.size()];
        final double[] ys = new double[values.size()];
        for (int i = 0; i < xs.length; i++)
        {
            // A fixed spread across the column, so equal values stay visible and the picture is the same every time.
            xs[i] = x + 0.3 * ((i % 7) / 6.0 - 0.5);
            ys[i] = values.get(i);
        }
        final XYSeries s = chart.addSeries(name, xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
    }

    private static void line(final XYChart chart, final String name, final Segments segments, final Color color,
                             final boolean inLegend)
    {
        final XYSeries s = chart.addSeries(name, segments.xs(), segments.ys());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(SeriesLines.SOLID);
        s.setShowInLegend(inLegend);
    }

    private static Color color(final Verdict v)
    {
        return switch (v)
        {
            case REGRESSED -> REGRESSED;
            case IMPROVED -> IMPROVED;
            case SAME -> SAME;
            case INCONCLUSIVE -> INCONCLUSIVE;
        };
    }

    private static String side(final SideStats s)
    {
        final double half = s.ciHalfWidthPercent();
        return Formats.value(s.median()) + " \u00b1 "
            + (Double.isFinite(half) ? Formats.number(Math.round(half * 10.0) / 10.0) + "%" : "\u221e");
    }

    private static String verdictText(final ComparedRow row)
    {
        return row.verdict() == Verdict.INCONCLUSIVE ? "INCONCLUSIVE (~" + row.samplesNeeded() + " a side)"
            : row.verdict().name();
    }

    /** Line segments drawn as one series: the points of each, then a gap (NaN) before the next. */
    private static final class Segments
    {
        private final List<Double> xs = new ArrayList<>();
        private final List<Double> ys = new ArrayList<>();

        void add(final double x1, final double y1, final double x2, final double y2)
        {
            xs.add(x1);
            ys.add(y1);
            xs.add(x2);
            ys.add(y2);
            xs.add(Double.NaN);
            ys.add(Double.NaN);
        }

        double[] xs()
        {
            return xs.stream().mapToDouble(Double::doubleValue).toArray();
        }

        double[] ys()
        {
            return ys.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }
}
