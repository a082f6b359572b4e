package io.dmsnap.cli.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of one unit side by side: one column per row, a dot per replicate (a fork's mean, a run's
 * value), a diamond at the row's mean, and a bar from the lowest to the highest sample. A column is
 * labelled with its row's name when every name fits under its column, else with its number (the
 * table beside the chart numbers its rows the same way): XChart never gives up thinning labels that
 * do not fit, and would loop forever. The y axis starts at 0, or is logarithmic when the values span
 * a factor of 30 or more (latency percentiles). Built once; not thread-safe.
 */
public final class RowsChart
{
    /** Width in pixels a label may take per character (11 px sans-serif, generously). */
    private static final int PIXELS_PER_CHAR = 7;
    /** Horizontal room of the axes, the y labels and the margins, in pixels. */
    private static final int FRAME_WIDTH = 130;

    private static final Color DOTS = Charts.PALETTE[0];
    private static final Color MEAN = Charts.PALETTE[7];
    private static final Color RANGE = new Color(0x99, 0x99, 0x99, 0xB0);

    private final String title;
    private final String yAxisTitle;
    private final List<String> labels;
    private final double[] means;
    private final double[] lows;
    private final double[] highs;
    private final List<double[]> replicates = new ArrayList<>();

    public RowsChart(final String title, final String yAxisTitle, final List<String> labels)
    {
        if (labels.isEmpty())
        {
            throw new IllegalArgumentException("a chart of rows needs at least one row");
        }
        this.title = title;
        this.yAxisTitle = yAxisTitle;
        this.labels = List.copyOf(labels);
        this.means = new double[labels.size()];
        this.lows = new double[labels.size()];
        this.highs = new double[labels.size()];
        for (int i = 0; i < labels.size(); i++)
        {
            replicates.add(new double[0]);
            means[i] = Double.NaN;
            lows[i] = Double.NaN;
            highs[i] = Double.NaN;
        }
    }

    /** The {@code index}-th row: its mean, one value per replicate, and its lowest and highest sample. */
    public RowsChart row(final int index, final double mean, final double[] replicateValues, final double low,
                         final double high)
    {
        means[index] = mean;
        replicates.set(index, replicateValues.clone());
        lows[index] = low;
        highs[index] = high;
        return this;
    }

    public XYChart build()
    {
        final int n = labels.size();
        final int width = Math.max(WorkersChart.WIDTH, Math.min(1100, FRAME_WIDTH + 40 * n));
        final boolean named = namesFit(width);
        final XYChart chart = new XYChartBuilder().width(width).height(WorkersChart.HEIGHT).title(title)
            .xAxisTitle(named ? "" : "row (numbered as in the table)").yAxisTitle(yAxisTitle).build();
        final XYStyler styler = Charts.style(chart.getStyler());
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setMarkerSize(7);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setXAxisTickLabelsFormattingFunction(tick -> tickLabel(tick, named));
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++)
        {
            for (final double v : new double[] {means[i], lows[i], highs[i]})
            {
                if (Double.isFinite(v))
                {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min > 0 && max / min >= 30)
        {
            styler.setYAxisLogarithmic(true);
        }
        else if (min >= 0)
        {
            styler.setYAxisMin(0.0);
            styler.setYAxisMax(max > 0 ? max * 1.08 : 1.0);
        }
        styler.setYAxisDecimalPattern(Charts.decimalPattern(Math.max(Math.abs(min), Math.abs(max))));
        // Room left and right of the outer columns: two or three would otherwise stand on the axes.
        // (One column is centred by XChart, which labels it as the value 0: columns count from 0.)
        if (n == 2 || n == 3)
        {
            styler.setPlotContentSize(0.75);
        }

        for (int i = 0; i < n; i++)
        {
            if (Double.isFinite(lows[i]) && Double.isFinite(highs[i]))
            {
                final XYSeries range = chart.addSeries("range " + (i + 1), new double[] {i, i},
                    new double[] {lows[i], highs[i]});
                range.setShowInLegend(false);
                range.setMarker(SeriesMarkers.NONE);
                range.setLineColor(RANGE);
                range.setLineStyle(new BasicStroke(5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
                range.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            }
        }
        final List<Double> dotX = new ArrayList<>();
        final List<Double> dotY = new ArrayList<>();
        final List<Double> meanX = new ArrayList<>();
        final List<Double> meanY = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            for (final double v : replicates.get(i))
            {
                dotX.add((double) i);
                dotY.add(v);
            }
            if (Double.isFinite(means[i]))
            {
                meanX.add((double) i);
                meanY.add(means[i]);
            }
        }
        if (!dotX.isEmpty())
        {
            final XYSeries dots = chart.addSeries("replicates (fork or run)", dotX, dotY);
            dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            dots.setMarker(SeriesMarkers.CIRCLE);
            dots.setMarkerColor(new Color(DOTS.getRed(), DOTS.getGreen(), DOTS.getBlue(), 0xA0));
        }
        if (!meanX.isEmpty())
        {
            final XYSeries mean = chart.addSeries("mean of all samples", meanX, meanY);
            mean.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            mean.setMarker(SeriesMarkers.DIAMOND);
            mean.setMarkerColor(MEAN);
        }
        return chart;
    }

    /** Whether every name fits under its column of a chart {@code width} pixels wide, with room to spare. */
    boolean namesFit(final int width)
    {
        int longest = 0;
        for (final String l : labels)
        {
            longest = Math.max(longest, l.length());
        }
        final double column = (width - FRAME_WIDTH) / (double) labels.size();
        return longest * PIXELS_PER_CHAR * 1.2 < column;
    }

    /** The name or number (from 1) of the row at an integer tick (column {@code i} stands at x = i); nothing elsewhere. */
    private String tickLabel(final Double tick, final boolean named)
    {
        final double rounded = Math.rint(tick);
        if (Math.abs(tick - rounded) > 1e-9 || rounded < 0 || rounded >= labels.size())
        {
            return "";
        }
        return named ? labels.get((int) rounded) : String.valueOf((int) rounded + 1);
    }
}
