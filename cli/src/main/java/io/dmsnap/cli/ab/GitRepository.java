package io.dmsnap.cli.ab;

import io.dmsnap.cli.common.ExitCodes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The git repository whose revisions an A/B run builds, driven through the {@code git} command:
 * resolving a revision to its full commit, and adding and removing the detached worktrees the
 * builds run in. Immutable; every method runs git and waits for it (at most ten minutes).
 */
final class GitRepository
{
    private static final long TIMEOUT_MINUTES = 10;

    /** What git printed and how it ended. */
    record Outcome(int exitCode, String output)
    {
        List<String> lines()
        {
            return output.isBlank() ? List.of() : Arrays.asList(output.strip().split("\\R"));
        }
    }

    private final Path root;

    private GitRepository(final Path root)
    {
        this.root = root;
    }

    /**
     * The repository holding {@code dir} (its top level).
     *
     * @throws IllegalArgumentException when {@code dir} is not in a git work tree
     * @throws AbFailure                when git cannot be run
     */
    static GitRepository containing(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            throw new IllegalArgumentException("--repo " + dir + " is not a directory");
        }
        final Outcome top = git(dir, "rev-parse", "--show-toplevel");
        if (top.exitCode() != 0)
        {
            throw new IllegalArgumentException(dir.toAbsolutePath() + " is not in a git work tree (git says: "
                + String.join(" ", top.lines()) + "); dmsnap ab builds revisions of a git repository (--repo DIR), "
                + "or runs two built jars (--jar-a FILE --jar-b FILE)");
        }
        return new GitRepository(Path.of(top.output().strip()));
    }

    /** The top level of the work tree. */
    Path root()
    {
        return root;
    }

    /**
     * The full commit hash a revision names ({@code git rev-parse --verify REV^{commit}}): a
     * commit, branch, tag, {@code HEAD~2}, an abbreviated hash.
     *
     * @param name how the command line calls it ({@code REV_A}), for the message
     * @throws IllegalArgumentException naming the revision when it is not a commit of this repository
     */
    String resolve(final String revision, final String name)
    {
        if (revision.isBlank() || revision.startsWith("-"))
        {
            throw new IllegalArgumentException(name + " '" + revision + "' is not a revision: give a commit, branch, tag "
                + "or an expression such as HEAD~1");
        }
        final Outcome parsed = git(root, "rev-parse", "--verify", "--quiet", revision + "^{commit}");
        final String hash = parsed.output().strip();
        if (parsed.exitCode() != 0 || !hash.matches("[0-9a-f]{40}|[0-9a-f]{64}"))
        {
            throw new IllegalArgumentException(name + " '" + revision + "' is not a commit of the repository " + root
                + " (git rev-parse --verify '" + revision + "^{commit}' found none): give a commit, branch, tag "
                + "or an expression such as HEAD~1");
        }
        return hash;
    }

    /**
     * Checks {@code commit} out, detached, into a new worktree at {@code dir}.
     *
     * @throws AbFailure (build failed) with git's output when it cannot
     */
    void addWorktree(final Path dir, final String commit)
    {
        final Outcome added = git(root, "worktree", "add", "--detach", dir.toString(), commit);
        if (added.exitCode() != 0)
        {
            throw new AbFailure(ExitCodes.BUILD_FAILED, "git worktree add --detach " + dir + " " + commit + " failed",
                added.lines());
        }
    }

    /**
     * Removes a worktree this run added, with whatever the build left in it, and git's record of
     * it. Never throws: a worktree that cannot be removed is reported, and the run goes on.
     *
     * @return empty, or what went wrong, for a warning
     */
    List<String> removeWorktree(final Path dir)
    {
        final Outcome removed = git(root, "worktree", "remove", "--force", dir.toString());
        if (removed.exitCode() == 0)
        {
            return List.of();
        }
        final List<String> problems = new ArrayList<>(removed.lines());
        try
        {
            deleteTree(dir);
            git(root, "worktree", "prune");
        }
        catch (final IOException | AbFailure e)
        {
            problems.add(e.getMessage());
        }
        return Files.exists(dir) ? problems : List.of();
    }

    /** The paths of the worktrees git knows for this repository, the main one first. */
    List<Path> worktrees()
    {
        final List<Path> paths = new ArrayList<>();
        for (final String line : git(root, "worktree", "list", "--porcelain").lines())
        {
            if (line.startsWith("worktree "))
            {
                paths.add(Path.of(line.substring("worktree ".length())));
            }
        }
        return paths;
    }

    /**
     * Runs {@code git -C dir ARGS} and waits for it; output and errors together.
     *
     * @throws AbFailure (build failed) when git cannot be started or does not finish in time
     */
    static Outcome git(final Path dir, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        final Process git;
        try
        {
            git = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (final IOException e)
        {
            throw new AbFailure(ExitCodes.BUILD_FAILED, "cannot run git (" + e.getMessage() + "): dmsnap ab needs git "
                + "to build revisions; --jar-a FILE --jar-b FILE runs two built jars without it", List.of());
        }
        try
        {
            git.getOutputStream().close();
            // git's output here is a few lines: reading it to the end before waiting cannot block git.
            final String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!git.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES))
            {
                git.destroyForcibly();
                throw new AbFailure(ExitCodes.BUILD_FAILED, "git " + String.join(" ", args) + " did not finish in "
                    + TIMEOUT_MINUTES + " minutes", List.of());
            }
            return new Outcome(git.exitValue(), output);
        }
        catch (final IOException e)
        {
            git.destroyForcibly();
            throw new AbFailure(ExitCodes.BUILD_FAILED, "reading the output of git " + String.join(" ", args) + " failed: "
                + e.getMessage(), List.of());
        }
        catch (final InterruptedException e)
        {
            git.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AbFailure(ExitCodes.BUILD_FAILED, "interrupted while git " + String.join(" ", args) + " ran",
                List.of());
        }
    }

    /** Deletes a directory tree, deepest entries first; symbolic links are deleted, not followed. */
    static void deleteTree(final Path dir) throws IOException
    {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            final List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
            for (final Path p : all)
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
