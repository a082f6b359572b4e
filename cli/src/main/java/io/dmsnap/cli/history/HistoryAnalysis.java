package io.dmsnap.cli.history;

import io.dmsnap.cli.changepoint.ChangePoint;
import io.dmsnap.cli.changepoint.ChangePointDetector;
import io.dmsnap.cli.history.HistoryLayout.RunDirectory;
import io.dmsnap.cli.history.RunLoader.Loaded;
import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.result.RowKey;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the runs read from a directory into a {@link History}: runs grouped by host (a series never
 * mixes hosts), ordered ({@link RunOrder}), cut to the window ({@code --since}, {@code --last}),
 * one series per row with the change points of each. Stateless.
 */
final class HistoryAnalysis
{
    private HistoryAnalysis()
    {
    }

    static History analyse(final Path directory, final List<RunDirectory> layout, final List<Loaded> loaded,
                           final HistoryOptions options)
    {
        final boolean parentLayout = layout.size() > 1 || !layout.get(0).prefix().isEmpty();
        final List<SkippedFile> skipped = new ArrayList<>();
        final Map<String, List<Run>> byHost = new TreeMap<>();
        final List<String> unrecordedHost = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        for (final Loaded l : loaded)
        {
            if (l.unreadable() != null)
            {
                if (!options.skipUnreadable())
                {
                    throw new IllegalArgumentException(l.unreadable().file() + ": " + l.unreadable().problem()
                        + " (--skip-unreadable reads the history without such files)");
                }
                skipped.add(l.unreadable());
                continue;
            }
            final Run run = l.run();
            byHost.computeIfAbsent(run.host(), h -> new ArrayList<>()).add(run);
            if (run.recordedHost().isEmpty())
            {
                unrecordedHost.add(run.name());
            }
            else if (parentLayout && !run.recordedHost().get().equals(run.directoryName()))
            {
                notes.add(run.name() + " records host " + run.recordedHost().get() + ": counted with that host's runs, "
                    + "not " + run.directoryName() + "'s");
            }
        }
        final List<String> unread = parentLayout ? List.of() : HistoryLayout.unreadSubdirectories(directory);
        if (!unread.isEmpty())
        {
            notes.add(directory + " holds result files, so it is read as one host's history: its subdirectories "
                + HistoryFormat.list(unread) + " hold result files too and were not read (give the parent of host "
                + "directories only, or one of them)");
        }
        if (!unrecordedHost.isEmpty() && !parentLayout)
        {
            notes.add(HistoryFormat.count(unrecordedHost.size(), "file") + " without a host name counted as host "
                + layout.get(0).name() + " (the directory's name): " + HistoryFormat.list(unrecordedHost));
        }
        if (byHost.isEmpty())
        {
            throw new IllegalArgumentException(directory + ": no readable result file: all " + skipped.size()
                + " were unreadable");
        }
        final List<HostHistory> hosts = new ArrayList<>();
        for (final Map.Entry<String, List<Run>> e : byHost.entrySet())
        {
            final List<Run> runs = window(e.getKey(), RunOrder.order(e.getValue()), options, notes);
            if (!runs.isEmpty())
            {
                hosts.add(host(e.getKey(), runs, options.detector()));
            }
        }
        requireTwoRuns(directory, byHost, hosts, options);
        for (final HostHistory h : hosts)
        {
            if (h.runs().size() < 2)
            {
                notes.add("host " + h.host() + " has a single run (" + h.runs().get(0).name() + "): no series to follow");
            }
        }
        return new History(directory, options, hosts, skipped, notes);
    }

    /** The host's runs in the window, noting runs without start time and what the window left out. */
    private static List<Run> window(final String host, final List<Run> ordered, final HistoryOptions options,
                                    final List<String> notes)
    {
        final List<String> untimed = new ArrayList<>();
        for (final Run r : ordered)
        {
            if (r.startTime().isEmpty())
            {
                untimed.add(r.name());
            }
        }
        List<Run> runs = ordered;
        if (options.since().isPresent())
        {
            final Instant since = options.since().get();
            runs = ordered.stream().filter(r -> r.startTime().isPresent() && !r.startTime().get().isBefore(since)).toList();
            final int before = ordered.size() - untimed.size() - runs.size();
            if (before > 0)
            {
                notes.add("host " + host + ": " + HistoryFormat.count(before, "run") + " before " + since + " left out (--since)");
            }
            if (!untimed.isEmpty())
            {
                notes.add("host " + host + ": " + HistoryFormat.count(untimed.size(), "file") + " without a start time left out "
                    + "(--since cannot place them): " + HistoryFormat.list(untimed));
            }
        }
        else if (!untimed.isEmpty())
        {
            notes.add("host " + host + ": " + HistoryFormat.count(untimed.size(), "file") + " without a start time, placed by "
                + "file name among the others: " + HistoryFormat.list(untimed));
        }
        if (options.last().isPresent() && runs.size() > options.last().getAsInt())
        {
            final int dropped = runs.size() - options.last().getAsInt();
            runs = runs.subList(dropped, runs.size());
            notes.add("host " + host + ": the " + HistoryFormat.count(dropped, "earlier run") + " left out (--last "
                + options.last().getAsInt() + ")");
        }
        return List.copyOf(runs);
    }

    private static void requireTwoRuns(final Path directory, final Map<String, List<Run>> byHost,
                                       final List<HostHistory> hosts, final HistoryOptions options)
    {
        if (hosts.stream().anyMatch(h -> h.runs().size() >= 2))
        {
            return;
        }
        final List<String> names = new ArrayList<>();
        hosts.forEach(h -> h.runs().forEach(r -> names.add(r.name())));
        final int read = byHost.values().stream().mapToInt(List::size).sum();
        final String window = options.since().isEmpty() ? "" : " since " + options.since().get();
        throw new IllegalArgumentException(directory + ": a history needs at least 2 runs of one host, found "
            + (names.isEmpty() ? "none" + window + " (" + HistoryFormat.count(read, "run") + " read)"
            : names.size() + window + ": " + HistoryFormat.list(names))
            + "; give the directory that holds a host's nightly result files");
    }

    /** The host's series: one per row with a direction, values in run order, change points found. */
    private static HostHistory host(final String host, final List<Run> runs, final ChangePointDetector detector)
    {
        final Map<RowKey, SeriesBuilder> rows = new HashMap<>();
        for (int position = 0; position < runs.size(); position++)
        {
            final Run run = runs.get(position);
            for (final Map.Entry<RowKey, RunValue> e : run.values().entrySet())
            {
                rows.computeIfAbsent(e.getKey(), k -> new SeriesBuilder(host, k, run, e.getValue()))
                    .add(run, e.getValue(), position);
            }
        }
        final List<SeriesBuilder> directed = new ArrayList<>();
        final List<RowKey> undirected = new ArrayList<>();
        for (final SeriesBuilder b : new TreeMap<>(rows).values())
        {
            if (b.direction == Direction.UNKNOWN)
            {
                undirected.add(b.key);
            }
            else
            {
                directed.add(b);
            }
        }
        // Series are independent and the detector immutable: the permutation test's cost is shared out.
        final List<Series> series = directed.parallelStream().map(b -> b.build(runs, detector)).toList();
        return new HostHistory(host, runs, series, undirected);
    }

    /** Collects one row's values over a host's runs; refuses a change of unit or direction. */
    private static final class SeriesBuilder
    {
        private final String host;
        private final RowKey key;
        private final Run first;
        private final String unit;
        private final Direction direction;
        private double[] values = new double[16];
        private int[] positions = new int[16];
        private int size;

        SeriesBuilder(final String host, final RowKey key, final Run first, final RunValue value)
        {
            this.host = host;
            this.key = key;
            this.first = first;
            this.unit = value.unit();
            this.direction = value.direction();
        }

        void add(final Run run, final RunValue value, final int position)
        {
            if (!value.unit().equals(unit) || value.direction() != direction)
            {
                throw new IllegalArgumentException("row " + key.id() + " of host " + host + " is in " + unit + " ("
                    + direction.label() + " is better) in " + first.name() + " but in " + value.unit() + " ("
                    + value.direction().label() + " is better) in " + run.name()
                    + ": a series needs one unit and direction; move the files of one kind out of the directory");
            }
            if (size == values.length)
            {
                values = Arrays.copyOf(values, size * 2);
                positions = Arrays.copyOf(positions, size * 2);
            }
            values[size] = value.value();
            positions[size] = position;
            size++;
        }

        Series build(final List<Run> runs, final ChangePointDetector detector)
        {
            // The result model's direction, here known, as the detector's.
            final io.dmsnap.cli.changepoint.Direction better = direction == Direction.HIGHER_IS_BETTER
                ? io.dmsnap.cli.changepoint.Direction.HIGHER_IS_BETTER : io.dmsnap.cli.changepoint.Direction.LOWER_IS_BETTER;
            final double[] v = Arrays.copyOf(values, size);
            final List<ChangePoint> points = detector.detect(v, better);
            return new Series(host, key, unit, better, v, Arrays.copyOf(positions, size), runs, points);
        }
    }
}
