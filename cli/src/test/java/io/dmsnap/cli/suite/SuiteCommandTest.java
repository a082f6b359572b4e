package io.dmsnap.cli.suite;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.JsonValues;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.result.JmhSettings;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultKind;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dmsnap suite} end to end on tiny suites: real JMH runs of a micro benchmark (one fork of
 * one 100 ms iteration, or in this JVM), the result file read back, failures and bad input.
 */
@Timeout(90)
final class SuiteCommandTest
{
    private static final String THROTTLE = "io.dmsnap.bench.jmh.micro.ThrottleBench.startEndCopy";

    @BeforeAll
    static void allowConcurrentJmhRuns()
    {
        // JMH refuses to start while another JMH process on the machine holds its lock file; these
        // smoke runs measure nothing, so they may run next to one.
        System.setProperty("jmh.ignoreLock", "true");
    }

    private static Path suite(final Path dir, final String text) throws IOException
    {
        final Path file = dir.resolve("suite.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTinySuiteWritesOneResultFileWithEveryRowAndTheEnvironment(@TempDir final Path dir) throws Exception
    {
        final Path suite = suite(dir, "# tiny\n"
            + "jmh 'micro\\.ThrottleBench\\.startEndCopy$' -p throttle=NONE -f 1 -wi 0 -i 1 -r 100ms\n"
            + "jmh 'micro\\.ThrottleBench\\.startEndCopy$' -p throttle=IN_PROGRESS -f 0 -wi 0 -i 2 -r 100ms\n");
        final Path result = dir.resolve("out/r.json");
        final CliResult r = CliResult.run("suite", suite.toString(), "--result", result.toString(), "--no-live",
            "--host", "bench-7");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);

        // Progress on stderr: the plan, each entry, each point with the ETA of the rest.
        assertTrue(r.err.contains("dmsnap suite: " + suite + ": 2 entries, 2 points, about "), r::toString);
        assertTrue(r.err.contains("entry 1/2, line 2: jmh "), r::toString);
        assertTrue(r.err.contains("entry 2/2, line 3: jmh "), r::toString);
        assertTrue(r.err.contains("[1/2] ThrottleBench.startEndCopy [avgt, threads=1] {throttle=NONE}: "), r::toString);
        assertTrue(r.err.contains("[2/2] ThrottleBench.startEndCopy [avgt, threads=1] {throttle=IN_PROGRESS}: "), r::toString);
        assertTrue(r.err.contains(", ETA "), r::toString);
        assertFalse(r.err.contains("\r"), "no live line without a console");
        assertTrue(r.out.contains("Result file: " + result), r::toString);

        // The file: both rows, the first with one fork of one sample, the second in this JVM with two.
        final ResultSet set = ResultFiles.read(result);
        assertEquals(ResultKind.DMSNAP, set.kind());
        assertEquals(2, set.measurements().size(), set::toString);
        final Measurement forked = set.find(new RowKey(THROTTLE, "avgt", 1, new TreeMap<>(Map.of("throttle", "NONE")),
            RowKey.PRIMARY)).orElseThrow();
        assertEquals("ns/op", forked.unit());
        assertEquals(1, forked.replicateCount());
        assertEquals(1, forked.replicates().get(0).samples().size());
        assertTrue(forked.replicates().get(0).samples().get(0) > 0);
        final Measurement inProcess = set.find(new RowKey(THROTTLE, "avgt", 1,
            new TreeMap<>(Map.of("throttle", "IN_PROGRESS")), RowKey.PRIMARY)).orElseThrow();
        assertEquals(2, inProcess.sampleCount());

        // The environment: this machine and JMH's settings over both entries.
        assertEquals(Optional.of(Runtime.getRuntime().availableProcessors()), set.environment().cores());
        assertTrue(set.environment().jdkVersion().isPresent());
        assertTrue(set.environment().startTime().isPresent());
        assertEquals(Optional.of("bench-7"), set.environment().host(), "--host names the host the file records");
        final JmhSettings jmh = set.environment().jmh().orElseThrow();
        assertEquals(List.of(0, 1), jmh.forks());
        assertEquals(List.of(new JmhSettings.Phase(1, "100 ms"), new JmhSettings.Phase(2, "100 ms")), jmh.measurement());

        // The run section and the raw JMH document.
        final Map<String, Object> doc = (Map<String, Object>) JsonValues.parse(Files.readString(result));
        final Map<String, Object> run = (Map<String, Object>) doc.get("run");
        assertEquals("suite", run.get("command"));
        assertEquals(suite.toString(), run.get("suite"));
        final List<Map<String, Object>> entries = (List<Map<String, Object>>) run.get("entries");
        assertEquals(List.of(2L, 3L), entries.stream().map(e -> e.get("line")).toList());
        assertEquals(List.of("ThrottleBench.startEndCopy [avgt, threads=1] {throttle=NONE}"), entries.get(0).get("points"));
        assertTrue(((Number) entries.get(0).get("elapsedSeconds")).doubleValue() > 0);
        final List<Map<String, Object>> raw = (List<Map<String, Object>>) ((Map<String, Object>) doc.get("raw")).get("jmh");
        assertEquals(2, raw.size());
        assertEquals(1L, raw.get(0).get("forks"));
    }

    @Test
    void dryRunPrintsThePlanAndRunsNothing(@TempDir final Path dir) throws IOException
    {
        final Path suite = suite(dir, "jmh ThrottleBench -f 2 -wi 1 -w 1s -i 3 -r 1s\n\nmatrix --benchmarks "
            + "origin_randwrite_throughput --workers 1,2\n");
        final CliResult r = CliResult.run("suite", suite.toString(), "--dry-run", "--result", dir.resolve("x.json").toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(r.out.startsWith("Suite " + suite + ": 2 entries, 7 points, about "), r::toString);
        assertTrue(r.out.contains("line 1: jmh ThrottleBench -f 2 -wi 1 -w 1s -i 3 -r 1s\n  3 points, about 39 s\n"
            + "    ThrottleBench.startEndCopy [avgt, threads=1] {throttle=NONE}  ~13 s\n"), r::toString);
        assertTrue(r.out.contains("line 3: matrix --benchmarks origin_randwrite_throughput --workers 1,2\n"
            + "  4 points, about "), r::toString);
        assertTrue(r.out.contains(" in 2 JMH runs\n"), r::toString);
        assertFalse(Files.exists(dir.resolve("x.json")));
    }

    @Test
    void aFailedBenchmarkExitsOneWithJmhsLastLinesAndNoFile(@TempDir final Path dir) throws IOException
    {
        // BOGUS is not a Throttle: the benchmark's setup fails inside JMH.
        final Path suite = suite(dir, "jmh 'micro\\.ThrottleBench\\.startEndCopy$' -p throttle=NONE -f 0 -wi 0 -i 1 -r 50ms\n"
            + "jmh 'micro\\.ThrottleBench\\.startEndCopy$' -p throttle=BOGUS -f 0 -wi 0 -i 1 -r 50ms\n");
        final Path result = dir.resolve("r.json");
        final CliResult r = CliResult.run("suite", suite.toString(), "--result", result.toString(), "--no-live");
        assertEquals(ExitCodes.FAILED, r.exitCode, r::toString);
        assertTrue(r.err.contains("dmsnap suite: a benchmark failed after 1 of 2 points, in the entry on line 2 (jmh "),
            r::toString);
        // JMH's report of the exception, with the frames where it was thrown and the rest counted.
        assertTrue(r.err.contains("  | java.lang.IllegalArgumentException: No enum constant ") && r.err.contains("BOGUS"),
            r::toString);
        assertTrue(r.err.contains("  | \tat java.base/java.lang.Enum.valueOf"), r::toString);
        assertTrue(r.err.matches("(?s).*  \\| \t\\(\\d+ more frames; --verbose shows JMH's whole output\\)\n.*"), r::toString);
        assertFalse(r.err.contains("Excluding:"), "JMH's extra-verbose lines stay out of the tail");
        assertFalse(r.err.contains("io.dmsnap.cli."), "no frame of the command itself");
        assertTrue(r.err.contains("No result file was written."), r::toString);
        assertFalse(Files.exists(result));
    }

    @Test
    void aBadSuiteFileExitsTwoNamingTheLine(@TempDir final Path dir) throws IOException
    {
        final Path suite = suite(dir, "jmh ThrottleBench\njmh ThrottleBench -f\n");
        final CliResult r = CliResult.run("suite", suite.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.startsWith("dmsnap: " + suite + ":2: JMH option error: "), r::toString);
        assertFalse(r.errHasStackTrace(), r::toString);

        final CliResult missing = CliResult.run("suite", dir.resolve("none.txt").toString());
        assertEquals(ExitCodes.USAGE, missing.exitCode, missing::toString);
        assertTrue(missing.err.startsWith("dmsnap: " + dir.resolve("none.txt") + ": no such file"), missing::toString);

        Files.writeString(suite, "jmh NoSuchBenchmarkAnywhere\n");
        final CliResult none = CliResult.run("suite", suite.toString());
        assertEquals(ExitCodes.USAGE, none.exitCode, none::toString);
        assertTrue(none.err.contains(":1: no benchmark matches NoSuchBenchmarkAnywhere"), none::toString);
    }

    @Test
    void anUnwritableResultIsRefusedBeforeAnythingRuns(@TempDir final Path dir) throws IOException
    {
        final Path suite = suite(dir, "jmh ThrottleBench\n");
        final CliResult r = CliResult.run("suite", suite.toString(), "--result", dir.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.startsWith("dmsnap: --result " + dir + ": cannot write a file there (it is a directory)"),
            r::toString);
        assertFalse(r.err.contains("entry 1/1"), "nothing ran");
    }

    @Test
    void theCheckedInQuickSuiteIsValidAndFitsItsBudget()
    {
        // The file users edit: it parses, every entry finds its benchmarks, and the plan stays
        // within the 15 minutes on 2 cores that docs/nightly.md promises.
        final SuitePlan plan = SuitePlan.of(SuiteFile.read(Path.of("..", "results", "suite.txt")));
        assertTrue(plan.estimatedSeconds() <= 15 * 60, () -> SuiteCommand.summary(plan));
        assertTrue(plan.suite().entries().stream().anyMatch(e -> e instanceof MatrixEntry), "the matrix");
        assertTrue(plan.suite().entries().stream().filter(e -> e instanceof JmhEntry).count() >= 3, "micro benchmarks");
        for (final SuitePlan.Run run : plan.runs())
        {
            // compare decides a row with 5 values a side, one per fork
            assertTrue(run.options().getForkCount().orElse(1) >= 5, "forks are what a comparison counts");
        }
    }
}
