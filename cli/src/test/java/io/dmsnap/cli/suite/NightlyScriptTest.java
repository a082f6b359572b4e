package io.dmsnap.cli.suite;

import io.dmsnap.cli.common.ExitCodes;
import io.dmsnap.cli.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/nightly in a temporary copy of the checkout's layout: the real script, a scripts/dmsnap
 * that runs this build's command line (the jar may not be built yet when the tests run), a tiny
 * suite run in the dmsnap JVM (JMH forks 0, five 20 ms iterations) and a bands file of 5000%, so
 * that two honest nights never differ beyond their band (on a busy machine such short iterations
 * of one JVM can differ eightfold) and a planted regression, a million times, always does.
 */
@Timeout(120)
final class NightlyScriptTest
{
    /** The repository root: surefire runs in the module's directory. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String HOST = "night-1";

    /** A checkout layout under {@code dir}: scripts, the tiny suite, the bands file. */
    private static Path tree(final Path dir) throws IOException
    {
        final Path tree = dir.resolve("tree");
        final Path scripts = Files.createDirectories(tree.resolve("scripts"));
        Files.copy(ROOT.resolve("scripts/nightly"), scripts.resolve("nightly"));
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        executable(scripts.resolve("dmsnap"), "#!/bin/sh\n"
            + "exec '" + java + "' -XX:+IgnoreUnrecognizedVMOptions --sun-misc-unsafe-memory-access=allow "
            + "--enable-native-access=ALL-UNNAMED -Djmh.ignoreLock=true -cp '" + System.getProperty("java.class.path")
            + "' io.dmsnap.cli.Dmsnap \"$@\"\n");
        final Path results = Files.createDirectories(tree.resolve("results"));
        Files.writeString(results.resolve("suite.txt"), "# tiny\n"
            + "jmh 'micro\\.ThrottleBench\\.startEndCopy$' -p throttle=NONE -f 0 -wi 0 -i 5 -r 20ms\n");
        Files.writeString(results.resolve("bands.txt"), "* = 5000%\n");
        return tree;
    }

    private static void executable(final Path file, final String text) throws IOException
    {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs the tree's scripts/nightly from {@code cwd}; returns exit code and output. */
    private static Result nightly(final Path tree, final Path cwd, final Map<String, String> env, final String... args)
        throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("bash", tree.resolve("scripts/nightly").toString()));
        command.addAll(List.of(args));
        final ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        final Process p = pb.start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), output);
        return new Result(p.exitValue(), output);
    }

    private record Result(int code, String output)
    {
        @Override
        public String toString()
        {
            return "exit " + code + "\n" + output;
        }
    }

    private static List<Path> files(final Path dir, final String glob) throws IOException
    {
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob))
        {
            stream.forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    @Test
    void theFirstNightStoresTheResultAndTheSecondComparesAgainstIt(@TempDir final Path dir) throws Exception
    {
        final Path tree = tree(dir);
        final Path hostDir = tree.resolve("results/history/" + HOST);

        final Result first = nightly(tree, dir, Map.of(), "--host", HOST);
        assertEquals(ExitCodes.OK, first.code, first::toString);
        assertTrue(first.output.contains("Nightly of host night-1: first night, no baseline to compare against yet."),
            first::toString);
        final List<Path> afterFirst = files(hostDir, "suite-*.json");
        assertEquals(1, afterFirst.size(), first::toString);
        assertTrue(afterFirst.get(0).getFileName().toString().matches("suite-\\d{8}-\\d{6}-[0-9a-z]+\\.json"));
        assertTrue(files(hostDir, "*.md").isEmpty(), "no comparison on the first night");
        final Path firstPage = hostDir.resolve(afterFirst.get(0).getFileName().toString().replace(".json", ".html"));
        assertTrue(Files.readString(firstPage).contains("<img class=\"chart\""), "the first night's result page has its charts");
        assertTrue(first.output.contains("html:    " + firstPage), first::toString);

        // One second later at least, so the second night's file name sorts after the first's.
        Thread.sleep(1100);
        final Result second = nightly(tree, dir, Map.of(), "--host", HOST);
        assertEquals(ExitCodes.OK, second.code, second::toString);
        final List<Path> afterSecond = files(hostDir, "suite-*.json");
        assertEquals(2, afterSecond.size(), second::toString);
        final String stem = afterSecond.get(1).getFileName().toString().replace(".json", "");
        assertTrue(second.output.contains("Nightly of host night-1: no regression against the last 1 nightlies (exit 0)"),
            second::toString);
        assertTrue(second.output.contains("+ (cd " + hostDir + " && scripts/dmsnap compare .baseline " + stem + ".json "),
            second::toString);
        assertTrue(second.output.contains("--bands " + tree.resolve("results/bands.txt")), second::toString);
        for (final String report : List.of("compare.md", "compare.html", "history.html"))
        {
            final Path file = hostDir.resolve(stem + "." + report);
            assertTrue(Files.size(file) > 0, file::toString);
            assertTrue(second.output.contains(file.toString()), () -> "where " + report + " is: " + second);
        }
        // The night's one page holds the result, the comparison against the baseline and the history.
        final Path page = hostDir.resolve(stem + ".html");
        final String html = Files.readString(page);
        assertTrue(html.contains("startEndCopy") && html.contains("<img class=\"chart\""), page::toString);
        assertTrue(html.contains("no regression") || html.contains("verdict"), "the comparison is on the page");
        assertTrue(second.output.lines().anyMatch(l -> l.trim().startsWith("html:") && l.endsWith(page.toString())), second::toString);
        // The reports name the files relative to the host's directory, as a CI summary should.
        final String markdown = Files.readString(hostDir.resolve(stem + ".compare.md"));
        assertTrue(markdown.contains("startEndCopy") && markdown.contains("Base `.baseline (1 file"), markdown);
        final String sides = markdown.lines().filter(l -> l.startsWith("Base ")).findFirst().orElseThrow();
        assertFalse(sides.contains(dir.toString()), sides);
        assertTrue(sides.contains("candidate `" + stem + ".json (1 file"), sides);
        assertTrue(second.output.contains("History of " + HOST + ": 1 host, 2 runs"), second::toString);
        // The baseline is the first night: one link in the hidden directory compare read.
        assertEquals(List.of(afterFirst.get(0).getFileName().toString()),
            files(hostDir.resolve(".baseline"), "*.json").stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void aPlantedRegressionExitsOne(@TempDir final Path dir) throws Exception
    {
        final Path tree = tree(dir);
        final Path history = dir.resolve("kept-history");
        final Path hostDir = history.resolve(HOST);
        final Result first = nightly(tree, dir, Map.of(), "--host", HOST, "--history-dir", "kept-history");
        assertEquals(ExitCodes.OK, first.code, first::toString);

        // Doctor the first night into three earlier, much faster ones: the next night is a million
        // times slower than they are, far beyond the 5000% band whatever its noise.
        final Path real = files(hostDir, "suite-*.json").get(0);
        final JsonNode doc = Json.MAPPER.readTree(Files.readString(real));
        for (int night = 1; night <= 3; night++)
        {
            final ObjectNode copy = (ObjectNode) doc.deepCopy();
            for (final JsonNode row : copy.get("rows"))
            {
                for (final JsonNode replicate : row.get("replicates"))
                {
                    final ArrayNode samples = (ArrayNode) replicate.get("samples");
                    for (int i = 0; i < samples.size(); i++)
                    {
                        samples.set(i, samples.get(i).asDouble() / (1e6 * (1 + 0.1 * night + 0.01 * i)));
                    }
                }
            }
            ((ObjectNode) copy.get("environment")).put("startTime", "2020-01-0" + night + "T02:00:00Z");
            Files.writeString(hostDir.resolve("suite-2020010" + night + "-020000-doctor" + night + ".json"),
                Json.MAPPER.writeValueAsString(copy));
        }
        Files.delete(real);

        final Result second = nightly(tree, dir, Map.of(), "--host", HOST, "--history-dir", "kept-history",
            "--baseline-runs", "2");
        assertEquals(ExitCodes.FAILED, second.code, second::toString);
        assertTrue(second.output.contains("Nightly of host night-1: REGRESSION against the last 2 nightlies (exit 1)"),
            second::toString);
        assertTrue(second.output.contains("baseline:         suite-20200102-020000-doctor2.json .. "
            + "suite-20200103-020000-doctor3.json"), second::toString);
        assertTrue(second.output.contains("REGRESSED"), second::toString);
        final Path markdown = files(hostDir, "*.compare.md").get(0);
        assertTrue(Files.readString(markdown).contains("REGRESSED"), markdown::toString);
        assertTrue(second.output.contains("History of " + HOST + ": 1 host, 4 runs"), second::toString);
    }

    @Test
    void aFailedBuildExitsSixtyNineAndRunsNothing(@TempDir final Path dir) throws Exception
    {
        // The real scripts/dmsnap in a tree without a jar, and an mvn that fails as a broken build does.
        final Path tree = tree(dir);
        Files.copy(ROOT.resolve("scripts/dmsnap"), tree.resolve("scripts/dmsnap"),
            StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(tree.resolve("pom.xml"), "<project/>\n");
        final Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("mvn"), "#!/bin/sh\necho '[ERROR] COMPILATION ERROR' >&2\nexit 1\n");

        final Result r = nightly(tree, dir, Map.of("PATH", bin + ":" + System.getenv("PATH")), "--host", HOST);
        assertEquals(ExitCodes.BUILD_FAILED, r.code, r::toString);
        assertTrue(r.output.contains("COMPILATION ERROR"), r::toString);
        assertTrue(r.output.contains("nightly: the build failed (exit 69); nothing was run"), r::toString);
        assertFalse(Files.exists(tree.resolve("results/history/" + HOST)), "no history directory");
    }

    @Test
    void dryRunPrintsThePlanWithTheBaselineAndTheSuite(@TempDir final Path dir) throws Exception
    {
        final Path tree = tree(dir);
        final Path hostDir = Files.createDirectories(tree.resolve("results/history/" + HOST));
        for (final String name : List.of("suite-20260101-020000-aaaaaaa.json", "suite-20260102-020000-bbbbbbb.json",
            "suite-20260103-020000-ccccccc.json", "notes.txt"))
        {
            Files.writeString(hostDir.resolve(name), "{}");
        }
        final Result r = nightly(tree, tree.resolve("results"), Map.of(), "--host", HOST, "--baseline-runs", "2",
            "--dry-run", "--fail-on-inconclusive");
        assertEquals(ExitCodes.OK, r.code, r::toString);
        assertTrue(r.output.contains("history:      " + hostDir + " (3 earlier nightlies)"), r::toString);
        assertTrue(r.output.contains("baseline:     the last 2 of at most 2 earlier nightlies:\n"
            + "                suite-20260102-020000-bbbbbbb.json\n                suite-20260103-020000-ccccccc.json\n"),
            r::toString);
        assertTrue(r.output.contains("--fail-on-inconclusive --bands " + tree.resolve("results/bands.txt")), r::toString);
        assertTrue(r.output.contains("Suite " + tree.resolve("results/suite.txt") + ": 1 entry, 1 point"), r::toString);
        try (Stream<Path> left = Files.list(hostDir))
        {
            assertEquals(4, left.count(), "a dry run stores nothing");
        }
    }

    @Test
    void badOptionsAndABadSuiteExitTwo(@TempDir final Path dir) throws Exception
    {
        final Path tree = tree(dir);
        for (final String[] args : new String[][] {{"--baseline-runs", "0"}, {"--baseline-runs", "x"},
            {"--host", "a/b"}, {"--suite", "no-such-suite.txt"}, {"--frobnicate"}, {"--host"}})
        {
            final Result r = nightly(tree, dir, Map.of(), args);
            assertEquals(ExitCodes.USAGE, r.code, r::toString);
            assertTrue(r.output.startsWith("nightly: "), r::toString);
        }
        Files.writeString(tree.resolve("results/suite.txt"), "jmh ThrottleBench -f\n");
        final Result bad = nightly(tree, dir, Map.of(), "--host", HOST);
        assertEquals(ExitCodes.USAGE, bad.code, bad::toString);
        assertTrue(bad.output.contains("suite.txt:1: JMH option error"), bad::toString);
        assertTrue(bad.output.contains("nightly: the suite failed (exit 2); no result was stored"), bad::toString);
    }

    @Test
    void helpShowsTheHeaderWithTheExitCodes() throws Exception
    {
        final Result r = nightly(ROOT, ROOT, Map.of(), "--help");
        assertEquals(ExitCodes.OK, r.code, r::toString);
        assertTrue(r.output.startsWith("nightly: the nightly regression job"), r::toString);
        for (final String code : List.of("0   no regression", "1   a regression", "2   usage error", "3   inconclusive",
            "69  the build failed", "70  internal error"))
        {
            assertTrue(r.output.contains(code), () -> code + " missing in " + r);
        }
    }
}
