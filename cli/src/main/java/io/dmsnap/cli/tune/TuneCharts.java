package io.dmsnap.cli.tune;

import io.dmsnap.cli.report.Charts;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The charts of a sweep, drawn with the report look ({@link Charts}):
 * <ul>
 *   <li>throughput and p99 latency against the threshold, one line per chunk size, the recommended
 *       value marked by a vertical line;</li>
 *   <li>peak and mean copier memory against the threshold (memory on a logarithmic axis);</li>
 *   <li>with several chunk sizes, a heat map of throughput (percent of each chunk size's best);</li>
 *   <li>for {@code --live}, the fullest snapshot's copies in flight over time with the limit in force,
 *       and the throughput of each step.</li>
 * </ul>
 * The threshold axis is logarithmic: a point sits at log2 of its value, 0 one step below 1 and
 * unlimited one step above the largest value; the tick labels name the thresholds there.
 */
final class TuneCharts
{
    static final int WIDTH = 760;
    static final int HEIGHT = 420;

    private TuneCharts()
    {
    }

    static XYChart throughput(final SweepResult result, final Map<Long, Recommendation> recommended)
    {
        return perThreshold(result, recommended, "Throughput against snapshot_cow_threshold", "IOPS (median)",
            Point::iops);
    }

    static XYChart p99(final SweepResult result, final Map<Long, Recommendation> recommended)
    {
        return perThreshold(result, recommended, "p99 write latency against snapshot_cow_threshold", "p99 latency (ms, median)",
            p -> p.p99Micros() / 1000.0);
    }

    /** Peak and mean copier memory (MiB), each chunk size a pair of lines. */
    static XYChart memory(final SweepResult result, final Map<Long, Recommendation> recommended)
    {
        final int largest = ThresholdAdvisor.largestFinite(result.points());
        final XYChart chart = axisChart("Copier memory against snapshot_cow_threshold", "copier memory (MiB, log)", largest);
        chart.getStyler().setYAxisLogarithmic(true);
        for (final long chunk : result.plan().chunkBytes())
        {
            final List<Point> points = result.pointsOf(chunk);
            final String suffix = result.plan().chunkBytes().size() > 1 ? " (chunk " + Units.chunk(chunk) + ")" : "";
            add(chart, "peak" + suffix, points, largest, p -> Math.max(p.peakCopyBytes(), 1) / (1024.0 * 1024));
            add(chart, "mean" + suffix, points, largest, p -> Math.max(p.meanCopyBytes(), 1) / (1024.0 * 1024));
        }
        mark(chart, result, recommended, largest);
        return chart;
    }

    private static XYChart perThreshold(final SweepResult result, final Map<Long, Recommendation> recommended,
                                        final String title, final String yTitle, final ToDoubleFunction<Point> figure)
    {
        final int largest = ThresholdAdvisor.largestFinite(result.points());
        final XYChart chart = axisChart(title, yTitle, largest);
        for (final long chunk : result.plan().chunkBytes())
        {
            add(chart, "chunk " + Units.chunk(chunk), result.pointsOf(chunk), largest, figure);
        }
        mark(chart, result, recommended, largest);
        return chart;
    }

    private static XYChart axisChart(final String title, final String yTitle, final int largest)
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle("snapshot_cow_threshold (log scale; 0 and unlimited at the ends)").yAxisTitle(yTitle).build();
        Charts.style(chart.getStyler());
        chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
        // No axis minimum or maximum: with either set, XChart 4.0.3 draws none of the custom tick labels.
        chart.setCustomXAxisTickLabelsFormatter(x -> tickLabel(x, largest));
        return chart;
    }

    /** The threshold at an axis position, or "" between thresholds. */
    static String tickLabel(final double x, final int largest)
    {
        if (Math.abs(x - Math.rint(x)) > 1e-9)
        {
            return "";
        }
        final long p = Math.round(x);
        if (p == -1)
        {
            return "0";
        }
        if (p == Math.round(Threshold.UNLIMITED.axisPosition(largest)))
        {
            return "unlimited";
        }
        if (p < -1 || p > 31)
        {
            return "";
        }
        final long v = 1L << p;
        return v >= 1024 && v % 1024 == 0 ? (v / 1024) + "k" : Long.toString(v);
    }

    private static void add(final XYChart chart, final String name, final List<Point> points, final int largest,
                            final ToDoubleFunction<Point> figure)
    {
        final double[] x = new double[points.size()];
        final double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++)
        {
            x[i] = points.get(i).threshold().axisPosition(largest);
            y[i] = figure.applyAsDouble(points.get(i));
        }
        final XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
    }

    /** A vertical line at the recommended value of the first chunk size. */
    private static void mark(final XYChart chart, final SweepResult result, final Map<Long, Recommendation> recommended,
                             final int largest)
    {
        final Recommendation r = recommended.get(result.plan().chunkBytes().get(0));
        if (r != null)
        {
            chart.addAnnotation(new AnnotationLine(r.value().axisPosition(largest), true, false));
        }
    }

    /** Throughput as percent of each chunk size's best, thresholds across, chunk sizes up. */
    static HeatMapChart heatMap(final SweepResult result)
    {
        final HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT)
            .title("Throughput, % of the best of each chunk size").xAxisTitle("snapshot_cow_threshold")
            .yAxisTitle("chunk size").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setShowValue(true);
        chart.getStyler().setHeatMapValueDecimalPattern("0");
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(100);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xD55E00), new Color(0xF0E442), new Color(0x009E73)});
        final List<String> xs = new ArrayList<>();
        for (final Threshold t : result.thresholds())
        {
            xs.add(t.label());
        }
        final List<String> ys = new ArrayList<>();
        final List<Number[]> cells = new ArrayList<>();
        final List<Long> chunks = result.plan().chunkBytes();
        for (int yi = 0; yi < chunks.size(); yi++)
        {
            ys.add(Units.chunk(chunks.get(yi)));
            final List<Point> points = result.pointsOf(chunks.get(yi));
            double best = 0;
            for (final Point p : points)
            {
                best = Math.max(best, p.iops());
            }
            for (int xi = 0; xi < points.size(); xi++)
            {
                cells.add(new Number[] {xi, yi, best == 0 ? 0 : Math.round(100 * points.get(xi).iops() / best)});
            }
        }
        chart.addSeries("throughput", xs, ys, cells);
        return chart;
    }

    /** The fullest snapshot's copies in flight over the live run, with the limit in force. */
    static XYChart liveInflight(final LiveResult live)
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
            .title("Live threshold changes: copies in flight (fullest snapshot)").xAxisTitle("time (s)")
            .yAxisTitle("copies in flight").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
        final double[] time = live.timeSeconds().length == 0 ? new double[] {0} : live.timeSeconds();
        final double[] inflight = live.inflight().length == 0 ? new double[] {0} : live.inflight();
        chart.addSeries("in flight", time, inflight).setMarker(SeriesMarkers.NONE);
        double cap = 0;
        for (final double v : inflight)
        {
            cap = Math.max(cap, v);
        }
        final double[] limit = new double[time.length];
        for (int i = 0; i < limit.length; i++)
        {
            final double l = live.limit().length == 0 ? -1 : live.limit()[i];
            limit[i] = l < 0 ? cap : Math.min(l, Math.max(cap, 1));
        }
        chart.addSeries("threshold (unlimited drawn at the top)", time, limit).setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /** Throughput of each live step, in step order. */
    static XYChart liveThroughput(final LiveResult live)
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Live threshold changes: throughput per step")
            .xAxisTitle("step (threshold set)").yAxisTitle("IOPS").build();
        Charts.style(chart.getStyler());
        final int n = Math.max(1, live.steps().size());
        final double[] x = new double[n];
        final double[] y = new double[n];
        for (int i = 0; i < live.steps().size(); i++)
        {
            x[i] = i;
            y[i] = live.steps().get(i).iops();
        }
        chart.addSeries("IOPS", x, y).setMarker(SeriesMarkers.CIRCLE);
        chart.setCustomXAxisTickLabelsFormatter(v ->
        {
            final long i = Math.round(v);
            return Math.abs(v - i) < 1e-9 && i >= 0 && i < live.steps().size() ? live.steps().get((int) i).threshold().label()
                : "";
        });
        return chart;
    }
}
