package io.dmsnap.cli.result;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
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
     * Where a run's result file goes by default: {@code results/} of the dmsnap checkout the code
     * runs from (so {@code scripts/dmsnap} files its runs in the repository from any working
     * directory), else {@link #resultsDir(Path)} of {@code cwd}.
     */
    public static Path defaultResultsDir(final Path cwd)
    {
        return checkout(codeLocation(), cwd).map(dir -> dir.resolve("results")).orElse(cwd.resolve("results"));
    }

    /**
     * The repository's results folder seen from {@code cwd}: {@code results/} of the nearest
     * directory, from {@code cwd} upwards, that holds {@code scripts/dmsnap}; else {@code cwd/results}.
     */
    public static Path resultsDir(final Path cwd)
    {
        return checkout(Optional.empty(), cwd).map(dir -> dir.resolve("results")).orElse(cwd.resolve("results"));
    }

    /**
     * The dmsnap checkout: the nearest directory holding {@code scripts/dmsnap}, searched upwards from
     * the code's location (the jar in {@code cli/target}, or {@code cli/target/classes}), then from
     * {@code cwd}.
     */
    static Optional<Path> checkout(final Optional<Path> codeLocation, final Path cwd)
    {
        for (final Path start : new Path[] {codeLocation.orElse(null), cwd})
        {
            for (Path dir = start == null ? null : start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent())
            {
                if (Files.isRegularFile(dir.resolve("scripts").resolve("dmsnap")))
                {
                    return Optional.of(dir);
                }
            }
        }
        return Optional.empty();
    }

    /** Where this code was loaded from (a jar or a classes folder), when that is a file. */
    static Optional<Path> codeLocation()
    {
        final CodeSource source = ResultPaths.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null)
        {
            return Optional.empty();
        }
        try
        {
            return Optional.of(Path.of(source.getLocation().toURI()));
        }
        catch (final URISyntaxException | IllegalArgumentException e)
        {
            return Optional.empty();   // not a file location (a custom class loader): search from cwd only
        }
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
