package io.dmsnap.cli.result;

import io.dmsnap.cli.JsonValues;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The older dmsnap-matrix/1 files, read from a real one. */
final class MatrixFileReaderTest
{
    @Test
    @SuppressWarnings("unchecked")
    void rowsComeFromTheEmbeddedJmhResultAndAgreeWithTheSummaryTheFileCarries()
    {
        final ResultSet set = ResultFiles.read(Fixtures.path("matrix-legacy.json"));
        assertEquals(ResultKind.DMSNAP, set.kind());
        assertEquals(4 + 2 * 8, set.measurements().size(), "4 points; the 2 latency points also have 8 percentile rows");
        final Map<String, Object> doc = (Map<String, Object>) JsonValues.parse(Fixtures.text("matrix-legacy.json"));
        for (final Map<String, Object> summary : (List<Map<String, Object>>) doc.get("summary"))
        {
            final Measurement row = set.measurements().stream()
                .filter(m -> m.key().benchmark().endsWith("." + summary.get("benchmark"))
                    && m.key().params().get("preset").equals(summary.get("preset"))
                    && m.key().metric().equals(RowKey.PRIMARY))
                .findFirst().orElseThrow();
            final double[] iterations = ((List<Double>) summary.get("iterations")).stream().mapToDouble(Double::doubleValue)
                .toArray();
            // The matrix's summary holds JMH's iteration scores; the reader finds the same from the raw data.
            assertArrayEquals(iterations, row.pooledSamples(), 1e-9, row.key().id());
            assertEquals(summary.get("unit"), row.unit());
            assertEquals(((Long) summary.get("workers")).intValue(), row.key().threads());
        }
    }

    @Test
    void theEnvironmentIsTheMetadataBlockWithUnknownsLeftUnknown()
    {
        final Environment env = ResultFiles.read(Fixtures.path("matrix-legacy.json")).environment();
        assertEquals(Optional.empty(), env.gitCommit(), "the file says \"unknown\"");
        assertEquals(Optional.of(Instant.parse("2026-12-06T08:44:50.593440092Z")), env.startTime());
        assertEquals(Optional.of(2), env.cores());
        assertEquals(Optional.of("Debian"), env.jdkVendor());
        assertEquals(Optional.of("Linux"), env.osName());
        assertEquals(Optional.of("dmsnap 0.1.0-SNAPSHOT"), env.tool());
        assertEquals(Optional.of(List.of("-Djmh.ignoreLock=true")), env.jvmArgs(), "the forks' arguments, from JMH");
        assertEquals(List.of(1), env.jmh().orElseThrow().forks());
        for (final Optional<?> unknown : List.of(env.kernel(), env.cpuModel(), env.host(), env.gitDirty(), env.engine()))
        {
            assertTrue(unknown.isEmpty(), env::toString);
        }
    }
}
