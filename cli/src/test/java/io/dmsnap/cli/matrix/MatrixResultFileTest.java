package io.dmsnap.cli.matrix;

import io.dmsnap.bench.jmh.fio.FioBenchmarkName;
import io.dmsnap.cli.JsonValues;
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
        assertEquals(root.toAbsolutePath().normalize().resolve("results"), MatrixResultFile.resultsDir(deep));
        final Path elsewhere = Files.createDirectories(root.resolve("elsewhere-without-marker"));
        assertEquals(root.toAbsolutePath().normalize().resolve("results"), MatrixResultFile.resultsDir(elsewhere));
    }

    @Test
    void aDocumentWithoutJmhResultsIsStillValidJsonWithMetadataAndSummary(@TempDir final Path dir) throws Exception
    {
        final MatrixPlan plan = MatrixPlan.quick().benchmarks("fio_snapshot_randwrite_latency").workers(List.of(2))
            .overrides(List.of("throttle=NONE")).build();
        final MatrixPoint point = new MatrixPoint(FioBenchmarkName.parse("fio_snapshot_randwrite_latency"), "v5.0", "N", 2,
            12.5, Double.NaN, "us/op", new double[] {10.0, 40.0, 90.5}, new double[] {12.0, 12.5, 13.0});
        final Path file = dir.resolve("sub/m.json");
        MatrixResultFile.write(file, plan, new MatrixResultFile.Run("abc1234", DATE, 2, 1.5, List.of("matrix", "--quick")),
            List.of(point), List.of());
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        @SuppressWarnings("unchecked")
        final Map<String, Object> doc = (Map<String, Object>) JsonValues.parse(text);
        assertEquals(List.of("format", "dmsnap", "summary", "jmh"), List.copyOf(doc.keySet()));
        assertEquals(MatrixResultFile.FORMAT, doc.get("format"));
        assertEquals(List.of(), doc.get("jmh"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> meta = (Map<String, Object>) doc.get("dmsnap");
        assertEquals("abc1234", meta.get("gitCommit"));
        assertEquals("2026-11-21T10:02:03Z", meta.get("date"));
        assertEquals(2L, meta.get("cpus"));
        assertEquals(List.of("matrix", "--quick"), meta.get("arguments"));
        assertTrue(meta.containsKey("jdk") && meta.containsKey("os"), meta::toString);
        @SuppressWarnings("unchecked")
        final Map<String, Object> options = (Map<String, Object>) meta.get("options");
        assertEquals(List.of("fio_snapshot_randwrite_latency"), options.get("benchmarks"));
        assertEquals(List.of(2L), options.get("workers"));
        assertEquals(Map.of("before", "v5.0", "after", "current"), options.get("presets"));
        assertEquals(List.of("throttle=NONE"), options.get("set"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> row = ((List<Map<String, Object>>) doc.get("summary")).get(0);
        assertEquals(12.5, row.get("score"));
        assertFalse(row.containsKey("scoreError"), "NaN is left out, JSON has no NaN");
        assertEquals(Map.of("50.0", 10.0, "99.0", 40.0, "99.9", 90.5), row.get("percentiles"));
        assertEquals(List.of(12.0, 12.5, 13.0), row.get("iterations"), "the samples the significance test used");
        try (var files = Files.list(file.getParent()))
        {
            assertEquals(1, files.count(), "the temporary file was left behind");
        }
    }
}
