package io.dmsnap.engine.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dm-snapshot target versions each preset's kernel reports, and what lvm2 concludes from them. */
class TargetVersionsTest
{
    private static String versions(final Preset p)
    {
        final TargetVersions v = TargetVersions.of(p);
        return v.origin() + " " + v.snapshot() + " " + v.merge();
    }

    @Test
    void everyPresetCarriesItsKernelsVersions()
    {
        assertEquals("1.8.1 1.11.1 1.2.0", versions(Preset.V3_12));
        assertEquals("1.9.0 1.14.0 1.3.0", versions(Preset.V4_18));
        assertEquals("1.9.0 1.15.0 1.4.0", versions(Preset.V5_0));
        assertEquals("1.9.0 1.15.0 1.4.0", versions(Preset.V5_2));
        assertEquals("1.9.0 1.16.0 1.5.0", versions(Preset.CURRENT));
        assertEquals("1.9.0 1.16.0 1.5.0", versions(Preset.EXPERIMENTAL), "today's kernel plus ideas: today's targets");
        for (final Preset p : Preset.values())
        {
            assertEquals(TargetVersions.of(p), TargetVersions.of(p.config()), p.displayName());
        }
    }

    @Test
    void lvm2SeesTheLeakFixFromSnapshot1_12_0On()
    {
        // v3.12 predates 230c83af (3.13), whose version bump is how userspace detects the fix.
        assertFalse(TargetVersions.of(Preset.V3_12).reportsLeakFix());
        for (final Preset p : List.of(Preset.V4_18, Preset.V5_0, Preset.V5_2, Preset.CURRENT, Preset.EXPERIMENTAL))
        {
            assertTrue(TargetVersions.of(p).reportsLeakFix(), p.displayName());
        }
        assertTrue(TargetVersions.LEAK_FIX_BACKPORT.compareTo(TargetVersions.LEAK_FIX) < 0);
    }

    @Test
    void aConfigurationReportsThePresetItStartedFrom()
    {
        assertEquals(TargetVersion.of(1, 11, 1),
            TargetVersions.of(EngineConfig.of("v3.12", List.of("commitOrder=IN_ORDER_TREE"))).snapshot());
        assertEquals(TargetVersion.of(1, 15, 0), TargetVersions.of(Preset.V5_2.config()).snapshot());
        assertEquals(TargetVersion.of(1, 16, 0), TargetVersions.of(EngineConfig.builder("test").build()).snapshot());
    }

    @Test
    void lookupByTargetName()
    {
        final TargetVersions v = TargetVersions.of(Preset.CURRENT);
        assertEquals(TargetVersion.of(1, 9, 0), v.byName("snapshot-origin"));
        assertEquals(TargetVersion.of(1, 16, 0), v.byName("snapshot"));
        assertEquals(TargetVersion.of(1, 5, 0), v.byName("snapshot-merge"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.byName("linear"));
        assertEquals("not a dm-snapshot target: 'linear'; valid names: snapshot-origin, snapshot, snapshot-merge",
            e.getMessage());
    }

    @Test
    void versionsCompareByPartNotByText()
    {
        assertTrue(TargetVersion.of(1, 10, 0).compareTo(TargetVersion.of(1, 9, 9)) > 0);
        assertTrue(TargetVersion.of(1, 12, 0).atLeast(TargetVersion.of(1, 12, 0)));
        assertFalse(TargetVersion.of(1, 11, 1).atLeast(TargetVersion.of(1, 12, 0)));
        assertEquals("1.16.0", TargetVersion.of(1, 16, 0).toString());
        assertThrows(IllegalArgumentException.class, () -> TargetVersion.of(1, -1, 0));
    }
}
