package io.dmsnap.cli.history;

import io.dmsnap.cli.changepoint.ChangePoint;
import io.dmsnap.cli.changepoint.Verdict;
import io.dmsnap.cli.report.Charts;
import io.dmsnap.cli.result.RowKey;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * The chart of one series: its values ("runs") against their index in the series, the mean of each
 * segment between change points as a step line ("mean"), a vertical line before the first run of
 * each new level, and a marker on that run (pointing down, vermillion, for a regression; up,
 * green, for an improvement). Indices are the ones the text and JSON report. Stateless.
 */
public final class SeriesChart
{
    public static final int WIDTH = 900;
    public static final int HEIGHT = 340;
    /** Beyond this many runs the values are drawn as a line only: markers would cover each other. */
    private static final int MAX_MARKED_RUNS = 120;
    /** Longest title before it is cut (with an ellipsis): about the width of the chart. */
    private static final int MAX_TITLE = 110;

    private static final Color VALUES = Charts.PALETTE[0];
    private static final Color REGRESSION = Charts.PALETTE[1];
    private static final Color IMPROVEMENT = Charts.PALETTE[2];
    private static final Color LEVEL = new Color(0x333333);
    private static final Color SPLIT = new Color(0x999999);
    private static final Color GRID = new Color(0xE0E0E0);

    private SeriesChart()
    {
    }

    /** The chart with the row as its title: for a PNG file, which has nothing else to say what it shows. */
    public static XYChart chart(final Series series)
    {
        return chart(series, true);
    }

    /**
     * The chart, titled with the row or not (on a page whose caption names the row: every letter
     * of a title is a glyph outline in the SVG, about half a kilobyte each).
     */
    public static XYChart chart(final Series series, final boolean titled)
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(titled ? HEIGHT : HEIGHT - 30)
            .title(titled ? series.host() + ": " + title(series.key()) : "")
            .xAxisTitle("run (index in the series)").yAxisTitle(series.unit()).build();
        final Styler styler = Charts.style(chart.getStyler());
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setMarkerSize(5);
        styler.setAnnotationLineColor(SPLIT);
        styler.setAnnotationLineStroke(new BasicStroke(1f));
        // Solid grid lines: the SVG encoder writes every dash of a dashed line as a path of its own,
        // which made a chart several hundred kilobytes.
        chart.getStyler().setPlotGridLinesStroke(new BasicStroke(0.5f));
        chart.getStyler().setPlotGridLinesColor(GRID);
        chart.getStyler().setXAxisDecimalPattern("0");

        final int n = series.length();
        final double[] x = new double[n];
        final double[] y = series.values();
        for (int i = 0; i < n; i++)
        {
            x[i] = i;
        }
        final XYSeries values = chart.addSeries("runs", x, y);
        values.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        values.setLineColor(VALUES);
        values.setLineWidth(1f);
        values.setMarker(n <= MAX_MARKED_RUNS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        values.setMarkerColor(VALUES);

        levels(chart, series);
        final List<ChangePoint> points = series.changePoints();
        marks(chart, series, points, Verdict.REGRESSION, "regression", SeriesMarkers.TRIANGLE_DOWN, REGRESSION);
        marks(chart, series, points, Verdict.IMPROVEMENT, "improvement", SeriesMarkers.TRIANGLE_UP, IMPROVEMENT);
        for (final ChangePoint p : points)
        {
            chart.addAnnotation(new AnnotationLine(p.index() - 0.5, true, false));
        }
        return chart;
    }

    /** The segments' means as a step line: flat over each segment, a jump between runs. */
    private static void levels(final XYChart chart, final Series series)
    {
        final double[] means = series.segmentMeans();
        final double[] x = new double[means.length * 2];
        final double[] y = new double[means.length * 2];
        int start = 0;
        for (int s = 0; s < means.length; s++)
        {
            final int end = s < series.changePoints().size() ? series.changePoints().get(s).index() : series.length();
            x[2 * s] = start - 0.5;
            x[2 * s + 1] = end - 0.5;
            y[2 * s] = means[s];
            y[2 * s + 1] = means[s];
            start = end;
        }
        final XYSeries level = chart.addSeries("mean", x, y);
        level.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        level.setMarker(SeriesMarkers.NONE);
        level.setLineColor(LEVEL);
        level.setLineWidth(2f);
    }

    private static void marks(final XYChart chart, final Series series, final List<ChangePoint> points,
                              final Verdict verdict, final String name,
                              final Marker marker, final Color color)
    {
        final List<Double> xs = new ArrayList<>();
        final List<Double> ys = new ArrayList<>();
        for (final ChangePoint p : points)
        {
            if (p.verdict() == verdict)
            {
                xs.add((double) p.index());
                ys.add(series.value(p.index()));
            }
        }
        if (xs.isEmpty())
        {
            return;
        }
        final XYSeries marks = chart.addSeries(name, xs, ys);
        marks.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        marks.setLineStyle(SeriesLines.NONE);
        marks.setMarker(marker);
        marks.setMarkerColor(color);
    }

    /**
     * The row's id with the benchmark's package left out ({@code FioBenchmarks.fio_origin_randwrite:score
     * [thrpt, threads=2] {...}}), cut to about the chart's width.
     */
    static String title(final RowKey key)
    {
        final String id = key.id();
        final String benchmark = key.benchmark();
        String title = id;
        final int lastDot = benchmark.lastIndexOf('.');
        final int classDot = lastDot > 0 ? benchmark.lastIndexOf('.', lastDot - 1) : -1;
        if (classDot > 0 && id.startsWith(benchmark))
        {
            title = id.substring(classDot + 1);
        }
        return title.length() <= MAX_TITLE ? title : title.substring(0, MAX_TITLE - 1) + "\u2026";
    }
}
