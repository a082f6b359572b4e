package io.dmsnap.cli.history;

import io.dmsnap.cli.report.Charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One PNG file per series ({@code --charts DIR}), named after the host and the row id: every run of
 * characters other than letters, digits, '.', '_' and '-' becomes one '_', so a name holds no path
 * separator, blank or quote, and names are the same from one night to the next. A name longer than
 * {@value #MAX_NAME} characters is cut, and a name that two series would share gets the first 8 hex
 * digits of the SHA-256 of host and id appended, keeping names unique and within what every file
 * system accepts. Stateless.
 */
final class ChartFiles
{
    private static final int MAX_NAME = 150;
    private static final String SUFFIX = ".png";

    private ChartFiles()
    {
    }

    /** The file name of each series (identity keys), in the order given. */
    static Map<Series, String> names(final List<Series> series)
    {
        final Map<Series, String> base = new IdentityHashMap<>();
        final Map<String, Integer> uses = new HashMap<>();
        for (final Series s : series)
        {
            String name = (safe(s.host()) + "_" + safe(s.key().id()));
            final boolean cut = name.length() > MAX_NAME;
            if (cut)
            {
                name = name.substring(0, MAX_NAME) + "_" + HistoryOtava.hash(s.host() + "\n" + s.key().id());
            }
            base.put(s, name);
            uses.merge(name.toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
        final Map<Series, String> names = new IdentityHashMap<>();
        for (final Series s : series)
        {
            final String name = base.get(s);
            // Compared without case: two names differing in case only would be one file on macOS or Windows.
            final boolean clash = uses.get(name.toLowerCase(Locale.ROOT)) > 1;
            names.put(s, (clash ? name + "_" + HistoryOtava.hash(s.host() + "\n" + s.key().id()) : name) + SUFFIX);
        }
        return names;
    }

    /** Writes every series' chart as a PNG into {@code directory} (created if needed); returns the files. */
    static List<Path> write(final History history, final Path directory) throws IOException
    {
        Files.createDirectories(directory);
        final List<Series> all = new ArrayList<>();
        history.hosts().forEach(h -> all.addAll(h.series()));
        final Map<Series, String> names = names(all);
        final List<Path> written = new ArrayList<>();
        for (final Series s : all)
        {
            final Path file = directory.resolve(names.get(s));
            Charts.writePng(SeriesChart.chart(s), file);
            written.add(file);
        }
        return written;
    }

    private static String safe(final String text)
    {
        final String s = text.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[_.]+|_+$", "");
        return s.isEmpty() ? "_" : s;
    }
}
