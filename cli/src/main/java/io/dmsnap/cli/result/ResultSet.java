package io.dmsnap.cli.result;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one result source holds: where it was read from, what kind of file it is, the
 * environment it was measured in and its rows of measurements. Immutable.
 *
 * @param source       the file or directory it was read from
 * @param kind         the kind of its file(s)
 * @param environment  where and how it was measured (merged over a directory's files)
 * @param measurements at least one, each row key once, in the order of the source; read-only
 * @param files        the files read: {@code source} itself, or a directory's files in name order
 * @param notes        what a reader of the numbers should know: allowed environment differences,
 *                     rows missing from some of a directory's files; read-only
 */
public record ResultSet(Path source, ResultKind kind, Environment environment, List<Measurement> measurements,
                        List<Path> files, List<String> notes)
{
    public ResultSet
    {
        if (source == null || kind == null || environment == null)
        {
            throw new IllegalArgumentException("a result set needs a source, a kind and an environment");
        }
        if (measurements.isEmpty())
        {
            throw new IllegalArgumentException(source + " holds no measurements");
        }
        final Map<RowKey, Measurement> seen = new LinkedHashMap<>();
        for (final Measurement m : measurements)
        {
            if (seen.put(m.key(), m) != null)
            {
                throw new IllegalArgumentException(source + " has the row " + m.key().id() + " twice");
            }
        }
        measurements = List.copyOf(measurements);
        files = List.copyOf(files);
        notes = List.copyOf(notes);
    }

    /** A result set of one file without notes. */
    public static ResultSet of(final Path file, final ResultKind kind, final Environment environment,
                               final List<Measurement> measurements)
    {
        return new ResultSet(file, kind, environment, measurements, List.of(file), List.of());
    }

    /** The row with this key, if the set has one. */
    public Optional<Measurement> find(final RowKey key)
    {
        for (final Measurement m : measurements)
        {
            if (m.key().equals(key))
            {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Row key to row, in the order of the source; read-only. */
    public Map<RowKey, Measurement> byKey()
    {
        final Map<RowKey, Measurement> map = new LinkedHashMap<>();
        for (final Measurement m : measurements)
        {
            map.put(m.key(), m);
        }
        return Collections.unmodifiableMap(map);
    }

    /** The same rows, in the same file, with another environment (a writer's captured one). */
    public ResultSet withEnvironment(final Environment other)
    {
        return new ResultSet(source, kind, other, measurements, files, notes);
    }
}
