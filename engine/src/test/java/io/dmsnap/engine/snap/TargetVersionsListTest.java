package io.dmsnap.engine.snap;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Preset;
import io.dmsnap.engine.config.TargetVersion;
import io.dmsnap.engine.dm.DeviceMapper;

import org.junit.jupiter.api.Test;

import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link DeviceMapper#versions()}: every registered target type with its version ({@code DM_LIST_VERSIONS}). */
class TargetVersionsListTest
{
    @Test
    void todaysKernelListsEveryRegisteredType()
    {
        final SortedMap<String, TargetVersion> v = new DeviceMapper(EngineConfig.current()).versions();
        assertEquals(TargetVersion.of(1, 9, 0), v.get("snapshot-origin"));
        assertEquals(TargetVersion.of(1, 16, 0), v.get("snapshot"));
        assertEquals(TargetVersion.of(1, 5, 0), v.get("linear"));
        assertEquals(TargetVersion.of(1, 7, 0), v.get("error"));
        assertEquals(TargetVersion.of(1, 2, 0), v.get("zero"));
        assertEquals(TargetVersion.of(1, 5, 0), v.get("snapshot-merge"));
        assertEquals(new DeviceMapper().targetTypeNames(), v.keySet().stream().toList());
    }

    @Test
    void olderPresetsReportTheirKernelsSnapshotVersions()
    {
        final SortedMap<String, TargetVersion> v312 = new DeviceMapper(Preset.V3_12.config()).versions();
        assertEquals(TargetVersion.of(1, 8, 1), v312.get("snapshot-origin"));
        assertEquals(TargetVersion.of(1, 11, 1), v312.get("snapshot"));
        final SortedMap<String, TargetVersion> v418 = new DeviceMapper(Preset.V4_18.config()).versions();
        assertEquals(TargetVersion.of(1, 14, 0), v418.get("snapshot"));
        assertEquals(TargetVersion.of(1, 2, 0), v312.get("snapshot-merge"));
    }

    @Test
    void theListIsACopyCallersCannotChange()
    {
        final SortedMap<String, TargetVersion> v = new DeviceMapper().versions();
        assertThrows(UnsupportedOperationException.class, () -> v.put("linear", TargetVersion.of(9, 9, 9)));
    }
}
