package io.dmsnap.cli.history;

import io.dmsnap.cli.changepoint.ChangePoint;
import io.dmsnap.cli.changepoint.Verdict;
import io.dmsnap.cli.report.Charts;
import io.dmsnap.cli.result.RowKey;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;

/**
 * The chart of one series: its values ("runs") against their index in the series, the mean of each
 * segment between change points as a step line ("mean"), and a vertical line just before the
 * first run of each new level, vermillion for a regression and green for an improvement ("regression
 * at 15"). Indices are the ones the text and JSON report. Stateless.
 */
public final class SeriesChart
{
    public static final int WIDTH = 900;
    public static final int HEIGHT = 340;
    /** Beyond this many runs the values are drawn as a line only: markers would cover each other. */
    private static final int MAX_MARKED_RUNS = 120;
    /** Longest title before it is cut (with an ellipsis): about the width of the chart. */
    private static final int MAX_TITLE = 90;

    private static final Color VALUES = Charts.PALETTE[0];
    private static final Color REGRESSION = Charts.PALETTE[1];
    private static final Color IMPROVEMENT = Charts.PALETTE[2];
    private static final Color LEVEL = new Color(0x333333);

    private SeriesChart()
    {
    }

    /** The chart with the row as its title: for a PNG file, which has nothing else to say what it shows. */
    public static XYChart chart(final Series series)
    {
        return chart(series, true);
    }

    /**
     * The chart, titled with the row or not: untitled, and with a shorter axis title, for a page
     * whose caption names the row and says what the index is (every letter drawn is a glyph outline
     * in the SVG, about half a kilobyte each).
     */
    public static XYChart chart(final Series series, final boolean titled)
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(titled ? HEIGHT : HEIGHT - 30)
            .title(titled ? cut(series.host() + ": " + title(series.key())) : "")
            .xAxisTitle(titled ? "run (index in the series)" : "run").yAxisTitle(series.unit()).build();
        final Styler styler = Charts.style(chart.getStyler());
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setMarkerSize(5);
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
        changes(chart, series);
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

    /**
     * A vertical line from the lowest to the highest value just before the first run of each new
     * level: vermillion for a regression, green for an improvement, named with its index in the
     * legend. (XChart's annotation lines have one colour for the whole chart.)
     */
    private static void changes(final XYChart chart, final Series series)
    {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < series.length(); i++)
        {
            low = Math.min(low, series.value(i));
            high = Math.max(high, series.value(i));
        }
        for (final ChangePoint p : series.changePoints())
        {
            final boolean regression = p.verdict() == Verdict.REGRESSION;
            final XYSeries line = chart.addSeries((regression ? "regression at " : "improvement at ") + p.index(),
                new double[] {p.index() - 0.5, p.index() - 0.5}, new double[] {low, high});
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(regression ? REGRESSION : IMPROVEMENT);
            line.setLineWidth(2f);
        }
    }

    /**
     * The row's id with the benchmark's package left out ({@code FioBenchmarks.fio_origin_randwrite:score
     * [thrpt, threads=2] {...}}).
     */
    static String title(final RowKey key)
    {
        final String id = key.id();
        final String benchmark = key.benchmark();
        final int lastDot = benchmark.lastIndexOf('.');
        final int classDot = lastDot > 0 ? benchmark.lastIndexOf('.', lastDot - 1) : -1;
        return classDot > 0 && id.startsWith(benchmark) ? id.substring(classDot + 1) : id;
    }

    /** The text cut to about the chart's width, an ellipsis marking the cut. */
    static String cut(final String text)
    {
        return text.length() <= MAX_TITLE ? text : text.substring(0, MAX_TITLE - 1) + "\u2026";
    }
}
