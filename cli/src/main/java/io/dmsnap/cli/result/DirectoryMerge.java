package io.dmsnap.cli.result;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the result sets of a directory's files (repeated runs) into one: rows by key, replicates
 * labelled with their file's name, environments checked against the first file's. The rules are
 * documented on {@link ResultFiles#read(Path, ReadOptions)}.
 */
final class DirectoryMerge
{
    private DirectoryMerge()
    {
    }

    static ResultSet merge(final Path directory, final List<ResultSet> files, final ReadOptions options)
    {
        final ResultSet first = files.get(0);
        final Path firstFile = first.source();
        final List<String> notes = new ArrayList<>();
        Environment env = first.environment();
        for (final ResultSet other : files.subList(1, files.size()))
        {
            if (other.kind() != first.kind())
            {
                throw new ResultFileException(directory, "mixes kinds of result: " + firstFile.getFileName() + " is "
                    + first.kind().label() + ", " + other.source().getFileName() + " is " + other.kind().label());
            }
            final List<Environment.Difference> differences = first.environment().differences(other.environment());
            if (!differences.isEmpty())
            {
                final String text = "environments differ between " + firstFile.getFileName() + " and "
                    + other.source().getFileName() + ": " + describe(differences);
                if (!options.allowEnvironmentMismatch())
                {
                    throw new ResultFileException(directory, text);
                }
                notes.add(text);
            }
            env = env.mergedWith(other.environment());
        }
        final Map<RowKey, Measurement> rows = new LinkedHashMap<>();
        final Map<RowKey, Path> rowSource = new LinkedHashMap<>();
        final Map<RowKey, Integer> rowFiles = new LinkedHashMap<>();
        for (final ResultSet set : files)
        {
            final String name = set.source().getFileName().toString();
            for (final Measurement m : set.measurements())
            {
                final List<Replicate> labelled = new ArrayList<>();
                for (final Replicate r : m.replicates())
                {
                    labelled.add(r.relabel(name + ": " + r.label()));
                }
                final Measurement known = rows.get(m.key());
                if (known == null)
                {
                    rows.put(m.key(), new Measurement(m.key(), m.unit(), m.direction(), labelled));
                    rowSource.put(m.key(), set.source());
                }
                else
                {
                    if (!known.unit().equals(m.unit()) || known.direction() != m.direction())
                    {
                        throw new ResultFileException(directory, "row " + m.key().id() + " is in "
                            + known.unit() + " (" + known.direction().label() + " is better) in "
                            + rowSource.get(m.key()).getFileName() + " but in " + m.unit() + " ("
                            + m.direction().label() + " is better) in " + name);
                    }
                    rows.put(m.key(), known.plus(labelled));
                }
                rowFiles.merge(m.key(), 1, Integer::sum);
            }
        }
        for (final Map.Entry<RowKey, Integer> e : rowFiles.entrySet())
        {
            if (e.getValue() < files.size())
            {
                notes.add("row " + e.getKey().id() + " is in " + e.getValue() + " of " + files.size() + " files");
            }
        }
        final List<Path> paths = new ArrayList<>();
        for (final ResultSet set : files)
        {
            paths.add(set.source());
        }
        return new ResultSet(directory, first.kind(), env, new ArrayList<>(rows.values()), paths, notes);
    }

    private static String describe(final List<Environment.Difference> differences)
    {
        final StringBuilder s = new StringBuilder();
        for (final Environment.Difference d : differences)
        {
            if (s.length() > 0)
            {
                s.append("; ");
            }
            s.append(d.field()).append(' ').append(quote(d.left())).append(" vs ").append(quote(d.right()));
        }
        return s.toString();
    }

    private static String quote(final String value)
    {
        return value.length() > 60 ? "'" + value.substring(0, 57) + "...'" : "'" + value + "'";
    }
}
