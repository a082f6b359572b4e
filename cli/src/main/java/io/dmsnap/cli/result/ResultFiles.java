package io.dmsnap.cli.result;

import io.dmsnap.cli.common.IoReason;
import io.dmsnap.cli.common.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads result files and directories of them into {@link ResultSet}s: the one entry point for
 * every command that consumes results. The kind of a file is detected from its content:
 * <ul>
 *   <li>an object with {@code "format": "dmsnap-result/1"} ({@link ResultFileWriter}) or
 *       {@code "dmsnap-matrix/1"} (older {@code dmsnap matrix} files): {@link ResultKind#DMSNAP};</li>
 *   <li>an array of objects with {@code benchmark} (JMH's {@code -rf json}): {@link ResultKind#JMH};</li>
 *   <li>an object with {@code "fio version"} and {@code jobs} (fio 3.x {@code --output-format=json}
 *       or {@code json+}, and {@code dmsnap fio}): {@link ResultKind#FIO}.</li>
 * </ul>
 * A directory is a set of repeated runs, one file per run; see {@link #read(Path, ReadOptions)}.
 *
 * <p>Whatever cannot be read as measurements is a {@link ResultFileException} naming the file and
 * the problem (exit code 2 on the command line); a reader never returns a partial or empty result.
 * Stateless and thread-safe.
 */
public final class ResultFiles
{
    /** Files of a directory that are read: {@code *.json}, not hidden (temporary files of a writer start with a dot). */
    private static final String GLOB = "[!.]*.json";

    private ResultFiles()
    {
    }

    /** {@link #read(Path, ReadOptions)} with {@link ReadOptions#STRICT}. */
    public static ResultSet read(final Path path)
    {
        return read(path, ReadOptions.STRICT);
    }

    /**
     * A file, or a directory of repeated runs merged into one result set.
     *
     * <p>A directory's {@code *.json} files (not hidden ones, not subdirectories) are read in name
     * order; they must all be of one kind. Rows with the same key merge into one row whose
     * replicates are those of every file in turn, labelled with the file name in front
     * ({@code run-2.json: fork 1}); rows must agree on unit and direction. The environments must
     * agree on every field both files know (start time aside), unless {@code options} allow a
     * mismatch: then the merged environment leaves the disputed fields unknown and the result's
     * notes list them. A row that some files lack is merged from the others and noted.
     *
     * @throws ResultFileException when the path, a file or the combination cannot be read
     */
    public static ResultSet read(final Path path, final ReadOptions options)
    {
        if (Files.isDirectory(path))
        {
            return DirectoryMerge.merge(path, readEach(path), options);
        }
        return readFile(path);
    }

    /**
     * Every {@code *.json} file of a directory as a result set of its own, in name order: for tools
     * that follow runs over time rather than pool them.
     *
     * @throws ResultFileException when the directory has no such file, or one of them cannot be read
     */
    public static List<ResultSet> readEach(final Path directory)
    {
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, GLOB))
        {
            for (final Path p : entries)
            {
                if (Files.isRegularFile(p))
                {
                    files.add(p);
                }
            }
        }
        catch (final NoSuchFileException e)
        {
            throw new ResultFileException(directory, "no such directory");
        }
        catch (final IOException e)
        {
            throw new ResultFileException(directory, "cannot list the directory: " + IoReason.of(e));
        }
        if (files.isEmpty())
        {
            throw new ResultFileException(directory, "empty directory: no *.json result file in it");
        }
        files.sort(null);
        final List<ResultSet> sets = new ArrayList<>();
        for (final Path f : files)
        {
            sets.add(readFile(f));
        }
        return sets;
    }

    /**
     * One file, of any kind listed above.
     *
     * @throws ResultFileException when it cannot be read as measurements
     */
    public static ResultSet readFile(final Path file)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException e)
        {
            throw new ResultFileException(file, "no such file");
        }
        catch (final IOException e)
        {
            throw new ResultFileException(file, "cannot read: " + IoReason.of(e));
        }
        return parse(file, new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * JMH's JSON text ({@code -rf json}) as a result set, as if read from {@code source}: how a
     * command that ran JMH itself builds the rows of its result file.
     */
    public static ResultSet fromJmhJson(final Path source, final String json)
    {
        return parse(source, json, ResultKind.JMH);
    }

    /** fio's JSON text as a result set, as if read from {@code source}. */
    public static ResultSet fromFioJson(final Path source, final String json)
    {
        return parse(source, json, ResultKind.FIO);
    }

    /** The document in {@code text}, of whatever kind it is. */
    static ResultSet parse(final Path file, final String text)
    {
        return parse(file, text, null);
    }

    /** The document in {@code text}; when {@code expected} is set, it must be of that kind. */
    private static ResultSet parse(final Path file, final String text, final ResultKind expected)
    {
        final JsonCursor root = JsonCursor.root(file, tree(file, text));
        final ResultKind kind = kind(root);
        if (expected != null && kind != expected)
        {
            throw new ResultFileException(file, "expected " + expected.label() + " output, found a " + kind.label()
                + " document");
        }
        final SourceContent content;
        try
        {
            content = switch (kind)
            {
                case JMH -> JmhReader.read(root);
                case FIO -> FioReader.read(root);
                case DMSNAP -> root.get("format").string().equals(ResultFileWriter.FORMAT)
                    ? DmsnapResultReader.read(root) : MatrixFileReader.read(root);
            };
            return ResultSet.of(file, kind, content.environment(), content.measurements());
        }
        catch (final ResultFileException e)
        {
            throw e;
        }
        catch (final IllegalArgumentException e)
        {
            // The model refused a value the schema let through (a duplicate row, a blank label).
            throw new ResultFileException(file, e.getMessage());
        }
    }

    private static JsonNode tree(final Path file, final String text)
    {
        if (text.isBlank())
        {
            throw new ResultFileException(file, "empty file: no JSON document");
        }
        try
        {
            return Json.MAPPER.readTree(text);
        }
        catch (final UnexpectedEndOfInputException e)
        {
            throw new ResultFileException(file, "truncated JSON: the document ends" + at(e.getLocation())
                + " before it is complete");
        }
        catch (final JacksonException e)
        {
            final String message = e.getOriginalMessage();
            if (message != null && message.contains("Non-standard token"))
            {
                throw new ResultFileException(file, "not valid JSON" + at(e.getLocation())
                    + ": NaN and Infinity are not JSON numbers (a sample must be a finite number)");
            }
            throw new ResultFileException(file, "not valid JSON" + at(e.getLocation()) + ": "
                + firstLine(message == null ? e.getClass().getSimpleName() : message));
        }
    }

    /** Which reader a document is for, from its shape. */
    private static ResultKind kind(final JsonCursor root)
    {
        if (root.isArray())
        {
            final List<JsonCursor> elements = root.elements();
            if (elements.isEmpty())
            {
                throw root.error("an empty array: a JMH result without benchmarks");
            }
            if (elements.get(0).has("benchmark"))
            {
                return ResultKind.JMH;
            }
        }
        else if (root.isObject())
        {
            if (root.has("format"))
            {
                final String format = root.get("format").string();
                if (format.equals(ResultFileWriter.FORMAT) || format.equals(MatrixFileReader.FORMAT))
                {
                    return ResultKind.DMSNAP;
                }
                throw root.get("format").error("unknown format \"" + format + "\"; this dmsnap reads "
                    + ResultFileWriter.FORMAT + " and " + MatrixFileReader.FORMAT);
            }
            if (root.has("fio version") || root.has("jobs") || root.has("client_stats"))
            {
                return ResultKind.FIO;
            }
        }
        throw new ResultFileException(root.file(), "unknown format: expected a dmsnap result file (\"format\": \""
            + ResultFileWriter.FORMAT + "\"), a JMH result (-rf json) or fio JSON output (--output-format=json)");
    }

    private static String at(final TokenStreamLocation location)
    {
        return location == null || location.getLineNr() < 1 ? ""
            : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(final String message)
    {
        final int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
