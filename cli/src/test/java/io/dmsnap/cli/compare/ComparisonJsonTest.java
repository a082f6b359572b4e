package io.dmsnap.cli.compare;

import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.result.Replicate;
import io.dmsnap.cli.result.ResultFileException;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;
import io.dmsnap.cli.stats.ComparisonSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A saved comparison reads back into the same model, so every output can be rendered again from it. */
final class ComparisonJsonTest
{
    /** A comparison with every kind of row: compared (pooled too), one-sided, skipped, not comparable. */
    static ComparisonReport sample()
    {
        final RowKey put = SyntheticResult.key("io.x.Bench.put", "preset", "a b, \"c\"");
        final RowKey pooled = SyntheticResult.key("io.x.Bench.pooled");
        final RowKey gone = SyntheticResult.key("io.x.Bench.gone");
        final RowKey added = SyntheticResult.key("io.x.Bench.added");
        final RowKey count = put.withMetric("gc.count");
        final RowKey zero = put.withMetric("errors");
        final ResultSet base = new SyntheticResult()
            .row(put, "ops/s", Direction.HIGHER_IS_BETTER, 1000, 1, 8, 1)
            .row(pooled, "ops/s", Direction.HIGHER_IS_BETTER, Replicate.of("fork 1", 1, 2, 3, 4, 5, 6))
            .row(gone, "us/op", Direction.LOWER_IS_BETTER, 5, 1, 8, 2)
            .row(count, "counts", Direction.UNKNOWN, 10, 1, 8, 3)
            .row(zero, "ops/s", Direction.HIGHER_IS_BETTER, Replicate.of("fork 1", 0), Replicate.of("fork 2", 1))
            .resultSet(Path.of("base.json"));
        final ResultSet candidate = new SyntheticResult()
            .row(put, "ops/s", Direction.HIGHER_IS_BETTER, 900, 1, 8, 4)
            .row(pooled, "ops/s", Direction.HIGHER_IS_BETTER, Replicate.of("fork 1", 2, 3, 4, 5, 6, 7))
            .row(added, "us/op", Direction.LOWER_IS_BETTER, 5, 1, 8, 5)
            .row(count, "counts", Direction.UNKNOWN, 12, 1, 8, 6)
            .row(zero, "ops/s", Direction.HIGHER_IS_BETTER, Replicate.of("fork 1", 2), Replicate.of("fork 2", 1))
            .environment(SyntheticResult.ENVIRONMENT.toBuilder().cpuModel("Other CPU").host("bench-2").build())
            .resultSet(Path.of("candidate.json"));
        final BandRules rules = new BandRules(List.of(BandRules.bandOption("*put*=2%")),
            BandsFile.parse("*:gc.count = skip\n* = 5%\n", "bands.txt"));
        return ResultComparison.compare(base, candidate, new ResultComparison.Options(
            new ComparisonSettings(0.05, 0.95, 500, 42L, 5, 0.8), rules, true, true, Set.of("unused"),
            List.of("a note from the caller")));
    }

    @Test
    void aSavedComparisonReadsBackIntoTheSameModel(@TempDir final Path dir) throws Exception
    {
        final ComparisonReport report = sample();
        assertEquals(2, report.rows().size());
        assertEquals(1, report.onlyInBase().size());
        assertEquals(1, report.onlyInCandidate().size());
        assertEquals(1, report.skipped().size());
        assertEquals(1, report.notComparable().size());
        final Path file = dir.resolve("comparison.json");
        Files.writeString(file, ComparisonJson.render(report));
        final ComparisonReport read = ComparisonJson.read(file);
        assertEquals(report, read);
        for (final OutputFormat f : OutputFormat.values())
        {
            assertEquals(CompareCommand.render(report, f), CompareCommand.render(read, f), f + " renders the same");
        }
    }

    @Test
    void aDamagedSavedComparisonIsRefusedWithItsPath(@TempDir final Path dir) throws Exception
    {
        final String good = ComparisonJson.render(sample());
        final Map<String, String> cases = new LinkedHashMap<>();
        cases.put(good.substring(0, good.length() / 3), "not a saved comparison: not valid JSON");
        cases.put("[1, 2]", "not a saved comparison: expected an object with \"format\": \"dmsnap-comparison/1\"");
        cases.put(good.replace("dmsnap-comparison/1", "dmsnap-comparison/7"), "$.format: unknown format");
        cases.put(good.replaceFirst("\"p_adjusted\"", "\"q_adjusted\""), "$.rows[0]: missing member \"p_adjusted\"");
        cases.put(good.replaceFirst("\"verdict\" : \"[A-Z]+\"", "\"verdict\" : \"MAYBE\""), "$.rows[0].verdict: unknown"
            + " verdict \"MAYBE\"");
        cases.put(good.replaceFirst("\"n_base\" : 8", "\"n_base\" : 9"), "$.rows[0]: the samples do not match n_base");
        cases.put(good.replaceFirst("\"p\" : [0-9.Ee-]+", "\"p\" : \"small\""), "$.rows[0].p: expected a number");
        cases.put(good.replaceFirst("\"alpha\" : 0.05", "\"alpha\" : 5"), "$.settings: significance level alpha 5.0 is"
            + " out of range");
        for (final Map.Entry<String, String> c : cases.entrySet())
        {
            assertTrue(!c.getKey().equals(good), "the edit changed nothing: " + c.getValue());
            final Path file = dir.resolve("c.json");
            Files.writeString(file, c.getKey());
            final ResultFileException e = assertThrows(ResultFileException.class, () -> ComparisonJson.read(file));
            assertTrue(e.getMessage().startsWith(file + ": " + c.getValue()), () -> c.getValue() + " expected: "
                + e.getMessage());
        }
        final ResultFileException missing = assertThrows(ResultFileException.class,
            () -> ComparisonJson.read(dir.resolve("none.json")));
        assertEquals(dir.resolve("none.json") + ": no such file", missing.getMessage());
    }
}
