package io.dmsnap.cli.reportcmd;

import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.compare.ComparisonJson;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells what an input of {@code dmsnap report} is from its content, before anything is drawn:
 * <ul>
 *   <li>a directory whose result files name more than one git commit is a {@link InputKind#HISTORY}
 *       (runs over time), and so is a directory without result files whose subdirectories have
 *       them (results/history/ with a directory per host); any other directory is repeated runs,
 *       a {@link InputKind#RESULT};</li>
 *   <li>a JSON object whose {@code format} is {@value ComparisonJson#FORMAT} is a
 *       {@link InputKind#COMPARISON} (the JSON of {@code dmsnap compare});</li>
 *   <li>anything else is a {@link InputKind#RESULT}: the result readers accept it or say why not.</li>
 * </ul>
 * Stateless.
 */
final class InputKinds
{
    private InputKinds()
    {
    }

    /**
     * The kind of {@code input}.
     *
     * @throws IllegalArgumentException when it does not exist, or a directory's files cannot be read
     */
    static InputKind of(final Path input)
    {
        if (!Files.exists(input))
        {
            throw new IllegalArgumentException(input + ": no such file or directory");
        }
        if (Files.isDirectory(input))
        {
            if (!hasJson(input) && hostDirectories(input))
            {
                return InputKind.HISTORY;
            }
            final Set<String> commits = new HashSet<>();
            for (final ResultSet run : ResultFiles.readEach(input))
            {
                run.environment().gitCommit().ifPresent(commits::add);
            }
            return commits.size() > 1 ? InputKind.HISTORY : InputKind.RESULT;
        }
        return isComparison(input) ? InputKind.COMPARISON : InputKind.RESULT;
    }

    private static boolean isComparison(final Path file)
    {
        final JsonNode root;
        try
        {
            root = Json.MAPPER.readTree(Files.readString(file));
        }
        catch (final IOException | JacksonException e)
        {
            // Not JSON, or unreadable: the result reader names the problem.
            return false;
        }
        return root != null && root.isObject() && ComparisonJson.FORMAT.equals(root.path("format").asString(null));
    }

    private static boolean hasJson(final Path directory)
    {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json"))
        {
            return files.iterator().hasNext();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** Whether some subdirectory holds result files (the results/history/ layout, a directory per host). */
    private static boolean hostDirectories(final Path directory)
    {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, Files::isDirectory))
        {
            for (final Path sub : entries)
            {
                if (hasJson(sub))
                {
                    return true;
                }
            }
            return false;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
