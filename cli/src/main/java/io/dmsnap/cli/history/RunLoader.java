package io.dmsnap.cli.history;

import io.dmsnap.cli.history.HistoryLayout.RunDirectory;
import io.dmsnap.cli.result.Environment;
import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.ResultFileException;
import io.dmsnap.cli.result.ResultFiles;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;
import io.dmsnap.cli.stats.Descriptive;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the files of a history, each once, into {@link Run}s: the file is parsed, its rows reduced
 * to one value each (the median of the row's samples) and the parsed document dropped, so the
 * history never holds more than one value per row and run. Equal row keys and units of different
 * files are replaced by one shared instance: a year of files with a hundred rows holds a hundred
 * keys, not 36,500 copies of each key's parameters.
 *
 * <p>Parsing is the main cost of a history, and files are independent, so they are read on the
 * common fork-join pool; the result keeps the files' order, and which file is reported first as
 * unreadable does not depend on the threads. {@link ResultFiles} and the interning maps are
 * thread-safe; a loader is used for one history.
 */
final class RunLoader
{
    /**
     * What reading one file gave: a run, or why it could not be read (exactly one is set).
     */
    record Loaded(Run run, SkippedFile unreadable)
    {
    }

    private final Map<RowKey, RowKey> keys = new ConcurrentHashMap<>();
    private final Map<String, String> units = new ConcurrentHashMap<>();

    /** Every file of every directory, in directory order and then name order. */
    List<Loaded> load(final List<RunDirectory> directories)
    {
        final List<Source> sources = new ArrayList<>();
        for (final RunDirectory d : directories)
        {
            for (final Path f : d.files())
            {
                sources.add(new Source(f, d.prefix() + f.getFileName(), d.name()));
            }
        }
        return sources.parallelStream().map(this::load).toList();
    }

    private record Source(Path file, String name, String directoryName)
    {
    }

    private Loaded load(final Source source)
    {
        final ResultSet set;
        try
        {
            set = ResultFiles.readFile(source.file());
        }
        catch (final ResultFileException e)
        {
            return new Loaded(null, new SkippedFile(source.file(), source.name(), e.problem()));
        }
        final Map<RowKey, RunValue> values = new HashMap<>(set.measurements().size() * 2);
        for (final Measurement m : set.measurements())
        {
            final RowKey key = keys.computeIfAbsent(m.key(), k -> k);
            final String unit = units.computeIfAbsent(m.unit(), u -> u);
            values.put(key, new RunValue(unit, m.direction(), Descriptive.median(m.pooledSamples())));
        }
        final Environment env = set.environment();
        return new Loaded(new Run(source.file(), source.name(), env.startTime(), env.gitCommit(), env.gitDirty(), env.host(),
            source.directoryName(), values), null);
    }
}
