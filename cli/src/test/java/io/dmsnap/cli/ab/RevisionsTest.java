package io.dmsnap.cli.ab;

import io.dmsnap.cli.CliResult;
import io.dmsnap.cli.common.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Revisions resolved by git in a temporary repository, and the errors a user sees for bad ones. */
@Timeout(60)
final class RevisionsTest
{
    @Test
    void revisionsResolveToFullCommits(@TempDir final Path dir) throws Exception
    {
        final Path repo = GitFixture.repository(dir.resolve("repo"), 3);
        final GitRepository git = GitRepository.containing(repo.resolve("."));
        assertEquals(repo.toRealPath(), git.root().toRealPath());
        final String head = GitFixture.git(repo, "rev-parse", "HEAD");
        final String first = GitFixture.git(repo, "rev-parse", "HEAD~2");
        assertEquals(head, git.resolve("HEAD", "REV_B"));
        assertEquals(first, git.resolve("HEAD~2", "REV_A"));
        assertEquals(first, git.resolve("first", "REV_A"), "a tag names its commit");
        assertEquals(head, git.resolve(head.substring(0, 8), "REV_B"), "an abbreviated hash");
        assertEquals(40, git.resolve("HEAD^", "REV_A").length());
    }

    @Test
    void aRevisionThatIsNotACommitIsBadInputNamingIt(@TempDir final Path dir) throws Exception
    {
        final Path repo = GitFixture.repository(dir.resolve("repo"), 2);
        final GitRepository git = GitRepository.containing(repo);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> git.resolve("no-such-branch", "REV_A"));
        assertTrue(e.getMessage().startsWith("REV_A 'no-such-branch' is not a commit of the repository"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> git.resolve("HEAD~5", "REV_A"), "before the first commit");
        assertThrows(IllegalArgumentException.class, () -> git.resolve("--all", "REV_B"), "an option is no revision");
        // A tree is not a commit.
        assertThrows(IllegalArgumentException.class, () -> git.resolve("HEAD^{tree}", "REV_B"));
    }

    @Test
    void onTheCommandLineABadRevisionExitsTwoBeforeAnyBuild(@TempDir final Path dir) throws Exception
    {
        final Path repo = GitFixture.repository(dir.resolve("repo"), 2);
        final Path work = dir.resolve("work");
        final CliResult r = CliResult.run("ab", "HEAD", "nosuch", "--repo", repo.toString(), "--work-dir", work.toString(),
            "--mvn", GitFixture.failingMvn(dir).toString(), "--benchmarks", "micro.ThrottleBench");
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.startsWith("dmsnap: REV_B 'nosuch' is not a commit of the repository"), r::toString);
        assertFalse(r.errHasStackTrace(), r::toString);
        assertFalse(Files.exists(work), "nothing built, nothing created");
    }

    @Test
    void aDirectoryOutsideGitIsBadInput(@TempDir final Path dir) throws Exception
    {
        final Path plain = Files.createDirectories(dir.resolve("plain"));
        final CliResult r = CliResult.run("ab", "HEAD~1", "HEAD", "--repo", plain.toString(), "--build-only",
            "--work-dir", dir.resolve("work").toString());
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.contains("is not in a git work tree"), r::toString);
        assertTrue(r.err.contains("--jar-a FILE --jar-b FILE"), r::toString);
    }
}
