package io.dmsnap.cli.history;

import io.dmsnap.cli.history.HistoryLayout.RunDirectory;
import io.dmsnap.cli.history.RunLoader.Loaded;
import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.result.RowKey;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs built in memory, for analyses repeated over many seeded series where writing and parsing
 * files would only add time: {@link HistoryAnalysis} sees what {@link RunLoader} would give it.
 */
final class InMemoryRuns
{
    private InMemoryRuns()
    {
    }

    /** One host, one higher-is-better row with these values, a run a day. */
    static History analyse(final RowKey key, final double[] values, final HistoryOptions options)
    {
        final Path dir = Path.of("runs");
        final List<Loaded> loaded = new ArrayList<>();
        final List<Path> files = new ArrayList<>();
        for (int i = 0; i < values.length; i++)
        {
            final Path file = dir.resolve(String.format("run-%03d.json", i));
            files.add(file);
            loaded.add(new Loaded(new Run(file, file.getFileName().toString(),
                Optional.of(SyntheticRuns.FIRST.plus(Duration.ofDays(i))), Optional.of(SyntheticRuns.commit(i)),
                Optional.of(false), Optional.of("bench-1"), "runs",
                Map.of(key, new RunValue("ops/s", Direction.HIGHER_IS_BETTER, values[i]))), null));
        }
        return HistoryAnalysis.analyse(dir, List.of(new RunDirectory(dir, "runs", "", files)), loaded, options);
    }
}
