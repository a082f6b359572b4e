package io.dmsnap.cli.compare;

import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.ResultSet;
import io.dmsnap.cli.result.RowKey;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rows of one result by the key they are matched on: the row key, less the parameters the
 * user chose to ignore ({@code --ignore-param}, e.g. the preset when comparing two presets of one
 * run). A hash map, so matching two results costs time in proportion to their rows.
 */
final class RowIndex
{
    private RowIndex()
    {
    }

    /**
     * Row key (without the ignored parameters) to row, in the result's order.
     *
     * @param side the side's name for messages ({@code base}, {@code candidate})
     * @throws IllegalArgumentException when two rows become one once the parameters are ignored
     */
    static Map<RowKey, Measurement> of(final ResultSet set, final Set<String> ignoredParams, final String side)
    {
        final Map<RowKey, Measurement> rows = new LinkedHashMap<>();
        for (final Measurement m : set.measurements())
        {
            final RowKey key = withoutParams(m.key(), ignoredParams);
            final Measurement earlier = rows.put(key, key == m.key() ? m
                : new Measurement(key, m.unit(), m.direction(), m.replicates()));
            if (earlier != null)
            {
                throw new IllegalArgumentException(side + " " + set.source() + ": rows " + m.key().id() + " and "
                    + rowWith(set.measurements(), key, ignoredParams, m.key()) + " are the same row once "
                    + String.join(", ", ignoredParams) + " is ignored: ignore fewer parameters");
            }
        }
        return rows;
    }

    /** The key without the ignored parameters; the same object when it has none of them. */
    static RowKey withoutParams(final RowKey key, final Set<String> ignoredParams)
    {
        if (ignoredParams.isEmpty() || ignoredParams.stream().noneMatch(key.params()::containsKey))
        {
            return key;
        }
        final TreeMap<String, String> params = new TreeMap<>(key.params());
        params.keySet().removeAll(ignoredParams);
        return new RowKey(key.benchmark(), key.mode(), key.threads(), params, key.metric());
    }

    private static String rowWith(final Collection<Measurement> rows, final RowKey key, final Set<String> ignored,
                                  final RowKey not)
    {
        for (final Measurement m : rows)
        {
            if (!m.key().equals(not) && withoutParams(m.key(), ignored).equals(key))
            {
                return m.key().id();
            }
        }
        return key.id();
    }
}
