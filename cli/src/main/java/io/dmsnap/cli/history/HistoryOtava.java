package io.dmsnap.cli.history;

import io.dmsnap.cli.changepoint.ChangePointDetector;
import io.dmsnap.cli.changepoint.Direction;
import io.dmsnap.cli.changepoint.MergeRule;
import io.dmsnap.cli.changepoint.OtavaExport;
import io.dmsnap.cli.changepoint.SignificanceMethod;
import io.dmsnap.cli.result.RowKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The history as Apache Otava input ({@code --otava DIR}): per host, the CSV files, configuration
 * and command of {@link OtavaExport}, with one row per run (its start time and commit) and one
 * column per series, holding the same values the history analysed. Metric names are the row ids
 * made safe ({@link #metricNames}). Runs without a start time cannot be placed by Otava and are
 * left out of its files. Stateless.
 */
final class HistoryOtava
{
    /** Otava's own column names, which a metric may not take. */
    private static final Set<String> RESERVED = Set.of("time", "commit", "branch");

    /**
     * What was written for one host.
     *
     * @param host      the host
     * @param directory where the files are
     * @param fileNames the files written (CSV files, then the configuration)
     * @param command   the command that runs Otava on them, from any directory
     * @param leftOut   runs without a start time, not exported
     */
    record HostExport(String host, Path directory, List<String> fileNames, String command, List<String> leftOut)
    {
        HostExport
        {
            fileNames = List.copyOf(fileNames);
            leftOut = List.copyOf(leftOut);
        }
    }

    private HistoryOtava()
    {
    }

    /** Writes every host's files into {@code directory} (created if needed). */
    static List<HostExport> write(final History history, final Path directory) throws IOException
    {
        final ChangePointDetector detector = history.options().detector();
        final List<HostExport> exports = new ArrayList<>();
        final Set<String> taken = new HashSet<>();
        for (final HostHistory host : history.hosts())
        {
            if (host.series().isEmpty())
            {
                continue;
            }
            final String name = unique(OtavaExport.safeName(host.host()), taken);
            final Map<RowKey, String> names = metricNames(host.series().stream().map(Series::key).toList());
            final Map<String, Direction> directions = new TreeMap<>();
            final Map<Run, Map<String, Double>> byRun = new IdentityHashMap<>();
            for (final Series s : host.series())
            {
                final String metric = names.get(s.key());
                directions.put(metric, s.direction());
                for (int i = 0; i < s.length(); i++)
                {
                    byRun.computeIfAbsent(s.run(i), r -> new LinkedHashMap<>()).put(metric, s.value(i));
                }
            }
            final List<OtavaExport.Row> rows = new ArrayList<>();
            final List<String> leftOut = new ArrayList<>();
            for (final Run run : host.runs())
            {
                final Map<String, Double> metrics = byRun.get(run);
                if (metrics == null)
                {
                    continue;
                }
                if (run.startTime().isEmpty())
                {
                    leftOut.add(run.name());
                    continue;
                }
                rows.add(new OtavaExport.Row(run.startTime().get(), run.commit().orElse(""), metrics));
            }
            if (rows.isEmpty())
            {
                continue;
            }
            final OtavaExport export = OtavaExport.of(name, rows, directions);
            final List<String> files = new ArrayList<>();
            for (final Path p : export.writeTo(directory))
            {
                files.add(p.getFileName().toString());
            }
            exports.add(new HostExport(host.host(), directory, files,
                "cd " + shellWord(directory.toString()) + " && " + export.command(detector), leftOut));
        }
        return exports;
    }

    /** Why Otava's result can differ from the history's with these settings, if it can. */
    static Optional<String> caveat(final ChangePointDetector detector)
    {
        if (detector.method() == SignificanceMethod.PERMUTATION)
        {
            return Optional.of("Otava analyses with its t-test: with the permutation test its change points can differ");
        }
        if (detector.mergeRule() == MergeRule.CORRECTED)
        {
            return Optional.of("Otava merges with its own rule: with --merge corrected its change points can differ");
        }
        return Optional.empty();
    }

    /**
     * Otava metric names for row keys: the id with every run of characters other than letters,
     * digits, '.', '_' and '-' replaced by one '_'. When two keys would get the same name, or a
     * name is one of Otava's columns (time, commit, branch), each of them gets the first 8 hex
     * digits of the SHA-256 of its id appended, so a name does not depend on the other keys'
     * order.
     */
    static Map<RowKey, String> metricNames(final Collection<RowKey> keys)
    {
        final Map<RowKey, String> base = new LinkedHashMap<>();
        final Map<String, Integer> uses = new HashMap<>();
        for (final RowKey k : keys)
        {
            String name = k.id().replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^_+|_+$", "");
            if (name.isEmpty())
            {
                name = "metric";
            }
            base.put(k, name);
            uses.merge(name, 1, Integer::sum);
        }
        final Map<RowKey, String> names = new LinkedHashMap<>();
        for (final Map.Entry<RowKey, String> e : base.entrySet())
        {
            final String name = e.getValue();
            final boolean clash = uses.get(name) > 1 || RESERVED.contains(name);
            names.put(e.getKey(), clash ? name + "_" + hash(e.getKey().id()) : name);
        }
        return names;
    }

    private static String unique(final String name, final Set<String> taken)
    {
        String candidate = name;
        for (int n = 2; !taken.add(candidate); n++)
        {
            candidate = name + "-" + n;
        }
        return candidate;
    }

    static String hash(final String text)
    {
        try
        {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The path as one shell word: quoted unless it holds only safe characters. */
    private static String shellWord(final String text)
    {
        return text.matches("[A-Za-z0-9._/+=:,@%-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
