package io.dmsnap.cli.result;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class ResultPathsTest
{
    private static final Instant T = Instant.parse("2026-11-21T10:02:03Z");

    @Test
    void runFilesAreNamedByPrefixUtcTimeAndShortCommit()
    {
        final Path dir = Path.of("results");
        assertEquals(dir.resolve("fio-20261121-100203-22b1cb9.json"),
            ResultPaths.runFile(dir, "fio", T, Optional.of("22b1cb9d0c1e3c3f5a9e8b7a6c5d4e3f2a1b0c9d")));
        assertEquals(dir.resolve("fio-20261121-100203-cec0ba7.json"), ResultPaths.runFile(dir, "fio", T, Optional.of("cec0ba7")));
        assertEquals(dir.resolve("matrix-20261121-100203-unknown.json"), ResultPaths.runFile(dir, "matrix", T, Optional.empty()));
        assertEquals(dir.resolve("fio-20261121-100203-a_b.json"), ResultPaths.runFile(dir, "fio", T, Optional.of("a/b")));
    }

    @Test
    void theResultsFolderIsTheCheckoutsFromAnySubfolder(@TempDir final Path root) throws Exception
    {
        Files.createDirectories(root.resolve("scripts"));
        Files.writeString(root.resolve("scripts/dmsnap"), "#!/bin/sh\n");
        final Path deep = Files.createDirectories(root.resolve("cli/src"));
        assertEquals(root.toAbsolutePath().normalize().resolve("results"), ResultPaths.resultsDir(deep));
        final Path outside = Files.createDirectories(root.getParent().resolve(root.getFileName() + "-outside"));
        try
        {
            assertEquals(outside.resolve("results"), ResultPaths.resultsDir(outside));
        }
        finally
        {
            Files.delete(outside);
        }
    }
}
