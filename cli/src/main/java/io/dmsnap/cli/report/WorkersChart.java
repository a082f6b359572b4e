package io.dmsnap.cli.report;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A quantity against worker counts: the x axis is log2 of the workers (1, 2, 4, 8 equally apart:
 * each step doubles the load), labelled with the counts themselves; a count above the machine's
 * cores is labelled with {@code *} and the region beyond the cores is marked "oversubscribed".
 * Series are measured (solid, with the range of their samples drawn as a vertical bar through each
 * point) or references (dashed). Points of a measured series can be marked: drawn pale, with a
 * text ({@code ~}) beside them and a legend entry saying what the mark means. A horizontal
 * baseline (a ratio of 1) can be drawn. The y axis starts at 0, so heights compare as ratios.
 *
 * <p>Built once: add series, then {@link #build()}. Not thread-safe.
 */
public final class WorkersChart
{
    /** Chart size: two fit side by side in a report page. */
    public static final int WIDTH = 540;
    public static final int HEIGHT = 400;

    private static final float RANGE_WIDTH_WIDE = 9f;
    private static final float RANGE_WIDTH_NARROW = 3f;

    private record Measured(String name, Color color, double[] y, double[] low, double[] high, boolean wideRange,
                            boolean[] marked, String markText, String markLegend)
    {
        boolean anyMarked()
        {
            for (final boolean m : marked)
            {
                if (m)
                {
                    return true;
                }
            }
            return false;
        }
    }

    private record Reference(String name, Color color, double[] y)
    {
    }

    private final String title;
    private final String yAxisTitle;
    private final int[] workers;
    private final OptionalInt cores;
    private final List<Measured> measured = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private double baseline = Double.NaN;

    /**
     * @param workers the worker counts of the x axis, ascending, each at least 1
     * @param cores   the machine's cores, when known: counts above it are marked as oversubscribed
     */
    public WorkersChart(final String title, final String yAxisTitle, final List<Integer> workers, final OptionalInt cores)
    {
        if (workers.isEmpty())
        {
            throw new IllegalArgumentException("a chart against workers needs at least one worker count");
        }
        this.title = title;
        this.yAxisTitle = yAxisTitle;
        this.workers = workers.stream().mapToInt(Integer::intValue).toArray();
        for (int i = 0; i < this.workers.length; i++)
        {
            if (this.workers[i] < 1 || (i > 0 && this.workers[i] <= this.workers[i - 1]))
            {
                throw new IllegalArgumentException("worker counts must be ascending and at least 1: " + workers);
            }
        }
        this.cores = cores;
    }

    /**
     * A measured series: one value per worker count (NaN where there is none) and the lowest and
     * highest sample of each point (NaN for no range). {@code wideRange} draws the range as a wide
     * translucent bar instead of a narrow one, so two series' ranges at one count stay apart.
     */
    public WorkersChart measured(final String name, final Color color, final double[] y, final double[] low,
                                 final double[] high, final boolean wideRange)
    {
        checkLength(name, y);
        checkLength(name, low);
        checkLength(name, high);
        measured.add(new Measured(name, color, y.clone(), low.clone(), high.clone(), wideRange,
            new boolean[workers.length], "", ""));
        return this;
    }

    /**
     * Marks points of the series added last: {@code points[i]} marks the {@code i}-th worker
     * count's point, drawn pale with {@code text} beside it; the legend lists the marked points as
     * {@code legend}.
     */
    public WorkersChart marked(final boolean[] points, final String text, final String legend)
    {
        if (measured.isEmpty())
        {
            throw new IllegalStateException("mark the points of a measured series after adding it");
        }
        if (points.length != workers.length)
        {
            throw new IllegalArgumentException(points.length + " marks for " + workers.length + " worker counts");
        }
        final Measured last = measured.remove(measured.size() - 1);
        measured.add(new Measured(last.name, last.color, last.y, last.low, last.high, last.wideRange, points.clone(),
            text, legend));
        return this;
    }

    /** A reference series (someone else's figures), dashed; NaN where it has no value. */
    public WorkersChart reference(final String name, final Color color, final double[] y)
    {
        checkLength(name, y);
        references.add(new Reference(name, color, y.clone()));
        return this;
    }

    /** A horizontal line at {@code y} (a ratio of 1: no change). */
    public WorkersChart baseline(final double y)
    {
        baseline = y;
        return this;
    }

    /** Worker counts above the cores; empty when the cores are not known. */
    public List<Integer> oversubscribed()
    {
        final List<Integer> over = new ArrayList<>();
        if (cores.isPresent())
        {
            for (final int w : workers)
            {
                if (w > cores.getAsInt())
                {
                    over.add(w);
                }
            }
        }
        return over;
    }

    public XYChart build()
    {
        final List<Integer> over = oversubscribed();
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle(over.isEmpty() ? "workers (log2 scale)" : "workers (log2 scale; * more workers than cores)")
            .yAxisTitle(yAxisTitle).build();
        final XYStyler styler = Charts.style(chart.getStyler());
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setMarkerSize(8);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setXAxisTickLabelsFormattingFunction(this::tickLabel);
        styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        styler.setAnnotationTextFontColor(new Color(0x555555));
        styler.setAnnotationLineColor(new Color(0x888888));
        styler.setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {4f, 4f}, 0f));

        final double top = top();
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(top * 1.14);

        // Drawn in the order added: ranges under the lines, marked points over everything.
        for (final Measured m : measured)
        {
            addRanges(chart, m);
        }
        for (final Measured m : measured)
        {
            final XYSeries s = add(chart, m.name, m.y);
            if (s != null)
            {
                s.setLineColor(m.color);
                s.setMarkerColor(m.color);
                s.setMarker(m.anyMarked() ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
                s.setLineStyle(new BasicStroke(2f));
            }
        }
        for (final Reference r : references)
        {
            final XYSeries s = add(chart, r.name, r.y);
            if (s != null)
            {
                s.setLineColor(r.color);
                s.setMarkerColor(r.color);
                s.setMarker(SeriesMarkers.DIAMOND);
                s.setLineStyle(SeriesLines.DASH_DASH);
            }
        }
        for (final Measured m : measured)
        {
            if (m.anyMarked())
            {
                addMarkedPoints(chart, m, top);
            }
        }
        if (!Double.isNaN(baseline))
        {
            chart.addAnnotation(new AnnotationLine(baseline, false, false));
        }
        if (!over.isEmpty())
        {
            final int first = workers.length - over.size();
            final double boundary = first == 0 ? x(0) - 0.5 : (x(first - 1) + x(first)) / 2;
            chart.addAnnotation(new AnnotationLine(boundary, true, false));
            final double right = x(workers.length - 1);
            final String label = over.size() >= 2 ? "oversubscribed: > " + cores.getAsInt() + " cores"
                : "> " + cores.getAsInt() + " cores";
            chart.addAnnotation(new AnnotationText(label, (boundary + right) / 2, top * 1.08, false));
        }
        return chart;
    }

    /** The highest value drawn (a baseline included); 1 when there is none above 0. */
    private double top()
    {
        double top = Double.isNaN(baseline) ? 0 : baseline;
        for (final Measured m : measured)
        {
            top = Math.max(top, max(m.y));
            top = Math.max(top, max(m.high));
        }
        for (final Reference r : references)
        {
            top = Math.max(top, max(r.y));
        }
        return top > 0 ? top : 1;
    }

    /** A vertical bar from the lowest to the highest sample of each point, in the series' colour, pale. */
    private void addRanges(final XYChart chart, final Measured m)
    {
        final Color band = translucent(m.color, m.wideRange ? 0.30 : 0.75);
        for (int i = 0; i < workers.length; i++)
        {
            if (Double.isFinite(m.low[i]) && Double.isFinite(m.high[i]))
            {
                final XYSeries range = chart.addSeries(m.name + " range at " + workers[i],
                    new double[] {x(i), x(i)}, new double[] {m.low[i], m.high[i]});
                range.setShowInLegend(false);
                range.setMarker(SeriesMarkers.NONE);
                range.setLineColor(band);
                range.setLineStyle(new BasicStroke(m.wideRange ? RANGE_WIDTH_WIDE : RANGE_WIDTH_NARROW,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
                range.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            }
        }
    }

    /**
     * The points of a series with marks: markers belong to a whole series in XChart, so the plain
     * points are one series (solid, not in the legend) and the marked ones another (pale, in the
     * legend), each marked point with its text above it. Both are lines without a stroke rather
     * than scatters: XChart's horizontal legend leaves too little room after a scatter's entry.
     */
    private void addMarkedPoints(final XYChart chart, final Measured m, final double top)
    {
        final double[] plain = new double[workers.length];
        final double[] marked = new double[workers.length];
        for (int i = 0; i < workers.length; i++)
        {
            plain[i] = m.marked[i] ? Double.NaN : m.y[i];
            marked[i] = m.marked[i] ? m.y[i] : Double.NaN;
        }
        final XYSeries solid = add(chart, m.name + " points", plain);
        if (solid != null)
        {
            solid.setLineStyle(SeriesLines.NONE);
            solid.setMarker(SeriesMarkers.CIRCLE);
            solid.setMarkerColor(m.color);
            solid.setShowInLegend(false);
        }
        final XYSeries pale = add(chart, m.markLegend, marked);
        if (pale != null)
        {
            pale.setLineStyle(SeriesLines.NONE);
            pale.setMarker(SeriesMarkers.CIRCLE);
            pale.setMarkerColor(translucent(m.color, 0.35));
        }
        for (int i = 0; i < workers.length; i++)
        {
            if (m.marked[i] && Double.isFinite(m.y[i]) && !m.markText.isEmpty())
            {
                chart.addAnnotation(new AnnotationText(m.markText, x(i), m.y[i] + top * 0.06, false));
            }
        }
    }

    /** The points of a series that have a value; null when none has. */
    private XYSeries add(final XYChart chart, final String name, final double[] y)
    {
        final List<Double> xs = new ArrayList<>();
        final List<Double> ys = new ArrayList<>();
        for (int i = 0; i < workers.length; i++)
        {
            if (Double.isFinite(y[i]))
            {
                xs.add(x(i));
                ys.add(y[i]);
            }
        }
        if (xs.isEmpty())
        {
            return null;
        }
        final XYSeries s = chart.addSeries(name, xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return s;
    }

    private double x(final int index)
    {
        return log2(workers[index]);
    }

    /** The worker count at a tick that falls on one, with {@code *} above the cores; no label elsewhere. */
    private String tickLabel(final Double tick)
    {
        for (final int w : workers)
        {
            if (Math.abs(tick - log2(w)) < 1e-9)
            {
                return w + (cores.isPresent() && w > cores.getAsInt() ? "*" : "");
            }
        }
        return "";
    }

    private void checkLength(final String name, final double[] values)
    {
        if (values.length != workers.length)
        {
            throw new IllegalArgumentException("series '" + name + "' has " + values.length + " values for "
                + workers.length + " worker counts");
        }
    }

    private static double max(final double[] values)
    {
        double max = Double.NEGATIVE_INFINITY;
        for (final double v : values)
        {
            if (Double.isFinite(v))
            {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    /** Exact for powers of two, so their positions are equally apart (XChart then puts its ticks on them). */
    private static double log2(final int value)
    {
        return Integer.bitCount(value) == 1 ? Integer.numberOfTrailingZeros(value) : Math.log(value) / Math.log(2);
    }

    private static Color translucent(final Color color, final double alpha)
    {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), (int) Math.round(alpha * 255));
    }
}
