package io.dmsnap.cli.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Short labels for the rows of one report. A row id spells everything
 * ({@code io.dmsnap.bench.jmh.fio.FioBenchmarks.fio_origin_randwrite_throughput:score [thrpt, threads=1] {chunk=8, ...}});
 * a table needs only what tells its rows apart. So a label is the benchmark's shortest tail that
 * no other benchmark of the report shares, {@code :metric} unless it is JMH's primary
 * {@code score}, and the mode, threads and parameters whose values differ between rows; what all
 * rows share is printed once ({@link #common()}). Immutable.
 */
final class RowLabels
{
    private static final String MODE = "mode";
    private static final String THREADS = "threads";

    private final Map<String, String> shortNames;
    private final Map<String, String> common;

    private RowLabels(final Map<String, String> shortNames, final Map<String, String> common)
    {
        this.shortNames = shortNames;
        this.common = common;
    }

    /** The labels of these rows. */
    static RowLabels of(final List<RowInfo> rows)
    {
        final Set<String> benchmarks = new HashSet<>();
        for (final RowInfo r : rows)
        {
            benchmarks.add(r.benchmark());
        }
        return new RowLabels(shortNames(benchmarks), common(rows));
    }

    /** The row's label. */
    String label(final RowInfo row)
    {
        final StringBuilder s = new StringBuilder(shortNames.getOrDefault(row.benchmark(), row.benchmark()));
        if (!row.metric().equals("score"))
        {
            s.append(':').append(row.metric());
        }
        for (final Map.Entry<String, String> f : fields(row).entrySet())
        {
            if (!f.getValue().equals(common.get(f.getKey())))
            {
                s.append(' ').append(f.getKey()).append('=').append(f.getValue());
            }
        }
        return s.toString();
    }

    /** What every row shares, as {@code name=value} pairs separated by blanks; empty when nothing. */
    String common()
    {
        final List<String> parts = new ArrayList<>();
        for (final Map.Entry<String, String> e : common.entrySet())
        {
            parts.add(e.getKey() + "=" + e.getValue());
        }
        return String.join(" ", parts);
    }

    /** What every row here shares and {@code wider}'s rows do not all share, as {@link #common()} spells it. */
    String commonBeyond(final RowLabels wider)
    {
        final List<String> parts = new ArrayList<>();
        for (final Map.Entry<String, String> e : common.entrySet())
        {
            if (!e.getValue().equals(wider.common.get(e.getKey())))
            {
                parts.add(e.getKey() + "=" + e.getValue());
            }
        }
        return String.join(" ", parts);
    }

    private static Map<String, String> fields(final RowInfo row)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put(MODE, row.mode());
        fields.put(THREADS, Integer.toString(row.threads()));
        for (final Map.Entry<String, String> p : row.params().entrySet())
        {
            fields.putIfAbsent(p.getKey(), p.getValue());
        }
        return fields;
    }

    /** Fields with one value in every row. */
    private static Map<String, String> common(final List<RowInfo> rows)
    {
        if (rows.isEmpty())
        {
            return Map.of();
        }
        final Map<String, String> common = new LinkedHashMap<>(fields(rows.get(0)));
        for (final RowInfo r : rows.subList(1, rows.size()))
        {
            final Map<String, String> f = fields(r);
            common.entrySet().removeIf(e -> !e.getValue().equals(f.get(e.getKey())));
        }
        return common;
    }

    /**
     * Each benchmark's shortest tail of dot-separated segments that no other benchmark here ends
     * with (its full name when every tail is shared). Counts each tail once per benchmark, so the
     * cost is linear in the number of benchmarks.
     */
    private static Map<String, String> shortNames(final Set<String> benchmarks)
    {
        final Map<String, Integer> owners = new HashMap<>();
        for (final String b : benchmarks)
        {
            for (final String tail : tails(b))
            {
                owners.merge(tail, 1, Integer::sum);
            }
        }
        final Map<String, String> names = new HashMap<>();
        for (final String b : benchmarks)
        {
            String name = b;
            for (final String tail : tails(b))
            {
                if (owners.get(tail) == 1)
                {
                    name = tail;
                    break;
                }
            }
            names.put(b, name);
        }
        return names;
    }

    /** The tails of a name after each dot, shortest first, then the name itself. */
    private static List<String> tails(final String name)
    {
        final List<String> tails = new ArrayList<>();
        for (int dot = name.lastIndexOf('.'); dot >= 0; dot = name.lastIndexOf('.', dot - 1))
        {
            if (dot + 1 < name.length())
            {
                tails.add(name.substring(dot + 1));
            }
            if (dot == 0)
            {
                break;
            }
        }
        tails.add(name);
        return tails;
    }
}
