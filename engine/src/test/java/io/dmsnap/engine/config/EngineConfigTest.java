package io.dmsnap.engine.config;

import io.dmsnap.engine.config.Switches.CompleteOrder;
import io.dmsnap.engine.config.Switches.HandoverQuiesce;
import io.dmsnap.engine.config.Switches.Locking;
import io.dmsnap.engine.config.Switches.SplitBoundary;
import io.dmsnap.engine.config.Switches.Tables;
import io.dmsnap.engine.config.Switches.Throttle;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The typed configuration: every switch settable by name and by type, each into its own field. */
final class EngineConfigTest
{
    @Test
    void everySwitchEnumIsListedOnceUnderItsCommandLineName()
    {
        final List<String> expected = new ArrayList<>();
        for (final Class<?> c : Switches.class.getDeclaredClasses())
        {
            if (c.isEnum())
            {
                expected.add(Character.toLowerCase(c.getSimpleName().charAt(0)) + c.getSimpleName().substring(1));
            }
        }
        assertEquals(expected.stream().sorted().toList(), EngineConfig.SWITCH_NAMES.stream().sorted().toList(),
            "a switch enum missing from EngineConfig.SWITCHES cannot be set or listed");
        assertEquals(List.of("locking", "tables", "completeOrder", "commitOrder", "throttle", "fullChunkWrite",
            "hashSizing", "copyErrorCommit", "recheckComplete", "originRecheck", "readTracking", "passdownTracking", "peFree", "splitBoundary",
            "handoverQuiesce", "mergeFlush", "mergeProtect", "mergeRuns", "mergeWriteGuard", "handoverMergeStop",
            "copyCompletion"),
            EngineConfig.SWITCH_NAMES, "display order");
    }

    @Test
    void everyValueOfEverySwitchLandsInItsOwnField()
    {
        final EngineConfig base = EngineConfig.current();
        for (final Class<?> c : Switches.class.getDeclaredClasses())
        {
            final String name = Character.toLowerCase(c.getSimpleName().charAt(0)) + c.getSimpleName().substring(1);
            for (final Object value : c.getEnumConstants())
            {
                final String text = ((Enum<?>) value).name();
                final EngineConfig byName = base.with(name, text.toLowerCase(Locale.ROOT));
                final EngineConfig byType = base.with((Enum<?>) value);
                assertEquals(text, byName.values().get(name), name);
                assertEquals(byName, byType, name + "=" + text);
                final Map<String, String> others = byName.values();
                others.remove(name);
                final Map<String, String> before = base.values();
                before.remove(name);
                assertEquals(before, others, "setting " + name + " changed nothing else");
            }
        }
    }

    @Test
    void presetsAreBuildersOfKernelVersions()
    {
        final EngineConfig v50 = Preset.V5_0.config();
        assertEquals(Locking.GLOBAL, v50.locking());
        assertEquals(Tables.HEAP_LISTS, v50.tables());
        assertEquals(Throttle.SEMAPHORE, v50.throttle());
        assertEquals(EngineConfig.FIXED_SUB_JOB_SIZE_KB, v50.subJobSizeKb());
        assertEquals(SplitBoundary.AT_RESUME, v50.splitBoundary(), "not named by the preset: today's value");
        assertEquals("v5.0", v50.origin());
        assertEquals(EngineConfig.builder("current").build(), EngineConfig.current(), "the builder starts at today");
        assertEquals(512, EngineConfig.current().subJobSizeKb());
        assertEquals(EngineConfig.DEFAULT_COW_THRESHOLD, EngineConfig.current().cowThreshold());
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet()
    {
        final EngineConfig c = Preset.V4_18.config().toBuilder().origin("mine")
            .handoverQuiesce(HandoverQuiesce.SKIP).parameter(ModuleParameter.COW_THRESHOLD, 7).build();
        assertEquals("mine", c.origin());
        assertEquals(HandoverQuiesce.SKIP, c.handoverQuiesce());
        assertEquals(7, c.cowThreshold());
        assertEquals(Preset.V4_18.config().commitOrder(), c.commitOrder());
        assertNotEquals(Preset.V4_18.config(), c);
        assertEquals(Preset.V4_18.config().values().get("throttle"), c.values().get("throttle"));
    }

    @Test
    void badNamesAndValuesKeepTheirMessages()
    {
        final IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
            () -> EngineConfig.current().with("throttle", "FAST"));
        assertEquals("unknown value 'FAST' for switch throttle; valid values: NONE, SEMAPHORE, IN_PROGRESS",
            value.getMessage());
        final IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
            () -> EngineConfig.current().with("speed", "1"));
        assertEquals("unknown switch 'speed'; valid switches: " + String.join(", ", EngineConfig.SWITCH_NAMES)
            + "; valid parameters: cowThreshold, copyThrottle, subJobSizeKb", name.getMessage());
        final IllegalArgumentException combination = assertThrows(IllegalArgumentException.class,
            () -> EngineConfig.current().with(CompleteOrder.WAIT_THEN_INSERT).validate());
        assertEquals("invalid combination: locking=FINE requires completeOrder=INSERT_WAIT_REMOVE (3f1637f2 is built"
            + " on 65fc7c37); got completeOrder=WAIT_THEN_INSERT", combination.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EngineConfig.current().with(Thread.State.NEW));
        assertEquals("v5.0 + throttle=NONE", EngineConfig.of("v5.0", List.of("throttle=NONE")).origin());
    }

    /**
     * {@code current} is today's kernel and nothing else; {@code experimental} is current with only
     * the engine's own switch values changed (each one a value no kernel has).
     */
    @Test
    void experimentalIsCurrentPlusTheEnginesOwnIdeasOnly()
    {
        assertEquals(EngineConfig.builder("today").build(), Preset.CURRENT.config(), "current is the builder's start");
        final Map<String, String> current = Preset.CURRENT.config().values();
        final Map<String, String> experimental = Preset.EXPERIMENTAL.config().values();
        final Map<String, String> changed = new LinkedHashMap<>();
        experimental.forEach((k, v) ->
        {
            if (!v.equals(current.get(k)))
            {
                changed.put(k, v);
            }
        });
        assertEquals(Map.of("commitOrder", "IN_ORDER_RING", "tables", "OFFHEAP_CUCKOO", "copyCompletion",
            "SUBMITTER_WHEN_IDLE"), changed);
        assertEquals(Preset.EXPERIMENTAL, Preset.byName("experimental"));
        assertEquals("experimental", Preset.values()[Preset.values().length - 1].displayName(), "listed last");
    }
}
