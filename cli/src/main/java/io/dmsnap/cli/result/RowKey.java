package io.dmsnap.cli.result;

import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a row of measurements measured, the key that matches rows across files: the benchmark (a
 * JMH benchmark's full name, or a fio job name), the mode (JMH's {@code thrpt}, {@code avgt},
 * {@code sample}, {@code ss}; {@value #FIO_MODE} for a fio job), the number of threads or workers,
 * the parameters (JMH's {@code @Param} values, fio's job options) and the metric (JMH's primary
 * {@value #PRIMARY} or a secondary label, or a fio metric such as {@code write.iops}).
 *
 * <p>Two keys are equal when all five parts are; {@link #id()} spells them in one stable, printable
 * line, and the natural order sorts by benchmark, mode, threads, parameters, then metric.
 *
 * @param benchmark the benchmark or job name, not blank
 * @param mode      the measurement mode, not blank
 * @param threads   threads (JMH) or workers (fio), at least 1
 * @param params    parameter name to value, sorted by name; read-only
 * @param metric    the metric name, not blank
 */
public record RowKey(String benchmark, String mode, int threads, SortedMap<String, String> params, String metric)
    implements Comparable<RowKey>
{
    /** The metric name of JMH's primary result. */
    public static final String PRIMARY = "score";
    /** The mode of rows read from fio output. */
    public static final String FIO_MODE = "fio";

    /** Tokens written as they are in {@link #id()}; anything else is quoted as a JSON string. */
    private static final Pattern PLAIN_TOKEN = Pattern.compile("[A-Za-z0-9._/+@%$#*~^<>|!?&'();-]+");

    private static final Comparator<RowKey> ORDER = Comparator.comparing(RowKey::benchmark)
        .thenComparing(RowKey::mode)
        .thenComparingInt(RowKey::threads)
        .thenComparing(RowKey::params, RowKey::compareParams)
        .thenComparing(RowKey::metric);

    public RowKey
    {
        requireText("benchmark", benchmark);
        requireText("mode", mode);
        requireText("metric", metric);
        if (threads < 1)
        {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        final TreeMap<String, String> copy = new TreeMap<>();
        for (final Map.Entry<String, String> e : params.entrySet())
        {
            requireText("parameter name", e.getKey());
            if (e.getValue() == null)
            {
                throw new IllegalArgumentException("parameter " + e.getKey() + " has no value");
            }
            copy.put(e.getKey(), e.getValue());
        }
        params = Collections.unmodifiableSortedMap(copy);
    }

    /** The same row with another metric: the primary score's key gives its secondary metrics' keys. */
    public RowKey withMetric(final String otherMetric)
    {
        return new RowKey(benchmark, mode, threads, params, otherMetric);
    }

    /**
     * The key in one line, stable across runs and readers:
     * {@code <benchmark>:<metric> [<mode>, threads=<n>] {<name>=<value>, ...}}, parameters sorted by
     * name and left out when there are none. A token with a blank, a quote, a comma or one of
     * {@code :=[]{}\} is written as a JSON string, so no two keys share an id.
     * Example: {@code io.dmsnap.bench.jmh.micro.ThrottleBench.startEndCopy:score [thrpt, threads=1] {throttle=NONE}}.
     */
    public String id()
    {
        final StringBuilder s = new StringBuilder();
        s.append(token(benchmark)).append(':').append(token(metric));
        s.append(" [").append(token(mode)).append(", threads=").append(threads).append(']');
        if (!params.isEmpty())
        {
            s.append(" {");
            final Iterator<Map.Entry<String, String>> it = params.entrySet().iterator();
            while (it.hasNext())
            {
                final Map.Entry<String, String> e = it.next();
                s.append(token(e.getKey())).append('=').append(token(e.getValue()));
                if (it.hasNext())
                {
                    s.append(", ");
                }
            }
            s.append('}');
        }
        return s.toString();
    }

    @Override
    public int compareTo(final RowKey other)
    {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString()
    {
        return id();
    }

    private static String token(final String text)
    {
        if (PLAIN_TOKEN.matcher(text).matches())
        {
            return text;
        }
        final StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                quoted.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                quoted.append(String.format("\\u%04x", (int) c));
            }
            else
            {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static int compareParams(final SortedMap<String, String> a, final SortedMap<String, String> b)
    {
        final Iterator<Map.Entry<String, String>> ia = a.entrySet().iterator();
        final Iterator<Map.Entry<String, String>> ib = b.entrySet().iterator();
        while (ia.hasNext() && ib.hasNext())
        {
            final Map.Entry<String, String> ea = ia.next();
            final Map.Entry<String, String> eb = ib.next();
            int c = ea.getKey().compareTo(eb.getKey());
            if (c == 0)
            {
                c = ea.getValue().compareTo(eb.getValue());
            }
            if (c != 0)
            {
                return c;
            }
        }
        return Boolean.compare(ia.hasNext(), ib.hasNext());
    }

    private static void requireText(final String what, final String value)
    {
        if (value == null || value.isBlank())
        {
            throw new IllegalArgumentException("a row key needs a " + what + ", got " + (value == null ? "none" : "'" + value + "'"));
        }
    }
}
