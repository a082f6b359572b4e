package io.dmsnap.bench.jmh.fio;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class StackStateTest
{
    @Test
    void sizesUseBinaryMultiples()
    {
        assertEquals(80L << 30, StackState.sizeBytes("80g"));
        assertEquals(64L << 20, StackState.sizeBytes("64M"));
        assertEquals(4096, StackState.sizeBytes("4k"));
        assertEquals(1L << 40, StackState.sizeBytes("1t"));
        assertEquals(512, StackState.sizeBytes("512"));
        for (final String bad : new String[] {"", "g", "-1g", "0", "12x", "99999999999t"})
        {
            assertThrows(IllegalArgumentException.class, () -> StackState.sizeBytes(bad), bad);
        }
    }

    @Test
    void theSetParameterSplitsOnSemicolonsCommasAndPluses()
    {
        assertEquals(List.of(), StackState.overrides("none"));
        assertEquals(List.of(), StackState.overrides(" "));
        assertEquals(List.of("throttle=NONE", "locking=FINE"), StackState.overrides("throttle=NONE; locking=FINE"));
        assertEquals(List.of("a=1", "b=2", "c=3"), StackState.overrides("a=1,b=2+c=3"));
    }

    @Test
    void theConfigurationIsThePresetWithThresholdThenOverrides()
    {
        final EngineConfig plain = StackState.config("v5.0", 64, "none");
        assertEquals(64, plain.cowThreshold());
        assertEquals(Switches.Locking.GLOBAL, plain.locking());
        final EngineConfig overridden = StackState.config("v5.0", 64, "locking=FINE;completeOrder=INSERT_WAIT_REMOVE;cowThreshold=7");
        assertEquals(Switches.Locking.FINE, overridden.locking());
        assertEquals(7, overridden.cowThreshold(), "a threshold in set wins over the parameter");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> StackState.config("current", 2048, "nonsense=1"));
        assertTrue(e.getMessage().contains("unknown switch"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StackState.config("current", 2048, "locking"));
    }

    @Test
    void regionsSplitTheDeviceIntoWholeBlocksPerWorker()
    {
        final long sectors = (80L << 30) >>> 9;
        assertEquals(sectors / 8, WorkerState.regionBlocks(sectors, 1, 8));
        assertEquals(sectors / 8 / 8, WorkerState.regionBlocks(sectors, 8, 8));
        assertEquals(3, WorkerState.regionBlocks(100, 4, 8), "25 sectors hold three 4 KiB blocks");
        assertThrows(IllegalArgumentException.class, () -> WorkerState.regionBlocks(100, 16, 8));
    }
}
