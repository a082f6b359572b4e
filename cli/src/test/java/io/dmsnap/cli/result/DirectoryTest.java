package io.dmsnap.cli.result;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A directory of repeated runs: one file per run, merged into one result set. */
final class DirectoryTest
{
    private static final RowKey FIO_RUN = new RowKey("randwrite", RowKey.FIO_MODE, 1,
        new TreeMap<>(Map.of("bs", "4k", "ioengine", "psync", "rw", "randwrite", "size", "1m")), RowKey.PRIMARY);
    private static final RowKey THROTTLE_NONE = new RowKey("io.dmsnap.bench.jmh.micro.ThrottleBench.startEndCopy", "thrpt",
        1, new TreeMap<>(Map.of("throttle", "NONE")), RowKey.PRIMARY);

    @Test
    void threeFioRunsAreOneRowWithThreeReplicates()
    {
        final Path dir = Fixtures.path("fio-runs");
        final ResultSet set = ResultFiles.read(dir);
        assertEquals(dir, set.source());
        assertEquals(ResultKind.FIO, set.kind());
        assertEquals(List.of(dir.resolve("run-1.json"), dir.resolve("run-2.json"), dir.resolve("run-3.json")), set.files());
        final Measurement iops = set.find(FIO_RUN.withMetric("write.iops")).orElseThrow();
        assertEquals(Replication.REPLICATED, iops.replication());
        assertEquals(List.of("run-1.json: run", "run-2.json: run", "run-3.json: run"),
            iops.replicates().stream().map(Replicate::label).toList());
        assertArrayEquals(new double[] {256000, 128000, 128000}, iops.pooledSamples());
        assertArrayEquals(new double[] {1931.644531, 2241.902344, 2832.617187},
            set.find(FIO_RUN.withMetric("write.clat.mean")).orElseThrow().pooledSamples());
        assertEquals(21, set.measurements().size());
        assertEquals(Optional.of(Instant.ofEpochMilli(1796546649066L)), set.environment().startTime(), "the earliest");
        assertTrue(set.notes().isEmpty(), set.notes()::toString);
        assertEquals(3, ResultFiles.readEach(dir).size());
    }

    @Test
    void jmhFilesAddTheirForksAsReplicates(@TempDir final Path dir) throws Exception
    {
        Fixtures.copy("jmh-thrpt-gc.json", dir, "a.json", null, null);
        Fixtures.copy("jmh-thrpt-gc.json", dir, "b.json", null, null);
        Files.writeString(dir.resolve("notes.txt"), "not a result");
        Files.writeString(dir.resolve(".b.json.123.tmp"), "{half");
        Files.writeString(dir.resolve(".hidden.json"), "{half");
        Files.createDirectory(dir.resolve("sub.json"));
        final ResultSet set = ResultFiles.read(dir);
        final Measurement m = set.find(THROTTLE_NONE).orElseThrow();
        assertEquals(List.of("a.json: fork 1", "a.json: fork 2", "b.json: fork 1", "b.json: fork 2"),
            m.replicates().stream().map(Replicate::label).toList());
        assertEquals(12, m.sampleCount());
        assertEquals(List.of(dir.resolve("a.json"), dir.resolve("b.json")), set.files());
    }

    @Test
    void filesWhoseEnvironmentsDisagreeAreAnErrorNamingBothUnlessAllowed(@TempDir final Path dir) throws Exception
    {
        Fixtures.copy("jmh-thrpt-gc.json", dir, "a.json", null, null);
        Fixtures.copy("jmh-thrpt-gc.json", dir, "b.json", "\"vmVersion\" : \"17.0.15+6-Debian-1deb12u1\"",
            "\"vmVersion\" : \"21.0.4+7\"");
        final ResultFileException e = assertThrows(ResultFileException.class, () -> ResultFiles.read(dir));
        assertEquals(dir, e.file());
        assertEquals("environments differ between a.json and b.json: jdk.version '17.0.15+6-Debian-1deb12u1' vs '21.0.4+7'",
            e.problem());
        final ResultSet allowed = ResultFiles.read(dir, ReadOptions.ALLOW_ENVIRONMENT_MISMATCH);
        assertEquals(List.of(e.problem()), allowed.notes());
        assertEquals(Optional.empty(), allowed.environment().jdkVersion(), "disputed, so unknown");
        assertEquals(Optional.of("OpenJDK 64-Bit Server VM"), allowed.environment().jvmName());
        assertEquals(4, allowed.find(THROTTLE_NONE).orElseThrow().replicateCount());
    }

    @Test
    void aRowMissingFromSomeFilesIsMergedFromTheOthersAndNoted(@TempDir final Path dir) throws Exception
    {
        Fixtures.copy("fio-runs/run-1.json", dir, "run-1.json", null, null);
        Fixtures.copy("fio-randrw-jsonplus.json", dir, "run-2.json", null, null);
        final ResultSet set = ResultFiles.read(dir);
        assertEquals(21 + 76, set.measurements().size());
        assertTrue(set.notes().contains("row " + FIO_RUN.withMetric("write.iops").id() + " is in 1 of 2 files"),
            set.notes()::toString);
    }

    @Test
    void kindsAndUnitsMustAgree(@TempDir final Path dir) throws Exception
    {
        final Path mixed = Files.createDirectory(dir.resolve("mixed"));
        Fixtures.copy("jmh-thrpt-gc.json", mixed, "a.json", null, null);
        Fixtures.copy("fio-runs/run-1.json", mixed, "b.json", null, null);
        final ResultFileException kinds = assertThrows(ResultFileException.class, () -> ResultFiles.read(mixed));
        assertEquals("mixes kinds of result: a.json is jmh, b.json is fio", kinds.problem());

        final Path units = Files.createDirectory(dir.resolve("units"));
        Fixtures.copy("jmh-thrpt-gc.json", units, "a.json", null, null);
        Fixtures.copy("jmh-thrpt-gc.json", units, "b.json", "\"scoreUnit\" : \"ops/ms\"", "\"scoreUnit\" : \"ops/s\"");
        final ResultFileException unit = assertThrows(ResultFileException.class, () -> ResultFiles.read(units));
        assertTrue(unit.problem().startsWith("row " + THROTTLE_NONE.id() + " is in ops/ms (higher is better) in a.json "
            + "but in ops/s (higher is better) in b.json"), unit.problem());
    }

    @Test
    void anEmptyDirectoryOrOneWithoutResultFilesIsAnError(@TempDir final Path dir) throws Exception
    {
        final ResultFileException empty = assertThrows(ResultFileException.class, () -> ResultFiles.read(dir));
        assertEquals("empty directory: no *.json result file in it", empty.problem());
        Files.writeString(dir.resolve("README.md"), "# results");
        assertThrows(ResultFileException.class, () -> ResultFiles.readEach(dir));
        final ResultFileException missing = assertThrows(ResultFileException.class,
            () -> ResultFiles.readEach(dir.resolve("nowhere")));
        assertEquals("no such directory", missing.problem());
    }

    @Test
    void oneBadFileSpoilsTheDirectoryAndIsNamed(@TempDir final Path dir) throws Exception
    {
        Fixtures.copy("fio-runs/run-1.json", dir, "run-1.json", null, null);
        Files.writeString(dir.resolve("run-2.json"), Fixtures.text("fio-runs/run-2.json").substring(0, 2000));
        final ResultFileException e = assertThrows(ResultFileException.class, () -> ResultFiles.read(dir));
        assertEquals(dir.resolve("run-2.json"), e.file());
        assertTrue(e.problem().startsWith("truncated JSON"), e.problem());
    }
}
