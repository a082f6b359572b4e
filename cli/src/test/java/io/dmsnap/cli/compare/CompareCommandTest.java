package io.dmsnap.cli.compare;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.JsonValues;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.result.Replicate;
import io.dmsnap.cli.result.RowKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dmsnap compare} on synthetic result files with known shifts: the verdicts, the direction
 * of each unit, every exit code, the listed rows, the outputs.
 */
final class CompareCommandTest
{
    @TempDir
    Path dir;

    private Path bands;

    private static final RowKey THROUGHPUT = SyntheticResult.key("io.x.Bench.put");
    private static final RowKey TIME = new RowKey("io.x.Bench.get", "avgt", 1, new TreeMap<>(), RowKey.PRIMARY);
    private static final RowKey STEADY = SyntheticResult.key("io.x.Bench.scan");
    private static final RowKey LATENCY = new RowKey("randwrite", "fio", 1, new TreeMap<>(Map.of("bs", "4k")),
        "write.clat.p99");

    /** Changes 4 rows by known amounts: put -10% (worse), get -10% time (better), scan 0, p99 +10% (worse). */
    private Path[] knownShifts() throws Exception
    {
        final Path base = new SyntheticResult()
            .row(THROUGHPUT, "ops/s", Direction.HIGHER_IS_BETTER, 1000, 1, 10, 1)
            .row(TIME, "us/op", Direction.LOWER_IS_BETTER, 50, 1, 10, 2)
            .row(STEADY, "ops/s", Direction.HIGHER_IS_BETTER, 300, 1, 10, 3)
            .row(LATENCY, "ns", Direction.LOWER_IS_BETTER, 80_000, 1, 10, 4)
            .write(dir.resolve("base.json"));
        final Path candidate = new SyntheticResult()
            .row(THROUGHPUT, "ops/s", Direction.HIGHER_IS_BETTER, 900, 1, 10, 11)
            .row(TIME, "us/op", Direction.LOWER_IS_BETTER, 45, 1, 10, 12)
            .row(STEADY, "ops/s", Direction.HIGHER_IS_BETTER, 300, 1, 10, 13)
            .row(LATENCY, "ns", Direction.LOWER_IS_BETTER, 88_000, 1, 10, 14)
            .write(dir.resolve("candidate.json"));
        return new Path[] {base, candidate};
    }

    private CliResult compare(final Path base, final Path candidate, final String... options) throws Exception
    {
        if (bands == null)
        {
            bands = Files.writeString(dir.resolve("bands.txt"), "* = 5%\n");
        }
        final List<String> args = new ArrayList<>(List.of("compare", base.toString(), candidate.toString(),
            "--bands", bands.toString(), "--resamples", "2000"));
        args.addAll(List.of(options));
        return CliResult.run(args.toArray(new String[0]));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(final CliResult r)
    {
        return (Map<String, Object>) JsonValues.parse(r.out);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(final Map<String, Object> json, final String name)
    {
        return (List<Map<String, Object>>) json.get(name);
    }

    private static Map<String, Object> row(final Map<String, Object> json, final RowKey key)
    {
        for (final Map<String, Object> row : rows(json, "rows"))
        {
            if (row.get("id").equals(key.id()))
            {
                return row;
            }
        }
        throw new AssertionError("no row " + key.id() + " in " + json);
    }

    @Test
    void knownShiftsGetTheirVerdictsInTheDirectionOfEachUnit() throws Exception
    {
        final Path[] files = knownShifts();
        final CliResult r = compare(files[0], files[1], "--format", "json");
        assertEquals(ExitCodes.FAILED, r.exitCode, r::toString);
        final Map<String, Object> json = json(r);
        assertEquals("REGRESSED", row(json, THROUGHPUT).get("verdict"), "10% fewer ops/s is worse");
        assertEquals("IMPROVED", row(json, TIME).get("verdict"), "10% less time per op is better");
        assertEquals("SAME", row(json, STEADY).get("verdict"));
        assertEquals("REGRESSED", row(json, LATENCY).get("verdict"), "10% more latency is worse");
        final Map<String, Object> put = row(json, THROUGHPUT);
        final double change = (Double) put.get("change_percent");
        assertTrue(change > -12 && change < -8, "about -10%: " + change);
        assertTrue((Double) put.get("ci_low_percent") < change && change < (Double) put.get("ci_high_percent"));
        assertTrue((Double) put.get("ci_high_percent") < -5, "the whole interval beyond the band: " + put);
        assertEquals(10L, put.get("n_base"), "one value per fork");
        assertEquals(10L, put.get("n_candidate"));
        assertTrue((Double) put.get("p") <= (Double) put.get("p_adjusted"), "Holm never lowers a p-value");
        for (final String field : List.of("benchmark", "params", "unit", "base_median", "candidate_median",
            "change_percent", "ci_low_percent", "ci_high_percent", "p", "p_adjusted", "n_base", "n_candidate", "verdict"))
        {
            assertTrue(put.containsKey(field), field + " missing from " + put);
        }
        assertEquals("io.x.Bench.put", put.get("benchmark"));
        assertEquals(Map.of(), put.get("params"));
        assertEquals("ops/s", put.get("unit"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> settings = (Map<String, Object>) json.get("settings");
        assertEquals(1L, settings.get("seed"));
        assertEquals(0.05, settings.get("alpha"));
        assertEquals(2000L, settings.get("resamples"));
        assertEquals(1L, json.get("exit_code"));
        assertEquals("2 regressions", json.get("outcome"));
    }

    @Test
    void aDirectionComesFromTheUnitWhenTheFileDoesNotSayIt() throws Exception
    {
        // The same +10% on rows whose file says "unknown": the unit alone decides which way is worse.
        final SyntheticResult base = new SyntheticResult();
        final SyntheticResult candidate = new SyntheticResult();
        final Map<String, String> expected = new TreeMap<>(Map.of("ops/s", "IMPROVED", "ops/ms", "IMPROVED",
            "us/op", "REGRESSED", "ns/op", "REGRESSED", "s/op", "REGRESSED", "B/op", "REGRESSED"));
        int seed = 100;
        for (final String unit : expected.keySet())
        {
            final RowKey key = SyntheticResult.key("io.x.Units.run", "unit", unit);
            base.row(key, unit, Direction.UNKNOWN, 100, 1, 10, seed++);
            candidate.row(key, unit, Direction.UNKNOWN, 110, 1, 10, seed++);
        }
        final CliResult r = compare(base.write(dir.resolve("b.json")), candidate.write(dir.resolve("c.json")),
            "--format", "json");
        assertEquals(ExitCodes.FAILED, r.exitCode, r::toString);
        for (final Map.Entry<String, String> e : expected.entrySet())
        {
            final Map<String, Object> row = row(json(r), SyntheticResult.key("io.x.Units.run", "unit", e.getKey()));
            assertEquals(e.getValue(), row.get("verdict"), e.getKey());
            assertEquals(e.getValue().equals("IMPROVED") ? "higher" : "lower", row.get("direction"), e.getKey());
        }
    }

    @Test
    void anUnknownDirectionNeedsAnOptionOrABandsEntry() throws Exception
    {
        final RowKey alloc = SyntheticResult.key("io.x.Bench.put").withMetric("gc.alloc.rate");
        final Path base = new SyntheticResult().row(alloc, "MB/sec", Direction.UNKNOWN, 500, 1, 10, 1)
            .write(dir.resolve("b.json"));
        final Path candidate = new SyntheticResult().row(alloc, "MB/sec", Direction.UNKNOWN, 600, 1, 10, 2)
            .write(dir.resolve("c.json"));
        final CliResult refused = compare(base, candidate);
        assertEquals(ExitCodes.USAGE, refused.exitCode, refused::toString);
        assertEquals("dmsnap: 1 row needs a direction (the results and the unit do not say which way is better): "
            + alloc.id() + " [MB/sec]; give --direction GLOB=higher|lower|skip, or an entry GLOB = higher|lower|skip"
            + " in the bands file (" + bands + ")\n", refused.err);
        assertEquals("", refused.out);

        final CliResult lower = compare(base, candidate, "--direction", "*:gc.alloc.rate=lower", "--format", "json");
        assertEquals(ExitCodes.FAILED, lower.exitCode, lower::toString);
        assertEquals("REGRESSED", row(json(lower), alloc).get("verdict"));

        Files.writeString(bands, "*:gc.alloc.rate = higher\n* = 5%\n");
        final CliResult fromFile = compare(base, candidate, "--format", "json");
        assertEquals(ExitCodes.OK, fromFile.exitCode, fromFile::toString);
        assertEquals("IMPROVED", row(json(fromFile), alloc).get("verdict"));

        final CliResult skipped = compare(base, candidate, "--direction", "*:gc.alloc.rate=skip");
        assertEquals(ExitCodes.USAGE, skipped.exitCode, "nothing left to compare: " + skipped);
        assertTrue(skipped.err.startsWith("dmsnap: nothing to compare: of 1 rows in both, 1 are skipped"), skipped::toString);
    }

    @Test
    void theBandDecidesWhetherAChangeCounts() throws Exception
    {
        final RowKey key = SyntheticResult.key("io.x.Bench.put");
        final Path base = new SyntheticResult().row(key, "ops/s", Direction.HIGHER_IS_BETTER, 1000, 0.5, 10, 1)
            .write(dir.resolve("b.json"));
        final Path candidate = new SyntheticResult().row(key, "ops/s", Direction.HIGHER_IS_BETTER, 970, 0.5, 10, 2)
            .write(dir.resolve("c.json"));
        final CliResult wide = compare(base, candidate, "--format", "json");
        assertEquals(ExitCodes.OK, wide.exitCode, wide::toString);
        assertEquals("SAME", row(json(wide), key).get("verdict"), "a 3% change inside a 5% band");
        final CliResult narrow = compare(base, candidate, "--band", "Bench.put=1%", "--format", "json");
        assertEquals(ExitCodes.FAILED, narrow.exitCode, narrow::toString);
        final Map<String, Object> row = row(json(narrow), key);
        assertEquals("REGRESSED", row.get("verdict"));
        assertEquals(1.0, row.get("band_percent"));
        assertEquals("Bench.put (--band)", row.get("band_source"));
    }

    @Test
    void rowsOfOneSideAreListedNotDropped() throws Exception
    {
        final RowKey gone = SyntheticResult.key("io.x.Bench.gone");
        final RowKey added = SyntheticResult.key("io.x.Bench.added");
        final Path base = new SyntheticResult().row(STEADY, "ops/s", Direction.HIGHER_IS_BETTER, 300, 1, 10, 1)
            .row(gone, "ops/s", Direction.HIGHER_IS_BETTER, 300, 1, 10, 2).write(dir.resolve("b.json"));
        final Path candidate = new SyntheticResult().row(STEADY, "ops/s", Direction.HIGHER_IS_BETTER, 300, 1, 10, 3)
            .row(added, "ops/s", Direction.HIGHER_IS_BETTER, 300, 1, 10, 4).write(dir.resolve("c.json"));
        final CliResult text = compare(base, candidate);
        assertEquals(ExitCodes.OK, text.exitCode, text::toString);
        assertTrue(text.out.contains("only in base (1):\n  " + gone.id() + " [ops/s]\n"), text.out);
        assertTrue(text.out.contains("only in candidate (1):\n  " + added.id() + " [ops/s]\n"), text.out);
        assertTrue(text.out.contains("1 row compared: 0 regressed, 0 improved, 1 same, 0 inconclusive; 1 only in base,"
            + " 1 only in candidate"), text.out);
        final Map<String, Object> json = json(compare(base, candidate, "--format", "json"));
        assertEquals(gone.id(), rows(json, "only_in_base").get(0).get("id"));
        assertEquals(added.id(), rows(json, "only_in_candidate").get(0).get("id"));
        final String csv = compare(base, candidate, "--format", "csv").out;
        assertTrue(csv.contains("ONLY_IN_BASE") && csv.contains("ONLY_IN_CANDIDATE"), csv);
    }

    @Test
    void everyExitCode() throws Exception
    {
        final Path[] files = knownShifts();
        assertEquals(ExitCodes.FAILED, compare(files[0], files[1]).exitCode, "a regression");
        assertEquals(ExitCodes.OK, compare(files[0], files[0]).exitCode, "a file against itself");
        // Three forks a side: too few for a verdict, so INCONCLUSIVE; exit 3 only when asked for.
        final Path few = new SyntheticResult().row(STEADY, "ops/s", Direction.HIGHER_IS_BETTER, 300, 1, 3, 5)
            .write(dir.resolve("few-base.json"));
        final Path fewer = new SyntheticResult().row(STEADY, "ops/s", Direction.HIGHER_IS_BETTER, 300, 1, 3, 6)
            .write(dir.resolve("few-candidate.json"));
        final CliResult inconclusive = compare(few, fewer);
        assertEquals(ExitCodes.OK, inconclusive.exitCode, inconclusive::toString);
        assertTrue(inconclusive.out.contains("INCONCLUSIVE"), inconclusive.out);
        assertEquals(ExitCodes.INCONCLUSIVE, compare(few, fewer, "--fail-on-inconclusive").exitCode);
        assertEquals(ExitCodes.OK, compare(few, fewer, "--min-samples", "3").exitCode);
        assertEquals(ExitCodes.USAGE, compare(files[0], dir.resolve("missing.json")).exitCode);
        // A regression outranks inconclusive rows.
        assertEquals(ExitCodes.FAILED, compare(files[0], files[1], "--fail-on-inconclusive").exitCode);
    }

    @Test
    void malformedInputIsExitTwoWithTheFileAndTheProblemNamed() throws Exception
    {
        final Path good = knownShifts()[0];
        final String text = Files.readString(good, StandardCharsets.UTF_8);
        final Map<String, String> cases = new TreeMap<>();
        cases.put("truncated JSON", text.substring(0, text.length() / 2));
        cases.put("unknown format", text.replace("dmsnap-result/1", "dmsnap-result/9"));
        cases.put("missing member", text.replaceFirst("\"unit\"", "\"units\""));
        cases.put("empty", text.replaceFirst("\"samples\" : \\[ [^]]* \\]", "\"samples\" : [ ]"));
        cases.put("not a finite number", text.replaceFirst("\"samples\" : \\[ ([-0-9.E]+)", "\"samples\" : [ \"NaN\""));
        cases.put("NaN and Infinity are not JSON numbers", text.replaceFirst("\"samples\" : \\[ ([-0-9.E]+)",
            "\"samples\" : [ NaN"));
        cases.put("empty file", "");
        for (final Map.Entry<String, String> c : cases.entrySet())
        {
            final Path bad = dir.resolve("bad.json");
            Files.writeString(bad, c.getValue(), StandardCharsets.UTF_8);
            assertFalse(c.getValue().equals(text), "the edit of " + c.getKey() + " changed nothing");
            for (final Path[] order : new Path[][] {{good, bad}, {bad, good}})
            {
                final CliResult r = compare(order[0], order[1]);
                assertEquals(ExitCodes.USAGE, r.exitCode, c.getKey() + ": " + r);
                assertTrue(r.err.startsWith("dmsnap: " + bad + ": "), c.getKey() + ": " + r.err);
                assertTrue(r.err.contains(c.getKey()), c.getKey() + ": " + r.err);
                assertEquals(1, r.err.lines().count(), r.err);
                assertFalse(r.errHasStackTrace(), r::toString);
                assertEquals("", r.out, "nothing that could pass for a comparison");
            }
        }
        final CliResult oneSide = CliResult.run("compare", good.toString());
        assertEquals(ExitCodes.USAGE, oneSide.exitCode, oneSide::toString);
        assertTrue(oneSide.err.startsWith("dmsnap: Missing required parameter: 'CANDIDATE'"), oneSide.err);
        final CliResult missing = compare(good, dir.resolve("nowhere.json"));
        assertEquals("dmsnap: " + dir.resolve("nowhere.json") + ": no such file\n", missing.err);
        final Path emptyDir = Files.createDirectory(dir.resolve("runs"));
        final CliResult empty = compare(emptyDir, good);
        assertEquals(ExitCodes.USAGE, empty.exitCode);
        assertTrue(empty.err.contains("empty directory"), empty.err);
    }

    @Test
    void aUnitConflictIsAnErrorNamingTheRow() throws Exception
    {
        final Path base = new SyntheticResult().row(THROUGHPUT, "ops/s", Direction.HIGHER_IS_BETTER, 1000, 1, 10, 1)
            .write(dir.resolve("b.json"));
        final Path candidate = new SyntheticResult().row(THROUGHPUT, "ops/ms", Direction.HIGHER_IS_BETTER, 1, 1, 10, 2)
            .write(dir.resolve("c.json"));
        final CliResult r = compare(base, candidate);
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertEquals("dmsnap: row " + THROUGHPUT.id() + " is in ops/s in the base but in ops/ms in the candidate: compare"
            + " results measured in the same unit (JMH: the same -tu)\n", r.err);
    }

    @Test
    void differentMachinesAreRefusedUnlessAllowed() throws Exception
    {
        final Path base = new SyntheticResult().row(STEADY, "ops/s", Direction.HIGHER_IS_BETTER, 300, 1, 10, 1)
            .write(dir.resolve("b.json"));
        final Path candidate = new SyntheticResult().row(STEADY, "ops/s", Direction.HIGHER_IS_BETTER, 300, 1, 10, 2)
            .environment(SyntheticResult.ENVIRONMENT.toBuilder().cpuModel("Intel Xeon").jdkVersion("21.0.4+7")
                .kernel("6.9.0").build())
            .write(dir.resolve("c.json"));
        final CliResult refused = compare(base, candidate);
        assertEquals(ExitCodes.USAGE, refused.exitCode, refused::toString);
        assertTrue(refused.err.startsWith("dmsnap: the environments of base " + base + " and candidate " + candidate
            + " differ: cpu.model: 'AMD EPYC' (base) vs 'Intel Xeon' (candidate); jdk.version: '17.0.15+6' (base) vs"
            + " '21.0.4+7' (candidate). "), refused.err);
        assertFalse(refused.err.contains("os.kernel"), "a kernel change is noted, not refused: " + refused.err);
        assertTrue(refused.err.contains("--allow-env-mismatch"), refused.err);

        final CliResult allowed = compare(base, candidate, "--allow-env-mismatch", "--format", "json");
        assertEquals(ExitCodes.OK, allowed.exitCode, allowed::toString);
        final Map<String, Object> json = json(allowed);
        @SuppressWarnings("unchecked")
        final List<String> warnings = (List<String>) json.get("warnings");
        assertTrue(warnings.contains("environments differ, allowed by --allow-env-mismatch: cpu.model: 'AMD EPYC' (base)"
            + " vs 'Intel Xeon' (candidate)"), warnings::toString);
        @SuppressWarnings("unchecked")
        final List<String> notes = (List<String>) json.get("notes");
        assertTrue(notes.contains("os.kernel: '6.1.0' (base) vs '6.9.0' (candidate)"), notes::toString);
        assertTrue(allowed.err.contains("dmsnap: warning: environments differ"), allowed.err);
        @SuppressWarnings("unchecked")
        final Map<String, Object> settings = (Map<String, Object>) json.get("settings");
        assertEquals(true, settings.get("allow_env_mismatch"));
    }

    @Test
    void aSingleForkPoolsIterationsWithAWarningNamingTheRow() throws Exception
    {
        final Path base = new SyntheticResult().row(THROUGHPUT, "ops/s", Direction.HIGHER_IS_BETTER,
            Replicate.of("fork 1", 100, 101, 99, 100, 102, 98)).write(dir.resolve("b.json"));
        final Path candidate = new SyntheticResult().row(THROUGHPUT, "ops/s", Direction.HIGHER_IS_BETTER,
            Replicate.of("fork 1", 100, 99, 101), Replicate.of("fork 2", 100, 100, 101)).write(dir.resolve("c.json"));
        final CliResult r = compare(base, candidate, "--format", "json");
        assertTrue(r.err.startsWith("dmsnap: warning: iterations pooled in 1 row: a side has a single fork or run"),
            r::toString);
        assertTrue(r.err.contains(THROUGHPUT.id()), r.err);
        final Map<String, Object> row = row(json(r), THROUGHPUT);
        assertEquals(true, row.get("pooled"));
        assertEquals(6L, row.get("n_base"), "the iterations, not the one fork");
        assertEquals(6L, row.get("n_candidate"), "both sides pooled alike");
        assertTrue(compare(base, candidate).out.contains("warning: iterations pooled in 1 row"));
    }

    @Test
    void aRowWithAZeroBaseIsListedAsNotComparable() throws Exception
    {
        final RowKey errors = SyntheticResult.key("io.x.Bench.put").withMetric("errors");
        final Path base = new SyntheticResult().row(STEADY, "ops/s", Direction.HIGHER_IS_BETTER, 300, 1, 10, 1)
            .row(errors, "ops/s", Direction.HIGHER_IS_BETTER, Replicate.of("fork 1", 0), Replicate.of("fork 2", 0))
            .write(dir.resolve("b.json"));
        final Path candidate = new SyntheticResult().row(STEADY, "ops/s", Direction.HIGHER_IS_BETTER, 300, 1, 10, 2)
            .row(errors, "ops/s", Direction.HIGHER_IS_BETTER, Replicate.of("fork 1", 3), Replicate.of("fork 2", 4))
            .write(dir.resolve("c.json"));
        final CliResult r = compare(base, candidate);
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(r.out.contains("not comparable (1):\n  " + errors.id() + " [ops/s]: a base value is 0: a percent"
            + " change needs positive base values\n"), r.out);
        assertEquals(ExitCodes.INCONCLUSIVE, compare(base, candidate, "--fail-on-inconclusive").exitCode,
            "a row that could not be compared is not a pass");
    }

    @Test
    void theSeedIsInEveryOutputAndMakesTheIntervalsReproducible() throws Exception
    {
        final Path[] files = knownShifts();
        for (final String format : List.of("text", "markdown", "csv", "html"))
        {
            final CliResult r = compare(files[0], files[1], "--format", format, "--seed", "987654");
            assertTrue(r.out.contains("987654"), format + " lacks the seed:\n" + r.out);
        }
        final String once = compare(files[0], files[1], "--format", "json", "--seed", "7").out;
        assertEquals(once, compare(files[0], files[1], "--format", "json", "--seed", "7").out);
        final Map<String, Object> other = row(json(compare(files[0], files[1], "--format", "json", "--seed", "8")),
            THROUGHPUT);
        final Map<String, Object> first = row(castMap(JsonValues.parse(once)), THROUGHPUT);
        assertEquals(first.get("change_percent"), other.get("change_percent"), "the estimate does not depend on the seed");
        assertFalse(first.get("ci_low_percent").equals(other.get("ci_low_percent"))
            && first.get("ci_high_percent").equals(other.get("ci_high_percent")), "another seed, other resamples");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(final Object o)
    {
        return (Map<String, Object>) o;
    }

    @Test
    void textReadsLikeBenchstat() throws Exception
    {
        final Path[] files = knownShifts();
        final CliResult r = compare(files[0], files[1]);
        final String out = r.out;
        assertTrue(out.startsWith("base       " + files[0] + " (1 file, commit 1111111aaaaa"), out);
        assertTrue(out.contains("\nsettings   seed 1; alpha 0.05, Holm over 4 rows; 95% intervals from 2000 bootstrap"
            + " resamples; a verdict needs at least 5 values a side\n"), out);
        assertTrue(out.contains("\nbands      " + bands + ": * 5% (" + bands + ":1, 4 rows)\n"), out);
        assertTrue(out.contains("\nops/s (mode=thrpt)  base"), "a table per unit, headed by it: " + out);
        assertTrue(out.contains("\nus/op (mode=avgt)  base"), out);
        assertTrue(out.contains("\nns (mode=fio bs=4k)       base"), out);
        assertTrue(out.matches("(?s).*\\nput +[0-9.]+ \\+- [0-9.]+% +[0-9.]+ \\+- [0-9.]+% +-[0-9.]+% +\\[-[0-9.]+%,"
            + " -[0-9.]+%\\] .* 10\\+10 +5% +REGRESSED\\n.*"), out);
        assertTrue(out.contains("\nwhy:\n  put mode=thrpt: REGRESSED: p = "), out);
        assertTrue(out.endsWith("verdict: 2 regressions; 4 rows compared: 2 regressed, 1 improved, 1 same, 0 inconclusive"
            + " (seed 1)\n"), out);
    }

    @Test
    void markdownPutsTheVerdictFirstAndRegressionsAboveTheCollapsedRest() throws Exception
    {
        final Path[] files = knownShifts();
        final String md = compare(files[0], files[1], "--format", "markdown").out;
        assertTrue(md.startsWith("**dmsnap compare: 2 regressions** (4 rows compared: 2 regressed, 1 improved,"), md);
        final int regressions = md.indexOf("#### Regressions");
        final int details = md.indexOf("<details><summary>2 other rows: 1 improved, 0 inconclusive, 1 same</summary>");
        assertTrue(regressions > 0 && details > regressions, md);
        final String visible = md.substring(regressions, details);
        assertTrue(visible.contains("| put mode=thrpt |") && visible.contains("| randwrite:write.clat.p99 mode=fio bs=4k |")
            && !visible.contains("| get "), visible);
        assertTrue(md.substring(details).contains("| get mode=avgt |"), md);
        assertTrue(md.contains("Legend:") && md.contains("`*` 5% (" + bands + ":1, 4 rows)"), "the band in the legend: " + md);
    }

    @Test
    void outputsGoToFilesAsWellAsStdout() throws Exception
    {
        final Path[] files = knownShifts();
        final Path out = dir.resolve("reports");
        final CliResult r = compare(files[0], files[1], "--json", out.resolve("c.json").toString(), "--markdown",
            out.resolve("c.md").toString(), "--csv", out.resolve("c.csv").toString(), "--html",
            out.resolve("c.html").toString(), "--text", out.resolve("c.txt").toString());
        assertEquals(ExitCodes.FAILED, r.exitCode, r::toString);
        assertEquals(Files.readString(out.resolve("c.txt")), r.out, "the text file holds what stdout shows");
        assertEquals(ComparisonJson.FORMAT, castMap(JsonValues.parse(Files.readString(out.resolve("c.json")))).get("format"));
        assertTrue(Files.readString(out.resolve("c.md")).startsWith("**dmsnap compare: 2 regressions**"));
        assertTrue(Files.readString(out.resolve("c.csv")).startsWith(String.join(",", ComparisonCsv.HEADER) + "\r\n"));
        assertTrue(Files.readString(out.resolve("c.html")).startsWith("<!DOCTYPE html>"));
        assertTrue(r.err.contains("dmsnap: wrote " + out.resolve("c.html")), r.err);

        final CliResult toFile = compare(files[0], files[1], "--format", "csv", "--output", out.resolve("o.csv").toString());
        assertEquals("", toFile.out);
        assertEquals(5, Files.readAllLines(out.resolve("o.csv")).size(), "a header and 4 rows");

        final CliResult same = compare(files[0], files[1], "--json", out.resolve("x").toString(), "--html",
            out.resolve("x").toString());
        assertEquals(ExitCodes.USAGE, same.exitCode);
        assertTrue(same.err.startsWith("dmsnap: --html and --json name the same file"), same.err);
        final CliResult overInput = compare(files[0], files[1], "--json", files[1].toString());
        assertEquals(ExitCodes.USAGE, overInput.exitCode);
        assertTrue(overInput.err.contains("is an input"), overInput.err);
        assertTrue(Files.readString(files[1]).contains("dmsnap-result/1"), "the input is intact");
        final Path underAFile = out.resolve("c.txt").resolve("x.json");
        final CliResult unwritable = compare(files[0], files[1], "--json", underAFile.toString());
        assertEquals(ExitCodes.USAGE, unwritable.exitCode, unwritable::toString);
        assertTrue(unwritable.err.startsWith("dmsnap: --json " + underAFile + ": cannot write: "), unwritable.err);
        assertEquals("", unwritable.out);
        final CliResult badFormat = compare(files[0], files[1], "--format", "yaml");
        assertEquals("dmsnap: --format yaml: unknown format; choose one of text, markdown, json, csv, html\n",
            badFormat.err);
    }

    @Test
    void ignoredParametersLetTwoConfigurationsBeCompared() throws Exception
    {
        final RowKey v50 = SyntheticResult.key("io.x.Bench.put", "preset", "v5.0", "store", "N");
        final RowKey current = SyntheticResult.key("io.x.Bench.put", "preset", "current", "store", "N");
        final Path base = new SyntheticResult().row(v50, "ops/s", Direction.HIGHER_IS_BETTER, 1000, 1, 10, 1)
            .write(dir.resolve("b.json"));
        final Path candidate = new SyntheticResult().row(current, "ops/s", Direction.HIGHER_IS_BETTER, 1500, 1, 10, 2)
            .write(dir.resolve("c.json"));
        final CliResult none = compare(base, candidate);
        assertEquals(ExitCodes.USAGE, none.exitCode);
        assertTrue(none.err.startsWith("dmsnap: no row is in both base"), none.err);
        final CliResult r = compare(base, candidate, "--ignore-param", "preset", "--format", "json");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        final Map<String, Object> row = rows(json(r), "rows").get(0);
        assertEquals(Map.of("store", "N"), row.get("params"));
        assertEquals("IMPROVED", row.get("verdict"));
    }

    @Test
    void theCheckedInBandsFileIsTheDefault() throws Exception
    {
        final RowKey key = SyntheticResult.key("io.dmsnap.bench.jmh.micro.ThrottleBench.startEndCopy");
        final Path base = new SyntheticResult().row(key, "ops/s", Direction.HIGHER_IS_BETTER, 1000, 0.5, 10, 1)
            .write(dir.resolve("b.json"));
        final Path candidate = new SyntheticResult().row(key, "ops/s", Direction.HIGHER_IS_BETTER, 1000, 0.5, 10, 2)
            .write(dir.resolve("c.json"));
        final CliResult r = CliResult.run("compare", base.toString(), candidate.toString(), "--format", "json",
            "--resamples", "1000");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        final Map<String, Object> row = rows(json(r), "rows").get(0);
        assertEquals(3.0, row.get("band_percent"), "micro.* in results/bands.txt");
        assertTrue(((String) row.get("band_source")).matches("micro\\.\\* \\(.*results/bands\\.txt:[0-9]+\\)"),
            row::toString);
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception
    {
        final Path[] files = knownShifts();
        final Map<String[], String> cases = Map.of(
            new String[] {"--alpha", "1.5"}, "dmsnap: significance level alpha 1.5 is out of range",
            new String[] {"--resamples", "10"}, "dmsnap: number of bootstrap resamples 10 is out of range",
            new String[] {"--min-samples", "1"}, "dmsnap: minimum values per side 1 is out of range",
            new String[] {"--band", "put"}, "dmsnap: --band put: expected GLOB=PCT",
            new String[] {"--band", "put=-3%"}, "dmsnap: --band: band '-3%' of 'put' is out of range",
            new String[] {"--direction", "put=sideways"}, "dmsnap: --direction: 'sideways' for 'put' is neither a band",
            new String[] {"--bands", "nowhere.txt"}, "dmsnap: bands file nowhere.txt: no such file");
        for (final Map.Entry<String[], String> c : cases.entrySet())
        {
            final List<String> args = new ArrayList<>(List.of("compare", files[0].toString(), files[1].toString()));
            args.addAll(List.of(c.getKey()));
            final CliResult r = CliResult.run(args.toArray(new String[0]));
            assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
            assertTrue(r.err.startsWith(c.getValue()), () -> c.getValue() + " expected: " + r);
            assertFalse(r.errHasStackTrace());
        }
    }

    @Test
    void helpListsTheOptionsAndExitCodes()
    {
        final CliResult r = CliResult.run("compare", "--help");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        for (final String option : List.of("BASE", "CANDIDATE", "--format", "--bands", "--band", "--direction", "--seed",
            "--alpha", "--resamples", "--min-samples", "--fail-on-inconclusive", "--allow-env-mismatch", "--json",
            "--html", "--markdown", "--csv", "--ignore-param", "Exit codes:"))
        {
            assertTrue(r.out.contains(option), option + " missing from\n" + r.out);
        }
        assertEquals("", r.err, "picocli had nothing to complain about");
        assertTrue(r.out.contains("'fio_*_latency=8%'"), r.out);
        final CliResult calibrate = CliResult.run("calibrate", "--help");
        assertEquals(ExitCodes.OK, calibrate.exitCode, calibrate::toString);
        assertEquals("", calibrate.err);
        for (final String option : List.of("--samples", "--min-band", "--bands", "--dry-run", "--format", "Exit codes:"))
        {
            assertTrue(calibrate.out.contains(option), option + " missing from\n" + calibrate.out);
        }
    }
}
