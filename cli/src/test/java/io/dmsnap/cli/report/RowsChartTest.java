package io.dmsnap.cli.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.knowm.xchart.XYChart;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
final class RowsChartTest
{
    private static RowsChart chart(final List<String> labels, final double scale)
    {
        final RowsChart chart = new RowsChart("t", "us/op", labels);
        for (int i = 0; i < labels.size(); i++)
        {
            final double v = scale * (i + 1);
            chart.row(i, v, new double[] {0.9 * v, 1.1 * v}, 0.8 * v, 1.2 * v);
        }
        return chart;
    }

    @Test
    void shortNamesLabelTheColumnsAndLongOnesGiveWayToNumbers()
    {
        final XYChart named = chart(List.of("throttle=NONE", "throttle=IN_PROGRESS"), 1).build();
        final Function<Double, String> label = named.getStyler().getXAxisTickLabelsFormattingFunction();
        assertEquals(List.of("throttle=NONE", "throttle=IN_PROGRESS", ""),
            List.of(label.apply(0.0), label.apply(1.0), label.apply(2.0)));
        assertEquals("", named.getXAxisTitle());

        final List<String> many = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            many.add("write.clat.p99.9" + i + " clone=1");
        }
        final XYChart numbered = chart(many, 1).build();
        assertEquals("1", numbered.getStyler().getXAxisTickLabelsFormattingFunction().apply(0.0));
        assertEquals("20", numbered.getStyler().getXAxisTickLabelsFormattingFunction().apply(19.0));
        assertEquals("row (numbered as in the table)", numbered.getXAxisTitle());
    }

    @Test
    void manyLongRowsDrawInBothEncodings()
    {
        // XChart thins tick labels that do not fit until one is left, and then loops forever: labels
        // that could never fit must not reach it (this drew for ever with rotated row names).
        for (final int n : new int[] {1, 2, 3, 18, 40})
        {
            final List<String> labels = new ArrayList<>();
            for (int i = 0; i < n; i++)
            {
                labels.add("remappedWrite:p0.9999 target=snapshot " + i);
            }
            final XYChart chart = chart(labels, 1).build();
            assertTrue(new String(Charts.svg(chart), StandardCharsets.UTF_8).contains("<svg"), "n=" + n);
            assertTrue(Charts.png(chart).length > 1000, "n=" + n);
        }
    }

    @Test
    void dotsPerReplicateAMeanPerRowAndARangeBar()
    {
        final XYChart chart = new RowsChart("t", "ops/s", List.of("a", "b"))
            .row(0, 10, new double[] {9, 11}, 8, 12)
            .row(1, 20, new double[] {19, 20, 21}, 18, 22)
            .build();
        assertArrayEquals(new double[] {0, 0, 1, 1, 1}, chart.getSeries("replicates (fork or run)").getXData(), 0);
        assertArrayEquals(new double[] {9, 11, 19, 20, 21}, chart.getSeries("replicates (fork or run)").getYData(), 0);
        assertArrayEquals(new double[] {10, 20}, chart.getSeries("mean of all samples").getYData(), 0);
        assertArrayEquals(new double[] {18, 22}, chart.getSeries("range 2").getYData(), 0);
        assertFalse(chart.getSeries("range 2").isShowInLegend());
        assertFalse(chart.getStyler().isYAxisLogarithmic());
        assertEquals(0.0, chart.getStyler().getYAxisMin());
    }

    @Test
    void valuesOverManyDecadesGetALogarithmicAxis()
    {
        final RowsChart chart = new RowsChart("t", "us/op", List.of("p0.50", "p0.99", "p0.9999"))
            .row(0, 0.2, new double[] {0.2}, 0.1, 0.3)
            .row(1, 1.5, new double[] {1.5}, 1, 2)
            .row(2, 4000, new double[] {4000}, 80, 10000);
        assertTrue(chart.build().getStyler().isYAxisLogarithmic());
    }

    @Test
    void oneColumnIsLabelled()
    {
        final XYChart chart = chart(List.of("write.iops"), 1000).build();
        assertEquals("write.iops", chart.getStyler().getXAxisTickLabelsFormattingFunction().apply(0.0));
        assertTrue(Charts.png(chart).length > 1000);
    }
}
