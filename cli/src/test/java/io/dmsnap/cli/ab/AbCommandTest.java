package io.dmsnap.cli.ab;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.Replicate;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dmsnap ab} end to end with two built jars (the real benchmarks.jar on both sides, a tiny
 * suite), a failing benchmark, and bad input refused before anything runs.
 */
@Timeout(120)
final class AbCommandTest
{
    private static final String JAR = GitFixture.REAL_JAR.toString();
    private static final String TINY =
        "jmh 'micro\\.ThrottleBench\\.startEndCopy$' -p throttle=NONE -wi 1 -w 100ms -i 2 -r 100ms\n";

    private static CliResult ab(final String... args)
    {
        final List<String> all = new ArrayList<>(List.of("ab", "--no-live"));
        all.addAll(List.of(args));
        return CliResult.run(all.toArray(new String[0]));
    }

    @Test
    void twoJarsRunInterleavedAndAreCompared(@TempDir final Path dir) throws Exception
    {
        assertTrue(Files.isRegularFile(GitFixture.REAL_JAR), JAR + " missing: mvn -pl bench -am package builds it");
        final Path suite = Files.writeString(dir.resolve("suite.txt"), "# one micro benchmark\n" + TINY);
        final Path out = dir.resolve("out");
        final CliResult r = ab("--jar-a", JAR, "--jar-b", JAR, "--suite", suite.toString(), "--forks", "2",
            "--output", out.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);

        // The processes ran A B, B A, with a line and an ETA each.
        final List<String> order = new ArrayList<>();
        final Matcher m = Pattern.compile("(?m)^\\[(\\d)/4] fork (\\d)/2 ([AB]): "
            + "jmh micro\\\\.ThrottleBench\\\\.startEndCopy\\$ "
            + "\\(1 point\\): \\d+\\.\\d s(; ETA \\d+ s)?$").matcher(r.err);
        while (m.find())
        {
            order.add(m.group(2) + m.group(3));
        }
        assertEquals(List.of("1A", "1B", "2B", "2A"), order, r::toString);
        assertTrue(r.err.contains("order AB BA; 4 processes, about "), r::toString);

        for (final String file : List.of("a/fork01-run01.json", "a/fork01-run01.log", "a/fork02-run01.json",
            "b/fork01-run01.json", "b/fork02-run01.json", "b/fork02-run01.log", "a.json", "b.json", "comparison.txt",
            "comparison.md", "comparison.json", "comparison.html"))
        {
            assertTrue(Files.isRegularFile(out.resolve(file)), file + " missing");
        }
        for (final String side : List.of("a", "b"))
        {
            final ResultSet result = ResultFiles.read(out.resolve(side + ".json"));
            assertEquals(1, result.measurements().size());
            final Measurement row = result.measurements().get(0);
            assertEquals("io.dmsnap.bench.jmh.micro.ThrottleBench.startEndCopy", row.key().benchmark());
            assertEquals(List.of("fork 1", "fork 2"), row.replicates().stream().map(Replicate::label).toList());
            assertTrue(row.replicates().stream().allMatch(x -> x.samples().size() == 2), "two iterations a fork");
            assertEquals(List.of(2), result.environment().jmh().orElseThrow().forks());
            assertTrue(result.environment().gitCommit().isEmpty(), "a given jar's commit is unknown");
            final JsonNode run = Json.MAPPER.readTree(out.resolve(side + ".json").toFile()).get("run");
            assertEquals("ab", run.get("command").asString());
            assertEquals(side.toUpperCase(), run.get("side").asString());
            assertEquals("AB BA", run.get("order").asString());
            assertEquals(2, run.get("processes").size());
            assertEquals(side + "/fork02-run01.json", run.get("processes").get(1).get("file").asString());
        }
        final JsonNode comparison = Json.MAPPER.readTree(out.resolve("comparison.json").toFile());
        assertEquals(0, comparison.get("exit_code").asInt());
        assertEquals(1, comparison.get("rows").size());
        assertTrue(r.out.contains("verdict: no regression"), r::toString);
        assertTrue(Files.readString(out.resolve("comparison.txt")).contains("verdict: no regression"));
    }

    @Test
    void aFailedBenchmarkExitsOneWithJmhSLastLines(@TempDir final Path dir)
    {
        final Path out = dir.resolve("out");
        final CliResult r = ab("--jar-a", JAR, "--jar-b", JAR, "--benchmarks",
            "micro.ThrottleBench -p throttle=BOGUS -wi 0 -i 1 -r 100ms", "--forks", "1", "--output", out.toString());
        assertEquals(ExitCodes.FAILED, r.exitCode, r::toString);
        assertTrue(r.err.contains("dmsnap ab: fork 1/1 of A (jmh micro.ThrottleBench (1 point)) failed: java -jar "
            + "benchmarks.jar exited with 1"), r::toString);
        assertTrue(r.err.contains("  | java.lang.IllegalArgumentException: No enum constant"), r::toString);
        assertTrue(r.err.contains(" stack frames)"), "frames folded: " + r);
        assertTrue(Files.isRegularFile(out.resolve("a/fork01-run01.log")), "the whole log stays");
        assertFalse(Files.exists(out.resolve("b/fork01-run01.json")), "B never ran");
        assertEquals("", r.out);
    }

    @Test
    void badInputIsRefusedBeforeAnythingRuns(@TempDir final Path dir) throws Exception
    {
        final Path suite = Files.writeString(dir.resolve("suite.txt"), TINY);
        final Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("old.json"), "{}");
        final String out = dir.resolve("out").toString();
        final String[][] cases = {
            {"no revisions", "give two revisions"},
            {"HEAD", "give two revisions"},
            {"--jar-a " + JAR, "--jar-b is missing"},
            {"HEAD --jar-a " + JAR + " --jar-b " + JAR, "not both"},
            {"--jar-a " + JAR + " --jar-b " + JAR + " --build-only", "--build-only builds revisions"},
            {"--jar-a " + dir.resolve("none.jar") + " --jar-b " + JAR, "--jar-a " + dir.resolve("none.jar")
                + ": no such readable file"},
            {"--jar-a " + JAR + " --jar-b " + JAR + " --output " + full, "is not empty"},
            {"--jar-a " + JAR + " --jar-b " + JAR + " --band nonsense", "--band"},
            {"--jar-a " + JAR + " --jar-b " + JAR + " --format yaml", "--format yaml: unknown format"},
            {"--jar-a " + JAR + " --jar-b " + JAR + " --alpha 2", "alpha"},
            {"--jar-a " + JAR + " --jar-b " + JAR + " --forks 0", "--forks 0"},
            {"--jar-a " + JAR + " --jar-b " + JAR + " --benchmarks NoSuchBenchmark", "--benchmarks 'NoSuchBenchmark': "
                + "no benchmark matches NoSuchBenchmark"},
            {"--jar-a " + JAR + " --jar-b " + JAR + " --benchmarks ThrottleBench --suite " + suite, "use one or the other"},
        };
        for (final String[] c : cases)
        {
            final List<String> args = new ArrayList<>(c[0].equals("no revisions") ? List.of() : List.of(c[0].split(" ")));
            if (!c[0].contains("--output"))
            {
                args.addAll(List.of("--output", out));
            }
            if (!c[0].contains("--benchmarks") && !c[0].contains("--suite"))
            {
                args.addAll(List.of("--suite", suite.toString()));
            }
            final CliResult r = ab(args.toArray(new String[0]));
            assertEquals(ExitCodes.USAGE, r.exitCode, () -> c[0] + " -> " + r);
            assertTrue(r.err.startsWith("dmsnap: ") && r.err.contains(c[1]), () -> c[0] + " -> " + r);
            assertFalse(r.errHasStackTrace(), r::toString);
            assertFalse(Files.exists(dir.resolve("out")), c[0] + " created the output directory");
        }
    }

    @Test
    void aBadSuiteLineIsNamedWithItsFileAndLine(@TempDir final Path dir) throws Exception
    {
        final Path suite = Files.writeString(dir.resolve("suite.txt"), TINY + "jmh ThrottleBench -wi x\n");
        final CliResult r = ab("--jar-a", JAR, "--jar-b", JAR, "--suite", suite.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.startsWith("dmsnap: " + suite + ":2: JMH option error"), r::toString);
    }
}
