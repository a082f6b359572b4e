package io.dmsnap.cli.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writing the files the commands produce: whole or not at all. Stateless. */
final class Outputs
{
    private Outputs()
    {
    }

    /**
     * Writes {@code text} to a temporary file next to {@code file} and moves it over {@code file}, so
     * a reader (a CI step picking up the report) never sees half a file; creates the folder.
     */
    static void writeAtomically(final Path file, final String text) throws IOException
    {
        final Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        final Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try
        {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        finally
        {
            Files.deleteIfExists(tmp);
        }
    }
}
