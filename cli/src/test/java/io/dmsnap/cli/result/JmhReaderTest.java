package io.dmsnap.cli.result;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JMH's -rf json, read from real JMH 1.37 output of the bench module's benchmarks. */
final class JmhReaderTest
{
    private static final String THROTTLE = "io.dmsnap.bench.jmh.micro.ThrottleBench.startEndCopy";
    private static final String REMAPPED = "io.dmsnap.bench.jmh.micro.RemappedWriteBench.remappedWrite";

    private static RowKey key(final String benchmark, final String mode, final Map<String, String> params, final String metric)
    {
        return new RowKey(benchmark, mode, 1, new TreeMap<>(params), metric);
    }

    @Test
    void throughputModeGivesOneReplicatePerForkWithItsIterationScores()
    {
        final ResultSet set = ResultFiles.read(Fixtures.path("jmh-thrpt-gc.json"));
        assertEquals(ResultKind.JMH, set.kind());
        // Two parameter values, each with the primary score and three gc profiler results.
        assertEquals(8, set.measurements().size());
        final Measurement none = set.find(key(THROTTLE, "thrpt", Map.of("throttle", "NONE"), RowKey.PRIMARY)).orElseThrow();
        assertEquals("ops/ms", none.unit());
        assertEquals(Direction.HIGHER_IS_BETTER, none.direction());
        assertEquals(Replication.REPLICATED, none.replication());
        assertEquals(List.of("fork 1", "fork 2"), none.replicates().stream().map(Replicate::label).toList());
        assertArrayEquals(new double[] {140165.29345768847, 201668.29684774447, 206708.91880510698},
            none.replicates().get(0).values());
        assertArrayEquals(new double[] {181907.01975007073, 192479.292610751, 178788.42770442902},
            none.replicates().get(1).values());
        final Measurement inProgress = set.find(key(THROTTLE, "thrpt", Map.of("throttle", "IN_PROGRESS"), RowKey.PRIMARY))
            .orElseThrow();
        assertEquals(100041.16581927592, inProgress.replicates().get(1).samples().get(0));
    }

    @Test
    void secondaryResultsAreRowsOfTheirOwnWithTheirUnitsDirection()
    {
        final ResultSet set = ResultFiles.read(Fixtures.path("jmh-thrpt-gc.json"));
        final Map<String, String> none = Map.of("throttle", "NONE");
        final Measurement rate = set.find(key(THROTTLE, "thrpt", none, "gc.alloc.rate")).orElseThrow();
        assertEquals("MB/sec", rate.unit());
        assertEquals(Direction.UNKNOWN, rate.direction(), "an allocation rate's unit looks like a bandwidth's");
        assertArrayEquals(new double[] {0.04986727843231481, 0.054550896592582235, 0.05437675416065426},
            rate.replicates().get(1).values());
        final Measurement norm = set.find(key(THROTTLE, "thrpt", none, "gc.alloc.rate.norm")).orElseThrow();
        assertEquals("B/op", norm.unit());
        assertEquals(Direction.LOWER_IS_BETTER, norm.direction());
        final Measurement count = set.find(key(THROTTLE, "thrpt", none, "gc.count")).orElseThrow();
        assertEquals("counts", count.unit());
        assertArrayEquals(new double[6], count.pooledSamples());
        assertEquals("gc.alloc.rate", JmhReader.normalizeLabel("\u00b7gc.alloc.rate"), "older JMH labels");
    }

    @Test
    void theEnvironmentIsWhatJmhRecordsAndNothingMore()
    {
        final Environment env = ResultFiles.read(Fixtures.path("jmh-thrpt-gc.json")).environment();
        assertEquals(Optional.of("JMH 1.37"), env.tool());
        assertEquals(Optional.of("17.0.15+6-Debian-1deb12u1"), env.jdkVersion());
        assertEquals(Optional.of("OpenJDK 64-Bit Server VM"), env.jvmName());
        assertEquals(Optional.of(List.of()), env.jvmArgs());
        final JmhSettings jmh = env.jmh().orElseThrow();
        assertEquals(Optional.of("1.37"), jmh.jmhVersion());
        assertEquals(List.of("thrpt"), jmh.modes());
        assertEquals(List.of(1), jmh.threads());
        assertEquals(List.of(2), jmh.forks());
        assertEquals(List.of(new JmhSettings.Phase(1, "100 ms")), jmh.warmup());
        assertEquals(List.of(new JmhSettings.Phase(3, "100 ms")), jmh.measurement());
        for (final Optional<?> unknown : List.of(env.gitCommit(), env.gitDirty(), env.cpuModel(), env.cores(), env.host(),
            env.kernel(), env.osName(), env.startTime(), env.jdkVendor(), env.engine()))
        {
            assertTrue(unknown.isEmpty(), env::toString);
        }
    }

    @Test
    void sampleModeTakesEachIterationsMeanFromItsHistogram()
    {
        final ResultSet set = ResultFiles.read(Fixtures.path("jmh-sample.json"));
        final Map<String, String> snapshot = Map.of("preset", "current", "store", "N", "target", "snapshot");
        final Measurement primary = set.find(key(REMAPPED, "sample", snapshot, RowKey.PRIMARY)).orElseThrow();
        assertEquals("us/op", primary.unit());
        assertEquals(Direction.LOWER_IS_BETTER, primary.direction());
        assertEquals(2, primary.replicateCount());
        // sum(value * count) / sum(count) over each iteration's [value, count] pairs.
        assertArrayEquals(new double[] {0.39531469879518055, 4.141838172667441}, primary.replicates().get(0).values(), 1e-12);
        assertArrayEquals(new double[] {0.20625938967136156, 1.8319943434343433}, primary.replicates().get(1).values(), 1e-12);
        // JMH's percentile results of sample mode carry per-iteration values.
        final Measurement p99 = set.find(key(REMAPPED, "sample", snapshot, "p0.99")).orElseThrow();
        assertEquals(Direction.LOWER_IS_BETTER, p99.direction());
        assertArrayEquals(new double[] {1.5443999999999978, 0.5125999999999985, 0.6419099999999999, 0.4031599999999981},
            p99.pooledSamples());
        // Two targets, each with the primary and eight percentile rows.
        assertEquals(18, set.measurements().size());
        assertEquals(List.of("sample"), set.environment().jmh().orElseThrow().modes());
    }
}
