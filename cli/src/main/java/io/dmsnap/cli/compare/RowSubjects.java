package io.dmsnap.cli.compare;

import io.dmsnap.cli.result.RowKey;

import java.util.ArrayList;
import java.util.List;

/**
 * The texts a band or direction glob is matched against for one row. A glob matches a row when
 * it matches, as a whole, one of
 * <ul>
 *   <li>{@code NAME}: the benchmark's name;</li>
 *   <li>{@code NAME:METRIC}: with the metric ({@code score} for JMH's primary result);</li>
 *   <li>the row's id with NAME as its benchmark: {@code NAME:METRIC [MODE, threads=N] {PARAMS}}
 *       ({@link RowKey#id()}),</li>
 * </ul>
 * where NAME is the benchmark's full name or any tail of it after a dot. So
 * {@code fio_*_throughput} matches {@code io.dmsnap.bench.jmh.fio.FioBenchmarks.fio_origin_randwrite_throughput},
 * {@code micro.*} every benchmark of the {@code micro} package, {@code *:*.iops} every fio IOPS row,
 * and a row's full id (its glob escaped, as {@code dmsnap calibrate} writes it) that row alone.
 */
final class RowSubjects
{
    private RowSubjects()
    {
    }

    /** The texts of one row, full name first. */
    static List<String> of(final RowKey key)
    {
        final List<String> subjects = new ArrayList<>();
        final String benchmark = key.benchmark();
        int from = 0;
        while (true)
        {
            final String name = benchmark.substring(from);
            if (!name.isEmpty())
            {
                subjects.add(name);
                subjects.add(name + ":" + key.metric());
                subjects.add(name.equals(benchmark) ? key.id()
                    : new RowKey(name, key.mode(), key.threads(), key.params(), key.metric()).id());
            }
            final int dot = benchmark.indexOf('.', from);
            if (dot < 0)
            {
                return subjects;
            }
            from = dot + 1;
        }
    }
}
