package io.dmsnap.cli.result;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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

    @Test
    void theCheckoutIsFoundFromTheCodeThenFromTheWorkingDirectory(@TempDir final Path root) throws IOException
    {
        Files.createDirectories(root.resolve("scripts"));
        Files.writeString(root.resolve("scripts/dmsnap"), "#!/bin/sh\n");
        final Path jar = Files.createDirectories(root.resolve("cli/target")).resolve("dmsnap.jar");
        final Path elsewhere = Files.createDirectories(root.resolve("x/y"));
        final Path real = root.toAbsolutePath().normalize();
        assertEquals(Optional.of(real), ResultPaths.checkout(Optional.of(jar), Path.of("/")));
        assertEquals(Optional.of(real), ResultPaths.checkout(Optional.empty(), elsewhere));
        assertEquals(Optional.empty(), ResultPaths.checkout(Optional.empty(), root.getParent()));
    }

    @Test
    void byDefaultRunsGoToTheCheckoutTheCodeRunsFromWhateverTheWorkingDirectory(@TempDir final Path elsewhere)
    {
        // The tests run from cli/target/classes of this checkout; surefire's working directory is cli/.
        final Path checkout = Path.of("..").toAbsolutePath().normalize();
        assertEquals(checkout.resolve("results"), ResultPaths.defaultResultsDir(elsewhere));
    }
}
