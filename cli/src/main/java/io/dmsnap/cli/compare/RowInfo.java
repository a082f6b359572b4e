package io.dmsnap.cli.compare;

import io.dmsnap.cli.result.RowKey;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a row of a comparison is: its key's parts, its id and unit, as written to and read from a
 * saved comparison (so it does not need the result model's validation to be read back).
 *
 * @param id        the key's {@link RowKey#id()}
 * @param benchmark the benchmark or fio job
 * @param mode      the JMH mode, or {@code fio}
 * @param threads   threads or workers
 * @param params    parameters, sorted by name; read-only
 * @param metric    the metric
 * @param unit      the unit of the values
 */
public record RowInfo(String id, String benchmark, String mode, int threads, SortedMap<String, String> params,
                      String metric, String unit)
{
    public RowInfo
    {
        params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
    }

    /** The row of a result key. */
    static RowInfo of(final RowKey key, final String unit)
    {
        return new RowInfo(key.id(), key.benchmark(), key.mode(), key.threads(), key.params(), key.metric(), unit);
    }
}
