package io.dmsnap.cli.reportcmd;

import io.dmsnap.cli.common.Json;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells what an input of {@code dmsnap report} is from its content, before anything is drawn:
 * <ul>
 *   <li>a directory whose result files name more than one git commit is a {@link InputKind#HISTORY}
 *       (runs over time); any other directory is repeated runs, a {@link InputKind#RESULT};</li>
 *   <li>a JSON object without a {@code format} member whose {@code rows} carry a {@code verdict}
 *       is a {@link InputKind#COMPARISON} (the JSON of {@code dmsnap compare});</li>
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
        if (root == null || !root.isObject() || root.has("format"))
        {
            return false;
        }
        final JsonNode rows = root.path("rows");
        return rows.isArray() && !rows.isEmpty() && rows.get(0).has("verdict");
    }
}
