package io.dmsnap.cli.result;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class EnvironmentTest
{
    private static final Instant T1 = Instant.parse("2026-11-21T10:02:03Z");
    private static final Instant T2 = Instant.parse("2026-11-21T11:00:00Z");

    @Test
    void blankValuesAreUnknownNotEmptyStrings()
    {
        final Environment env = Environment.builder().cpuModel("  ").host("").gitCommit(null).kernel(" 6.1.0 ").build();
        assertEquals(Optional.empty(), env.cpuModel());
        assertEquals(Optional.empty(), env.host());
        assertEquals(Optional.empty(), env.gitCommit());
        assertEquals(Optional.of("6.1.0"), env.kernel());
        assertThrows(IllegalArgumentException.class, () -> Environment.builder().cores(0));
    }

    @Test
    void differencesAreFieldsBothSidesKnowAndDisagreeOn()
    {
        final Environment a = Environment.builder().startTime(T1).host("a").cores(2).jdkVersion("17.0.15").build();
        final Environment b = Environment.builder().startTime(T2).host("b").cores(2).cpuModel("Xeon").build();
        assertEquals(List.of(new Environment.Difference("host", "a", "b")), a.differences(b),
            "start time never differs, one-sided fields are no difference");
        assertEquals("host: a vs b", a.differences(b).get(0).toString());
        assertTrue(a.differences(a.toBuilder().startTime(T2).build()).isEmpty());
        final Environment engineA = a.toBuilder().engine(new EngineSetup("current", new TreeMap<>())).host(null).build();
        final Environment engineB = a.toBuilder().engine(new EngineSetup("v5.0", new TreeMap<>())).host(null).build();
        assertEquals(List.of("engine"), engineA.differences(engineB).stream().map(Environment.Difference::field).toList());
    }

    @Test
    void mergingKeepsWhatEitherKnowsDropsWhatTheyDisputeAndTakesTheEarlierStart()
    {
        final Environment a = Environment.builder().startTime(T2).host("a").cores(2).jdkVersion("17").build();
        final Environment b = Environment.builder().startTime(T1).host("b").cores(2).cpuModel("Xeon").build();
        final Environment merged = a.mergedWith(b);
        assertEquals(Optional.of(T1), merged.startTime());
        assertEquals(Optional.empty(), merged.host(), "disputed");
        assertEquals(Optional.of(2), merged.cores());
        assertEquals(Optional.of("17"), merged.jdkVersion());
        assertEquals(Optional.of("Xeon"), merged.cpuModel());
    }

    @Test
    void toBuilderRoundTripsEveryField()
    {
        final Environment full = Environment.builder().startTime(T1).gitCommit("abc1234").gitDirty(true).jdkVendor("V")
            .jdkVersion("17").jvmName("VM").jvmArgs(List.of("-Xmx1g")).cpuModel("CPU").cores(4).osName("Linux")
            .osVersion("6.1").osArch("amd64").kernel("6.1.0").host("h").tool("dmsnap 1")
            .engine(new EngineSetup("current", new TreeMap<>(Map.of("throttle", "NONE"))))
            .jmh(new JmhSettings(Optional.of("1.37"), List.of("thrpt"), List.of(1), List.of(2),
                List.of(new JmhSettings.Phase(1, "1 s")), List.of(new JmhSettings.Phase(3, "1 s"))))
            .build();
        assertEquals(full, full.toBuilder().build());
        assertTrue(full.differences(Environment.UNKNOWN).isEmpty());
    }

    @Test
    void jmhSettingsListDistinctValuesSorted()
    {
        final JmhSettings s = new JmhSettings(Optional.empty(), List.of("thrpt", "sample", "thrpt"), List.of(8, 1, 2, 1),
            List.of(1, 1), List.of(new JmhSettings.Phase(6, "1 s"), new JmhSettings.Phase(6, "1 s")), List.of());
        assertEquals(List.of("sample", "thrpt"), s.modes());
        assertEquals(List.of(1, 2, 8), s.threads());
        assertEquals(List.of(1), s.forks());
        assertEquals(List.of(new JmhSettings.Phase(6, "1 s")), s.warmup());
    }
}
