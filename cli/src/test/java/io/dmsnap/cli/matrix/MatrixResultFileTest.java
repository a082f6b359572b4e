package io.dmsnap.cli.matrix;

import io.dmsnap.bench.jmh.fio.FioBenchmarkName;
import io.dmsnap.cli.JsonValues;
import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.Replication;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultKind;
import io.dmsnap.cli.result.ResultPaths;
import io.dmsnap.cli.result.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class MatrixResultFileTest
{
    private static final ZonedDateTime DATE = ZonedDateTime.of(2026, 11, 21, 11, 2, 3, 0, ZoneId.of("Europe/Paris"));

    @Test
    void defaultNameCarriesTheUtcDateAndTheCommit()
    {
        assertEquals(Path.of("results", "matrix-20261121-100203-cec0ba7.json"),
            MatrixResultFile.defaultPath(Path.of("results"), DATE, "cec0ba7"));
        assertEquals("matrix-20261121-100203-a_b.json",
            MatrixResultFile.defaultPath(Path.of("r"), DATE, "a/b").getFileName().toString());
    }

    @Test
    void theResultsFolderIsTheRepositorysFromAnySubfolder(@TempDir final Path root) throws Exception
    {
        Files.createDirectories(root.resolve("scripts"));
        Files.writeString(root.resolve("scripts/dmsnap"), "#!/bin/sh\n");
        final Path deep = Files.createDirectories(root.resolve("bench/src"));
        assertEquals(root.toAbsolutePath().normalize().resolve("results"), ResultPaths.resultsDir(deep));
        final Path elsewhere = Files.createDirectories(root.resolve("elsewhere-without-marker"));
        assertEquals(root.toAbsolutePath().normalize().resolve("results"), ResultPaths.resultsDir(elsewhere));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFileHoldsTheEnvironmentTheRunTheRowsOfEveryForkAndJmhsOwnJson(@TempDir final Path dir) throws Exception
    {
        final MatrixPlan plan = MatrixPlan.quick().benchmarks("fio_snapshot_randwrite_latency").workers(List.of(2))
            .overrides(List.of("throttle=NONE")).build();
        final MatrixPoint point = new MatrixPoint(FioBenchmarkName.parse("fio_snapshot_randwrite_latency"), "v5.0", "N", 2,
            12.5, Double.NaN, "us/op", new double[] {10.0, 40.0, 90.5}, new double[] {12.0, 12.5, 13.0});
        // The JMH JSON of a real (tiny) matrix run: two throughput and two latency points, one fork each.
        final String jmhJson = Json.MAPPER.readTree(resource("/io/dmsnap/cli/result/matrix-legacy.json")).get("jmh")
            .toString();
        final Environment environment = Environment.builder().gitCommit("abc1234").gitDirty(false)
            .startTime(DATE.toInstant()).cores(2).jdkVersion("17.0.15").osName("Linux").build();
        final Path file = dir.resolve("sub/m.json");
        MatrixResultFile.write(file, plan, new MatrixResultFile.Run(environment, 1.5, List.of("matrix", "--quick")),
            List.of(point), jmhJson);
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        final Map<String, Object> doc = (Map<String, Object>) JsonValues.parse(text);
        assertEquals(List.of("format", "environment", "run", "rows", "raw"), List.copyOf(doc.keySet()));
        assertEquals(MatrixResultFile.FORMAT, doc.get("format"));
        assertEquals("dmsnap-result/1", MatrixResultFile.FORMAT);
        assertEquals(JsonValues.parse(jmhJson), ((Map<String, Object>) doc.get("raw")).get("jmh"), "JMH's JSON unchanged");

        final Map<String, Object> env = (Map<String, Object>) doc.get("environment");
        assertEquals("abc1234", ((Map<String, Object>) env.get("git")).get("commit"));
        assertEquals("2026-11-21T10:02:03Z", env.get("startTime"));
        assertEquals(2L, ((Map<String, Object>) env.get("cpu")).get("cores"));
        assertTrue(env.containsKey("jdk") && env.containsKey("os"), env::toString);
        assertTrue(env.containsKey("host") && env.get("host") == null, "unknown is null, not a made-up value");
        final Map<String, Object> jmh = (Map<String, Object>) env.get("jmh");
        assertEquals(List.of(1L), jmh.get("forks"));
        assertEquals(List.of("sample", "thrpt"), jmh.get("modes"));

        final Map<String, Object> run = (Map<String, Object>) doc.get("run");
        assertEquals("matrix", run.get("command"));
        assertEquals(List.of("matrix", "--quick"), run.get("arguments"));
        final Map<String, Object> options = (Map<String, Object>) run.get("options");
        assertEquals(List.of("fio_snapshot_randwrite_latency"), options.get("benchmarks"));
        assertEquals(List.of(2L), options.get("workers"));
        assertEquals(Map.of("before", "v5.0", "after", "current"), options.get("presets"));
        assertEquals(List.of("throttle=NONE"), options.get("set"));
        final Map<String, Object> row = ((List<Map<String, Object>>) run.get("summary")).get(0);
        assertEquals(12.5, row.get("score"));
        assertFalse(row.containsKey("scoreError"), "NaN is left out, JSON has no NaN");
        assertEquals(Map.of("50.0", 10.0, "99.0", 40.0, "99.9", 90.5), row.get("percentiles"));
        assertEquals(List.of(12.0, 12.5, 13.0), row.get("iterations"), "the samples the significance test used");
        try (var files = Files.list(file.getParent()))
        {
            assertEquals(1, files.count(), "the temporary file was left behind");
        }

        // Read back: the rows are JMH's, one replicate per fork with its iteration scores.
        final ResultSet set = ResultFiles.read(file);
        assertEquals(ResultKind.DMSNAP, set.kind());
        assertEquals(Optional.of("abc1234"), set.environment().gitCommit());
        assertEquals(Optional.of(false), set.environment().gitDirty());
        // 4 primary rows and 8 percentile rows of each latency point.
        assertEquals(4 + 2 * 8, set.measurements().size());
        final Measurement latency = set.measurements().stream()
            .filter(m -> m.key().benchmark().endsWith("fio_origin_randwrite_latency") && m.key().metric().equals("score")
                && m.key().params().get("preset").equals("v5.0"))
            .findFirst().orElseThrow();
        assertEquals(Replication.ITERATIONS_ONLY, latency.replication());
        assertArrayEquals(new double[] {37.94688652878703, 30.573898617511514}, latency.pooledSamples(), 1e-9);
    }

    private static String resource(final String name) throws Exception
    {
        try (var in = MatrixResultFileTest.class.getResourceAsStream(name))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
