package io.dmsnap.cli.result;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Where commands put their result files by default. Stateless. */
public final class ResultPaths
{
    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(ZoneOffset.UTC);

    private ResultPaths()
    {
    }

    /**
     * The repository's results folder: {@code results/} of the nearest directory, from {@code cwd}
     * upwards, that holds {@code scripts/dmsnap}; else {@code cwd/results}.
     */
    public static Path resultsDir(final Path cwd)
    {
        for (Path dir = cwd.toAbsolutePath().normalize(); dir != null; dir = dir.getParent())
        {
            if (Files.isRegularFile(dir.resolve("scripts").resolve("dmsnap")))
            {
                return dir.resolve("results");
            }
        }
        return cwd.resolve("results");
    }

    /**
     * {@code <dir>/<prefix>-<yyyyMMdd-HHmmss>-<commit>.json}: the time in UTC, the commit
     * shortened to 7 characters when it is a longer hexadecimal hash, {@code unknown} without one,
     * and any character that does not belong in a file name replaced by {@code _}.
     */
    public static Path runFile(final Path dir, final String prefix, final Instant time, final Optional<String> commit)
    {
        String c = commit.orElse("unknown");
        if (c.matches("[0-9a-f]{8,}"))
        {
            c = c.substring(0, 7);
        }
        return dir.resolve(prefix + "-" + FILE_STAMP.format(time) + "-" + c.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }
}
