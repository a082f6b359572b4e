package io.dmsnap.cli.ab;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.common.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The builds of two revisions of a temporary repository with a stand-in Maven: worktrees, the
 * cache, reuse, a failed build (exit 69 with its last lines), and the worktrees gone in every case.
 */
@Timeout(120)
final class RevisionBuildTest
{
    private static List<String> lines(final Path file) throws Exception
    {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private static void assertNoWorktreeLeft(final Path repo, final Path work) throws Exception
    {
        assertEquals(1, GitFixture.git(repo, "worktree", "list").lines().count(), "only the main worktree is left");
        final Path worktrees = work.resolve("worktrees");
        if (Files.isDirectory(worktrees))
        {
            try (Stream<Path> left = Files.list(worktrees))
            {
                assertEquals(List.of(), left.toList());
            }
        }
    }

    @Test
    void bothRevisionsAreBuiltInWorktreesCachedByCommitAndReused(@TempDir final Path dir) throws Exception
    {
        final Path repo = GitFixture.repository(dir.resolve("repo"), 3);
        final Path work = dir.resolve("work");
        final Path calls = dir.resolve("calls.txt");
        final Path mvn = GitFixture.buildingMvn(dir, calls);
        final String a = GitFixture.git(repo, "rev-parse", "HEAD~2");
        final String b = GitFixture.git(repo, "rev-parse", "HEAD");

        final CliResult first = CliResult.run("ab", "first", "HEAD", "--repo", repo.toString(), "--work-dir",
            work.toString(), "--mvn", mvn.toString(), "--build-only", "--offline");
        assertEquals(ExitCodes.OK, first.exitCode, first::toString);
        final Path jarA = work.resolve("jars").resolve(a).resolve("benchmarks.jar");
        final Path jarB = work.resolve("jars").resolve(b).resolve("benchmarks.jar");
        assertEquals(List.of("A " + a.substring(0, 7) + " (first): " + jarA, "B " + b.substring(0, 7) + " (HEAD): " + jarB),
            first.out.lines().toList());
        assertEquals(Files.size(GitFixture.REAL_JAR), Files.size(jarA));
        assertEquals(Files.size(GitFixture.REAL_JAR), Files.size(jarB));
        final List<String> built = lines(calls);
        assertEquals(2, built.size(), built::toString);
        for (final String call : built)
        {
            assertTrue(call.contains(work.resolve("worktrees").toString()), "built in a worktree of the work dir: " + call);
            assertTrue(call.endsWith("-B -q -DskipTests -o -pl bench -am package"), call);
        }
        assertTrue(first.err.contains("jar of A: to build in a worktree under " + work.resolve("worktrees")), first::toString);
        assertTrue(first.err.contains("build A " + a.substring(0, 7) + ": built"), first::toString);
        assertTrue(Files.isRegularFile(work.resolve("jars").resolve(a).resolve("build-seconds")));
        assertNoWorktreeLeft(repo, work);

        final CliResult again = CliResult.run("ab", a, "HEAD", "--repo", repo.toString(), "--work-dir", work.toString(),
            "--mvn", mvn.toString(), "--build-only");
        assertEquals(ExitCodes.OK, again.exitCode, again::toString);
        assertEquals(2, lines(calls).size(), "both jars come from the cache");
        assertTrue(again.err.contains("jar of A: " + jarA + " (cached)"), again::toString);

        final CliResult rebuilt = CliResult.run("ab", "HEAD", "HEAD", "--repo", repo.toString(), "--work-dir",
            work.toString(), "--mvn", mvn.toString(), "--build-only", "--rebuild");
        assertEquals(ExitCodes.OK, rebuilt.exitCode, rebuilt::toString);
        assertEquals(3, lines(calls).size(), "--rebuild builds, and the same commit twice only once");
        assertTrue(rebuilt.err.contains("A and B are the same commit: an A/A run"), rebuilt::toString);
        assertNoWorktreeLeft(repo, work);
    }

    @Test
    void aFailedBuildExitsWithTheBuildCodeAndItsLastLines(@TempDir final Path dir) throws Exception
    {
        final Path repo = GitFixture.repository(dir.resolve("repo"), 2);
        final Path work = dir.resolve("work");
        final CliResult r = CliResult.run("ab", "HEAD~1", "HEAD", "--repo", repo.toString(), "--work-dir", work.toString(),
            "--mvn", GitFixture.failingMvn(dir).toString(), "--benchmarks", "micro.ThrottleBench -wi 0 -i 1",
            "--output", dir.resolve("out").toString());
        assertEquals(ExitCodes.BUILD_FAILED, r.exitCode, r::toString);
        final String a = GitFixture.git(repo, "rev-parse", "--short=7", "HEAD~1");
        assertTrue(r.err.contains("dmsnap ab: building A " + a + " (HEAD~1) failed: "), r::toString);
        assertTrue(r.err.contains("  | [ERROR] COMPILATION ERROR : Snapshot.java:[12,5] cannot find symbol"), r::toString);
        assertTrue(r.err.contains("  | [ERROR] BUILD FAILURE"), r::toString);
        assertTrue(r.err.contains("build.log"), "names the whole log: " + r);
        assertEquals("", r.out);
        assertFalse(Files.exists(dir.resolve("out").resolve("a")), "no benchmark ran");
        assertNoWorktreeLeft(repo, work);
    }

    @Test
    void aBuildWithoutTheJarIsAFailedBuild(@TempDir final Path dir) throws Exception
    {
        final Path repo = GitFixture.repository(dir.resolve("repo"), 2);
        final Path work = dir.resolve("work");
        final CliResult r = CliResult.run("ab", "HEAD~1", "HEAD", "--repo", repo.toString(), "--work-dir", work.toString(),
            "--mvn", GitFixture.idleMvn(dir).toString(), "--build-only");
        assertEquals(ExitCodes.BUILD_FAILED, r.exitCode, r::toString);
        assertTrue(r.err.contains("succeeded but made no bench/target/benchmarks.jar"), r::toString);
        assertNoWorktreeLeft(repo, work);
    }

    @Test
    void theMavenOnThePathBuildsWhenNoneIsGiven(@TempDir final Path dir) throws Exception
    {
        // As a user runs it: a separate JVM whose PATH starts with a failing mvn.
        final Path repo = GitFixture.repository(dir.resolve("repo"), 2);
        final Path bin = GitFixture.failingMvn(dir.resolve("bin")).getParent();
        final List<String> command = new ArrayList<>(List.of(ForkRunner.currentJava().toString(), "-cp",
            System.getProperty("java.class.path"), "io.dmsnap.cli.Dmsnap", "ab", "HEAD~1", "HEAD", "--repo",
            repo.toString(), "--work-dir", dir.resolve("work").toString(), "--build-only"));
        final ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        final Process p = pb.start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS));
        assertEquals(ExitCodes.BUILD_FAILED, p.exitValue(), output);
        assertTrue(output.contains("building A") && output.contains("failed: mvn -B -q -DskipTests -pl bench -am package"),
            output);
        assertTrue(output.contains("COMPILATION ERROR"), output);
        assertNoWorktreeLeft(repo, dir.resolve("work"));
    }
}
