package io.dmsnap.cli.ab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The work directory of A/B runs: the benchmark jars built so far, one folder per full commit
 * hash, and the worktrees of the builds under way.
 * <pre>
 * WORK_DIR/jars/COMMIT/benchmarks.jar   the JMH uber-jar of that commit, reused by every later run
 * WORK_DIR/jars/COMMIT/build.log        the last build's output
 * WORK_DIR/jars/COMMIT/build-seconds    how long it took (the next build's ETA)
 * WORK_DIR/worktrees/COMMIT12-PID/      a build's detached worktree, removed when the build ends
 * </pre>
 * A commit's sources never change, so its jar never goes stale; a jar is moved into place whole,
 * so two runs building the same commit at once both end with a complete one. The default place is
 * the user's cache directory ({@code $XDG_CACHE_HOME/dmsnap/ab}, else {@code ~/.cache/dmsnap/ab}):
 * it outlives reboots, unlike the temporary directory, and keeps the worktrees out of the
 * repository's own tree, where they would show up in {@code git status} and in IDE and Maven scans.
 */
final class JarCache
{
    /** The build time assumed for the first build's ETA, before any build was timed here. */
    static final double FIRST_BUILD_SECONDS = 180;

    private static final String JAR = "benchmarks.jar";

    private final Path dir;

    JarCache(final Path dir)
    {
        this.dir = dir;
    }

    /**
     * {@code $XDG_CACHE_HOME/dmsnap/ab} (when absolute, as XDG asks), else {@code ~/.cache/dmsnap/ab},
     * else the temporary directory's {@code dmsnap-ab}.
     */
    static Path defaultDir(final Map<String, String> environment)
    {
        final String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute())
        {
            return Path.of(xdg, "dmsnap", "ab");
        }
        final String home = System.getProperty("user.home");
        if (home != null && !home.isBlank() && !home.equals("?"))
        {
            return Path.of(home, ".cache", "dmsnap", "ab");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "dmsnap-ab");
    }

    Path dir()
    {
        return dir;
    }

    /** Where the jar of {@code commit} is (or will be). */
    Path jar(final String commit)
    {
        return commitDir(commit).resolve(JAR);
    }

    /** The jar of {@code commit} when an earlier build left it. */
    Optional<Path> cached(final String commit)
    {
        final Path jar = jar(commit);
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    /** The output of the last build of {@code commit}. */
    Path buildLog(final String commit)
    {
        return commitDir(commit).resolve("build.log");
    }

    /** A fresh worktree folder for a build of {@code commit} by this process. */
    Path worktree(final String commit)
    {
        return dir.resolve("worktrees").resolve(commit.substring(0, Math.min(12, commit.length())) + "-"
            + ProcessHandle.current().pid());
    }

    /**
     * Moves a built jar into the cache (through a temporary name in the same folder, so the move is
     * atomic) and records how long the build took.
     */
    Path store(final String commit, final Path built, final double buildSeconds) throws IOException
    {
        final Path target = jar(commit);
        Files.createDirectories(target.getParent());
        final Path tmp = target.resolveSibling("." + JAR + "." + ProcessHandle.current().pid() + ".tmp");
        try
        {
            Files.copy(built, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        finally
        {
            Files.deleteIfExists(tmp);
        }
        Files.writeString(commitDir(commit).resolve("build-seconds"), String.format(Locale.ROOT, "%.1f%n", buildSeconds),
            StandardCharsets.UTF_8);
        return target;
    }

    /**
     * What the next build should take: the duration of the most recent build recorded here, else
     * {@link #FIRST_BUILD_SECONDS}.
     */
    double estimatedBuildSeconds()
    {
        double seconds = FIRST_BUILD_SECONDS;
        FileTime newest = null;
        final Path jars = dir.resolve("jars");
        if (!Files.isDirectory(jars))
        {
            return seconds;
        }
        try (DirectoryStream<Path> commits = Files.newDirectoryStream(jars))
        {
            for (final Path commit : commits)
            {
                final Path recorded = commit.resolve("build-seconds");
                if (Files.isRegularFile(recorded))
                {
                    final FileTime time = Files.getLastModifiedTime(recorded);
                    final double value = Double.parseDouble(Files.readString(recorded, StandardCharsets.UTF_8).trim());
                    if ((newest == null || time.compareTo(newest) > 0) && Double.isFinite(value) && value > 0)
                    {
                        newest = time;
                        seconds = value;
                    }
                }
            }
        }
        catch (final IOException | NumberFormatException e)
        {
            return seconds;   // an unreadable record only costs the ETA its accuracy
        }
        return seconds;
    }

    private Path commitDir(final String commit)
    {
        return dir.resolve("jars").resolve(commit);
    }
}
