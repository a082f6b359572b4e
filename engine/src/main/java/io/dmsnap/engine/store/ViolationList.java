package io.dmsnap.engine.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The violations {@link CowInspector} finds, grouped by kind so that a hostile image cannot
 * produce a report as large as itself: a kind found once is reported as found; a kind found more
 * often becomes one line with its count and the first {@link #PLACES} occurrences. Kinds keep the
 * order in which they were first found.
 *
 * <p>Not thread-safe: one inspection fills it.
 */
final class ViolationList
{
    /** Occurrences shown for a repeated kind. */
    static final int PLACES = 3;

    /** One kind: its summary title, how many, the first few full texts. */
    private static final class Kind
    {
        final String title;
        final List<String> first = new ArrayList<>(PLACES);
        long count;

        Kind(final String title)
        {
            this.title = title;
        }
    }

    private final Map<String, Kind> kinds = new LinkedHashMap<>();

    /**
     * Record one occurrence of kind {@code title} (e.g. "new chunks beyond the device"), described
     * in full by {@code text} (e.g. "area 0 entry #1: new chunk 500 lies beyond the device").
     */
    void add(final String title, final String text)
    {
        final Kind k = kinds.computeIfAbsent(title, Kind::new);
        k.count++;
        if (k.first.size() < PLACES)
        {
            k.first.add(text);
        }
    }

    /** Times kind {@code title} was recorded. */
    long count(final String title)
    {
        final Kind k = kinds.get(title);
        return k == null ? 0 : k.count;
    }

    /** One line per kind: the text itself when found once, else "title: count; first ...; and N more". */
    List<String> lines()
    {
        final List<String> out = new ArrayList<>(kinds.size());
        for (final Kind k : kinds.values())
        {
            if (k.count == 1)
            {
                out.add(k.first.get(0));
                continue;
            }
            final StringBuilder b = new StringBuilder(k.title).append(": ").append(k.count).append(", first: ");
            for (int i = 0; i < k.first.size(); i++)
            {
                b.append(i == 0 ? "" : "; ").append(k.first.get(i));
            }
            if (k.count > k.first.size())
            {
                b.append("; and ").append(k.count - k.first.size()).append(" more");
            }
            out.add(b.toString());
        }
        return out;
    }
}
