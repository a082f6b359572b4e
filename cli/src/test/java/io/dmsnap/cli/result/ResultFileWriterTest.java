package io.dmsnap.cli.result;

import io.dmsnap.cli.JsonValues;
import io.dmsnap.cli.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dmsnap-result/1: what the writer writes, and that the reader gets back exactly the same model. */
final class ResultFileWriterTest
{
    private static final Environment FULL = Environment.builder()
        .startTime(Instant.parse("2026-11-21T10:02:03.250Z")).gitCommit("22b1cb9d0c1e3c3f5a9e8b7a6c5d4e3f2a1b0c9d")
        .gitDirty(true).jdkVendor("Debian").jdkVersion("17.0.15+6-Debian-1deb12u1").jvmName("OpenJDK 64-Bit Server VM")
        .jvmArgs(List.of("-Xmx1g", "-Ddmsnap.gitCommit=22b1cb9")).cpuModel("Intel(R) Xeon(R) CPU @ 2.20GHz").cores(2)
        .osName("Linux").osVersion("6.1.0").osArch("amd64").kernel("6.1.0-18-amd64").host("bench-1")
        .tool("dmsnap 0.1.0-SNAPSHOT")
        .engine(new EngineSetup("current", new TreeMap<>(Map.of("throttle", "IN_PROGRESS", "cowThreshold", "2048"))))
        .jmh(new JmhSettings(Optional.of("1.37"), List.of("thrpt"), List.of(1, 2), List.of(3),
            List.of(new JmhSettings.Phase(6, "1 s")), List.of(new JmhSettings.Phase(5, "1 s"))))
        .build();

    private static ResultSet sample(final Path file, final Environment env)
    {
        final RowKey key = new RowKey("io.x.Bench.run", "thrpt", 2, new TreeMap<>(Map.of("set", "a=b, c=d", "store", "N")),
            RowKey.PRIMARY);
        return ResultSet.of(file, ResultKind.JMH, env, List.of(
            new Measurement(key, "ops/s", Direction.HIGHER_IS_BETTER,
                List.of(Replicate.of("fork 1", 1.5, 2.25, 1e-9), Replicate.of("fork 2", 123456789.123, 0.1))),
            new Measurement(key.withMetric("gc.count"), "counts", Direction.UNKNOWN, List.of(Replicate.of("fork 1", 0)))));
    }

    @Test
    void aResultSetRoundTripsExactlyThroughTheFile(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("out/r.json");
        final ResultSet written = sample(file, FULL);
        ResultFileWriter.write(file, written, null, Map.of());
        final ResultSet read = ResultFiles.read(file);
        assertEquals(ResultKind.DMSNAP, read.kind());
        assertEquals(written.environment(), read.environment());
        assertEquals(written.measurements(), read.measurements());
        assertEquals(List.of(file), read.files());
        try (var files = Files.list(file.getParent()))
        {
            assertEquals(1, files.count(), "the temporary file was left behind");
        }
    }

    @Test
    void unknownFieldsAreWrittenAsNullAndReadBackAsUnknown(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("r.json");
        ResultFileWriter.write(file, sample(file, Environment.UNKNOWN), null, Map.of());
        @SuppressWarnings("unchecked")
        final Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) JsonValues.parse(
            Files.readString(file, StandardCharsets.UTF_8))).get("environment");
        assertTrue(env.containsKey("host"));
        assertNull(env.get("host"));
        assertNull(env.get("engine"));
        assertEquals(Arrays.asList(null, null), new ArrayList<>(((Map<?, ?>) env.get("git")).values()));
        assertEquals(Environment.UNKNOWN, ResultFiles.read(file).environment());
    }

    @Test
    void theDocumentHasTheDocumentedShape(@TempDir final Path dir)
    {
        final ObjectNode run = Json.MAPPER.createObjectNode();
        run.put("command", "test");
        final JsonNode fio = Json.MAPPER.readTree(Fixtures.text("fio-psync-randwrite.json"));
        final String text = ResultFileWriter.render(sample(dir.resolve("r.json"), FULL), run, Map.of(ResultKind.FIO, fio));
        @SuppressWarnings("unchecked")
        final Map<String, Object> doc = (Map<String, Object>) JsonValues.parse(text);
        assertEquals(List.of("format", "environment", "run", "rows", "raw"), List.copyOf(doc.keySet()));
        assertEquals("dmsnap-result/1", doc.get("format"));
        assertEquals(Map.of("command", "test"), doc.get("run"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> row = ((List<Map<String, Object>>) doc.get("rows")).get(0);
        assertEquals(List.of("benchmark", "mode", "threads", "params", "metric", "unit", "better", "replicates"),
            List.copyOf(row.keySet()));
        assertEquals(Map.of("set", "a=b, c=d", "store", "N"), row.get("params"));
        assertEquals("higher", row.get("better"));
        assertEquals(List.of(Map.of("label", "fork 1", "samples", List.of(1.5, 2.25, 1e-9)),
            Map.of("label", "fork 2", "samples", List.of(123456789.123, 0.1))), row.get("replicates"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> raw = (Map<String, Object>) doc.get("raw");
        assertEquals(JsonValues.parse(Fixtures.text("fio-psync-randwrite.json")), raw.get("fio"), "fio's JSON unchanged");
        @SuppressWarnings("unchecked")
        final Map<String, Object> env = (Map<String, Object>) doc.get("environment");
        assertEquals(List.of("startTime", "git", "jdk", "cpu", "os", "host", "tool", "engine", "jmh"), List.copyOf(env.keySet()));
        assertEquals("2026-11-21T10:02:03.250Z", env.get("startTime"));
    }

    @Test
    void rawDocumentsMustHaveTheirToolsShape(@TempDir final Path dir)
    {
        final JsonNode array = Json.MAPPER.readTree("[]");
        assertThrows(IllegalArgumentException.class,
            () -> ResultFileWriter.render(sample(dir.resolve("r.json"), FULL), null, Map.of(ResultKind.FIO, array)));
        assertThrows(IllegalArgumentException.class,
            () -> ResultFileWriter.render(sample(dir.resolve("r.json"), FULL), null, Map.of(ResultKind.DMSNAP, array)));
        assertThrows(IllegalArgumentException.class,
            () -> ResultFileWriter.render(sample(dir.resolve("r.json"), FULL), array, Map.of()));
    }

    @Test
    void realJmhAndFioResultsRoundTripWithTheirRawDocuments(@TempDir final Path dir) throws Exception
    {
        for (final String fixture : List.of("jmh-thrpt-gc.json", "jmh-sample.json", "fio-randrw-jsonplus.json",
            "fio-psync-2jobs.json"))
        {
            final ResultSet original = ResultFiles.read(Fixtures.path(fixture));
            final Path file = dir.resolve(fixture);
            ResultFileWriter.write(file, original, null,
                Map.of(original.kind(), Json.MAPPER.readTree(Fixtures.text(fixture))));
            final ResultSet read = ResultFiles.read(file);
            assertEquals(original.measurements(), read.measurements(), fixture);
            assertEquals(original.environment(), read.environment(), fixture);
            // The embedded raw document reads as the original tool output.
            final JsonNode raw = Json.MAPPER.readTree(Files.readString(file)).get("raw").get(original.kind().label());
            final Path extracted = dir.resolve("raw-" + fixture);
            Files.writeString(extracted, raw.toString());
            assertEquals(original.measurements(), ResultFiles.read(extracted).measurements(), fixture);
        }
    }
}
