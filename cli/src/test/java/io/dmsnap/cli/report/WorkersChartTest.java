package io.dmsnap.cli.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
final class WorkersChartTest
{
    private static final double NAN = Double.NaN;

    @Test
    void workersAreLog2AndLabelledWithTheirCountsStarredAboveTheCores()
    {
        final XYChart chart = new WorkersChart("t", "IOPS", List.of(1, 2, 4, 8), OptionalInt.of(2))
            .measured("a", Charts.PALETTE[0], new double[] {1, 2, 3, 4}, new double[] {NAN, NAN, NAN, NAN},
                new double[] {NAN, NAN, NAN, NAN}, false)
            .build();
        assertArrayEquals(new double[] {0, 1, 2, 3}, chart.getSeries("a").getXData(), 0);
        final Function<Double, String> label = chart.getStyler().getXAxisTickLabelsFormattingFunction();
        assertEquals(List.of("1", "2", "4*", "8*"), List.of(label.apply(0.0), label.apply(1.0), label.apply(2.0),
            label.apply(3.0)));
        assertEquals("", label.apply(0.5), "a tick between two counts has no label");
        assertEquals("workers (log2 scale; * more workers than cores)", chart.getXAxisTitle());
        assertEquals(0.0, chart.getStyler().getYAxisMin());
    }

    @Test
    void oversubscriptionNeedsKnownCores()
    {
        assertEquals(List.of(4, 8), new WorkersChart("t", "y", List.of(1, 2, 4, 8), OptionalInt.of(2)).oversubscribed());
        assertEquals(List.of(), new WorkersChart("t", "y", List.of(1, 2, 4, 8), OptionalInt.of(8)).oversubscribed());
        assertEquals(List.of(), new WorkersChart("t", "y", List.of(1, 2, 4, 8), OptionalInt.empty()).oversubscribed());
        final XYChart unknown = new WorkersChart("t", "y", List.of(1, 2, 4, 8), OptionalInt.empty()).build();
        assertEquals("8", unknown.getStyler().getXAxisTickLabelsFormattingFunction().apply(3.0));
        assertEquals("workers (log2 scale)", unknown.getXAxisTitle());
    }

    @Test
    void rangesAreBarsOutsideTheLegendAndMissingPointsAreLeftOut()
    {
        final XYChart chart = new WorkersChart("t", "y", List.of(1, 2, 4), OptionalInt.of(4))
            .measured("before", Charts.PALETTE[0], new double[] {10, NAN, 30}, new double[] {9, NAN, 25},
                new double[] {11, NAN, 35}, true)
            .build();
        final XYSeries line = chart.getSeries("before");
        assertArrayEquals(new double[] {0, 2}, line.getXData(), 0, "the unmeasured point is a gap");
        assertArrayEquals(new double[] {10, 30}, line.getYData(), 0);
        final XYSeries range = chart.getSeries("before range at 4");
        assertArrayEquals(new double[] {2, 2}, range.getXData(), 0);
        assertArrayEquals(new double[] {25, 35}, range.getYData(), 0);
        assertFalse(range.isShowInLegend());
        assertNull(chart.getSeries("before range at 2"));
        assertTrue(line.isShowInLegend());
        // Room above the highest range for the labels: the axis ends 14% above it.
        assertEquals(35 * 1.14, chart.getStyler().getYAxisMax(), 1e-9);
    }

    @Test
    void markedPointsArePaleAndListedOnceInTheLegend()
    {
        final XYChart chart = new WorkersChart("t", "ratio", List.of(1, 2, 4, 8), OptionalInt.of(2))
            .baseline(1.0)
            .measured("ours", Charts.PALETTE[2], new double[] {1.2, 1.1, 0.9, 1.5}, new double[] {NAN, NAN, NAN, NAN},
                new double[] {NAN, NAN, NAN, NAN}, false)
            .marked(new boolean[] {false, true, true, false}, "~", "~ within the noise")
            .reference("seed", Charts.PALETTE[7], new double[] {1.15, 1.22, 1.47, 1.80})
            .build();
        assertArrayEquals(new double[] {1, 2}, chart.getSeries("~ within the noise").getXData(), 0);
        assertArrayEquals(new double[] {0, 3}, chart.getSeries("ours points").getXData(), 0);
        assertFalse(chart.getSeries("ours points").isShowInLegend());
        assertArrayEquals(new double[] {1.15, 1.22, 1.47, 1.80}, chart.getSeries("seed").getYData(), 0);
        final List<String> legend = new ArrayList<>();
        chart.getSeriesCollection().forEach(s ->
        {
            if (s.isShowInLegend())
            {
                legend.add(s.getName());
            }
        });
        assertEquals(List.of("ours", "seed", "~ within the noise"), legend);
        assertEquals(1.8 * 1.14, chart.getStyler().getYAxisMax(), 1e-9);
    }

    @Test
    void badSeriesAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new WorkersChart("t", "y", List.of(2, 1), OptionalInt.empty()));
        assertThrows(IllegalArgumentException.class, () -> new WorkersChart("t", "y", List.of(0, 1), OptionalInt.empty()));
        assertThrows(IllegalArgumentException.class, () -> new WorkersChart("t", "y", List.of(), OptionalInt.empty()));
        final WorkersChart chart = new WorkersChart("t", "y", List.of(1, 2), OptionalInt.empty());
        assertThrows(IllegalArgumentException.class, () -> chart.reference("r", Charts.PALETTE[0], new double[] {1}));
        assertThrows(IllegalStateException.class, () -> chart.marked(new boolean[2], "~", "noise"));
    }

    @Test
    void unevenCountsAreDrawnAndLabelledWhereTicksFallOnThem()
    {
        final XYChart chart = new WorkersChart("t", "y", List.of(1, 3, 4), OptionalInt.of(2))
            .measured("a", Charts.PALETTE[0], new double[] {1, 2, 3}, new double[] {NAN, NAN, NAN},
                new double[] {NAN, NAN, NAN}, false)
            .build();
        assertEquals(Math.log(3) / Math.log(2), chart.getSeries("a").getXData()[1], 1e-12);
        assertEquals("3*", chart.getStyler().getXAxisTickLabelsFormattingFunction().apply(Math.log(3) / Math.log(2)));
        assertTrue(Charts.png(chart).length > 1000, "draws");
    }
}
