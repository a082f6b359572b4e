package io.dmsnap.engine.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The module parameters as initial values of a configuration: names, defaults, validation. */
final class ModuleParameterTest
{
    @Test
    void everyPresetStartsFromTheKernelDefaults()
    {
        for (final Preset p : Preset.values())
        {
            assertEquals(2048, p.config().cowThreshold(), p.displayName());
            assertEquals(100, p.config().copyThrottle(), p.displayName());
            // kcopyd_subjob_size_kb came with 5.3; before, pieces were a fixed 64 KiB
            final boolean since53 = p == Preset.CURRENT || p == Preset.EXPERIMENTAL;
            assertEquals(since53 ? 512 : 64, p.config().subJobSizeKb(), p.displayName());
        }
        final Map<String, String> values = EngineConfig.current().values();
        assertEquals(List.of("cowThreshold", "copyThrottle", "subJobSizeKb"),
            List.copyOf(values.keySet()).subList(values.size() - 3, values.size()), "parameters follow the switches");
    }

    @Test
    void parametersAreSetByKeyKernelNameOrShortForm()
    {
        final EngineConfig c = EngineConfig.of("v5.0", List.of("snapshot_cow_threshold=64", "COPYTHROTTLE=40",
            "kcopyd_subjob_size_kb=64"));
        assertEquals(64, c.cowThreshold());
        assertEquals(40, c.copyThrottle());
        assertEquals(64, c.subJobSizeKb());
        assertEquals(32, EngineConfig.current().with("cow_threshold", " 32 ").cowThreshold());
        assertEquals(512, EngineConfig.current().with("subjob_size_kb", "0").subJobSizeKb(), "0 is the default");
        assertNotEquals(EngineConfig.current(), EngineConfig.current().withCopyThrottle(50),
            "configurations differing only in a parameter are different");
        assertEquals("64", c.values().get("cowThreshold"));
    }

    @Test
    void badValuesNameTheParameterTheRangeAndTheValue()
    {
        final IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> EngineConfig.current().with("cowThreshold", "-5"));
        assertEquals("cowThreshold (snapshot_cow_threshold) must be an integer in 0..2147483647, got '-5'",
            negative.getMessage());
        final IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
            () -> EngineConfig.current().with("copyThrottle", "half"));
        assertEquals("copyThrottle (snapshot_copy_throttle) must be an integer in 0..100, got 'half'",
            text.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EngineConfig.current().with("cowThreshold", "2147483648"));
        assertThrows(IllegalArgumentException.class, () -> EngineConfig.current().with("cowThreshold", ""));
        assertThrows(IllegalArgumentException.class, () -> EngineConfig.current().withSubJobSizeKb(1025));
        assertThrows(IllegalArgumentException.class, () -> EngineConfig.current().withCowThreshold(-1));
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> EngineConfig.current().with("cowLimit", "3"));
        assertTrue(unknown.getMessage().contains("valid parameters: cowThreshold, copyThrottle, subJobSizeKb"),
            unknown::getMessage);
    }

    @Test
    void parametersAreFoundByAnyOfTheirNames()
    {
        assertEquals(ModuleParameter.COPY_THROTTLE, ModuleParameter.byName("snapshot_copy_throttle"));
        assertEquals(ModuleParameter.SUB_JOB_SIZE_KB, ModuleParameter.byName("SubJobSizeKb"));
        assertEquals("dm_mod", ModuleParameter.SUB_JOB_SIZE_KB.module());
        assertThrows(IllegalArgumentException.class, () -> ModuleParameter.byName("throttle"));
    }
}
