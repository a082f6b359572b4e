package io.dmsnap.cli.tune;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches.Throttle;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Threshold values: the default sweep, parsing --values, order, the engine they configure, the log axis. */
final class ThresholdTest
{
    @Test
    void theDefaultSweepIsUnlimitedThenZeroThenPowersOfTwoTo65536()
    {
        final List<Threshold> values = Threshold.defaultSweep();
        assertEquals(19, values.size());
        assertEquals(Threshold.UNLIMITED, values.get(0));
        assertEquals(new Threshold(0), values.get(1));
        assertEquals(new Threshold(1), values.get(2));
        assertEquals(new Threshold(65536), values.get(18));
        final List<Threshold> sorted = new ArrayList<>(values);
        sorted.sort(null);
        assertEquals(Threshold.UNLIMITED, sorted.get(18), "unlimited sorts after every number");
        assertTrue(Threshold.quickSweep().contains(Threshold.KERNEL_DEFAULT));
    }

    @Test
    void valuesParseInTheOrderGiven()
    {
        assertEquals(List.of(new Threshold(16), Threshold.UNLIMITED, new Threshold(0), new Threshold(2147483647)),
            Threshold.parseList("16, unlimited,0,2147483647"));
        assertEquals(List.of(Threshold.UNLIMITED), Threshold.parseList("NONE"));
    }

    @Test
    void badValuesNameTheItemAndTheRange()
    {
        assertEquals("bad value in --values: '-1': a threshold is an integer in 0..2147483647 or unlimited (the NONE "
            + "throttle)", assertThrows(IllegalArgumentException.class, () -> Threshold.parseList("4,-1")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Threshold.parseList("4,lots")).getMessage()
            .contains("'lots'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Threshold.parseList("2147483648")).getMessage()
            .contains("'2147483648'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Threshold.parseList("4,,8")).getMessage()
            .contains("''"));
        assertEquals("bad value in --values: 4 is given twice",
            assertThrows(IllegalArgumentException.class, () -> Threshold.parseList("4,8,4")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Threshold.parseList(" ")).getMessage()
            .startsWith("--values is empty"));
    }

    @Test
    void unlimitedIsTheNoneThrottleAndNumbersTheInProgressOne()
    {
        final EngineConfig base = EngineConfig.of("v5.0", List.of());
        assertEquals(Throttle.NONE, Threshold.UNLIMITED.configure(base).throttle());
        final EngineConfig at16 = new Threshold(16).configure(base);
        assertEquals(Throttle.IN_PROGRESS, at16.throttle());
        assertEquals(16, at16.cowThreshold());
        assertEquals(0, new Threshold(0).configure(base).cowThreshold());
    }

    @Test
    void theLogAxisPutsZeroAndUnlimitedOneStepOutside()
    {
        assertEquals(-1, new Threshold(0).axisPosition(2048));
        assertEquals(0, new Threshold(1).axisPosition(2048));
        assertEquals(11, new Threshold(2048).axisPosition(2048), 1e-9);
        assertEquals(12, Threshold.UNLIMITED.axisPosition(2048), 1e-9);
        assertEquals("0", TuneCharts.tickLabel(-1, 2048));
        assertEquals("2k", TuneCharts.tickLabel(11, 2048));
        assertEquals("unlimited", TuneCharts.tickLabel(12, 2048));
        assertEquals("", TuneCharts.tickLabel(2.5, 2048));
    }
}
