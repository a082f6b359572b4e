package io.dmsnap.cli.ab;

import io.dmsnap.cli.common.ExitCodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the benchmarks jar of one commit: a detached worktree of the commit in the work directory,
 * {@code mvn -B -q -DskipTests -pl bench -am package} in it (the build every revision of this
 * repository has; the command line moved to its own module later, so only {@code bench} is relied
 * on), {@code bench/target/benchmarks.jar} moved into the {@link JarCache}, and the worktree removed
 * whatever happened. A failed build is an {@link AbFailure} with {@link ExitCodes#BUILD_FAILED} and
 * the build's last lines. Used by one thread.
 */
final class RevisionBuild
{
    /** Lines of a failed build's output shown. */
    static final int TAIL_LINES = 30;
    private static final Path BUILT_JAR = Path.of("bench", "target", "benchmarks.jar");

    private final GitRepository repository;
    private final JarCache cache;
    private final Optional<Path> mvn;
    private final boolean offline;
    private final RunGuard guard;

    /**
     * @param mvn     the Maven executable; empty: the worktree's {@code mvnw} when it has one, else
     *                {@code mvn} from the PATH
     * @param offline whether to build with {@code -o}
     */
    RevisionBuild(final GitRepository repository, final JarCache cache, final Optional<Path> mvn, final boolean offline,
                  final RunGuard guard)
    {
        this.repository = repository;
        this.cache = cache;
        this.mvn = mvn;
        this.offline = offline;
        this.guard = guard;
    }

    /** The Maven command run in a worktree. */
    List<String> command(final Path worktree)
    {
        final List<String> command = new ArrayList<>();
        final Path wrapper = worktree.resolve("mvnw");
        command.add(mvn.map(Path::toString).orElse(Files.isExecutable(wrapper) ? wrapper.toString() : "mvn"));
        command.addAll(List.of("-B", "-q", "-DskipTests"));
        if (offline)
        {
            command.add("-o");
        }
        command.addAll(List.of("-pl", "bench", "-am", "package"));
        return command;
    }

    /**
     * Builds {@code commit} and returns its jar in the cache.
     *
     * @param name     {@code A 1a2b3c4}, for messages
     * @param progress told of the build's start and end
     * @param task     the build's task in the progress
     * @throws AbFailure (build failed) when git, Maven or the build fails
     */
    Path build(final String commit, final String name, final AbProgress progress, final int task)
    {
        final Path worktree = cache.worktree(commit);
        final Path log = cache.buildLog(commit);
        try
        {
            Files.createDirectories(worktree.getParent());
            Files.createDirectories(log.getParent());
        }
        catch (final IOException e)
        {
            throw new AbFailure(ExitCodes.BUILD_FAILED, "cannot create the work directory " + cache.dir() + ": " + e,
                List.of());
        }
        progress.start(task);
        guard.worktree(new RunGuard.Worktree(repository, worktree));
        try
        {
            progress.phase("git worktree add");
            repository.addWorktree(worktree, commit);
            final List<String> command = command(worktree);
            progress.message("dmsnap ab: building " + name + " in " + worktree + ": " + String.join(" ", command)
                + " (output in " + log + ")");
            progress.phase(String.join(" ", command.subList(1, command.size())));
            final int exit;
            try
            {
                exit = LoggedProcess.run(command, worktree, log, line -> { }, progress::tick, guard.process());
            }
            catch (final IOException e)
            {
                throw new AbFailure(ExitCodes.BUILD_FAILED, "cannot run " + command.get(0) + " (" + e.getMessage()
                    + "): install Maven 3.8.7 or later, or give its path with --mvn FILE", List.of());
            }
            if (exit != 0)
            {
                throw new AbFailure(ExitCodes.BUILD_FAILED, "building " + name + " failed: " + String.join(" ", command)
                    + " exited with " + exit + " in its worktree; the whole output is in " + log,
                    LoggedProcess.tail(log, TAIL_LINES));
            }
            final Path built = worktree.resolve(BUILT_JAR);
            if (!Files.isRegularFile(built))
            {
                throw new AbFailure(ExitCodes.BUILD_FAILED, "building " + name + " succeeded but made no " + BUILT_JAR
                    + " (is it a revision of dmsnap?); the output is in " + log, LoggedProcess.tail(log, TAIL_LINES));
            }
            final double seconds = progress.finish(task, "built");
            try
            {
                return cache.store(commit, built, seconds);
            }
            catch (final IOException e)
            {
                throw new AbFailure(ExitCodes.BUILD_FAILED, "cannot store the jar of " + name + " in " + cache.dir() + ": "
                    + e, List.of());
            }
        }
        finally
        {
            final List<String> problems = repository.removeWorktree(worktree);
            guard.worktree(null);
            if (!problems.isEmpty())
            {
                progress.message("dmsnap ab: warning: the worktree " + worktree + " could not be removed: "
                    + String.join("; ", problems) + " (remove the folder, then run git worktree prune)");
            }
        }
    }
}
