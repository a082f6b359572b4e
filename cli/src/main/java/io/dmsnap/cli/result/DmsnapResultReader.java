package io.dmsnap.cli.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a {@value ResultFileWriter#FORMAT} file: {@code environment} as {@link EnvironmentJson}
 * writes it, and {@code rows}, each with its key, unit, direction and replicates. {@code run} must
 * be an object or null and {@code raw} an object whose {@code jmh} member, when present, is an
 * array and whose {@code fio} member an object; their contents are for other tools and are not
 * read. Members this reader does not know are ignored.
 */
final class DmsnapResultReader
{
    private DmsnapResultReader()
    {
    }

    static SourceContent read(final JsonCursor root)
    {
        final Environment env = EnvironmentJson.read(root.get("environment"));
        final JsonCursor run = root.get("run");
        if (!run.isNull() && !run.isObject())
        {
            throw run.error("expected an object or null, found " + JsonCursor.describe(run.node()));
        }
        final JsonCursor raw = root.get("raw");
        raw.members();   // an object
        raw.optional("jmh").ifPresent(JsonCursor::elements);
        raw.optional("fio").ifPresent(JsonCursor::members);
        final List<JsonCursor> rows = root.get("rows").elements();
        if (rows.isEmpty())
        {
            throw root.get("rows").error("empty: the file holds no measurement");
        }
        final Map<RowKey, Measurement> measurements = new LinkedHashMap<>();
        for (final JsonCursor row : rows)
        {
            final Measurement m = row(row);
            if (measurements.put(m.key(), m) != null)
            {
                throw row.error("the row " + m.key().id() + " occurs twice");
            }
        }
        return new SourceContent(env, new ArrayList<>(measurements.values()));
    }

    private static Measurement row(final JsonCursor row)
    {
        final Map<String, String> params = new TreeMap<>();
        for (final Map.Entry<String, JsonCursor> p : row.get("params").members())
        {
            if (p.getKey().isBlank())
            {
                throw p.getValue().error("a blank parameter name");
            }
            params.put(p.getKey(), p.getValue().string());
        }
        final RowKey key = new RowKey(text(row.get("benchmark")), text(row.get("mode")), row.get("threads").intAtLeast(1),
            new TreeMap<>(params), text(row.get("metric")));
        final String unit = text(row.get("unit"));
        final JsonCursor better = row.get("better");
        final Direction direction;
        try
        {
            direction = Direction.ofLabel(better.string());
        }
        catch (final IllegalArgumentException e)
        {
            throw better.error(e.getMessage());
        }
        final List<JsonCursor> replicates = row.get("replicates").elements();
        if (replicates.isEmpty())
        {
            throw row.get("replicates").error("empty: a row needs at least one replicate");
        }
        final List<Replicate> list = new ArrayList<>();
        for (final JsonCursor r : replicates)
        {
            final String label = text(r.get("label"));
            final List<JsonCursor> samples = r.get("samples").elements();
            if (samples.isEmpty())
            {
                throw r.get("samples").error("empty: replicate '" + label + "' has no samples");
            }
            final double[] values = new double[samples.size()];
            for (int i = 0; i < values.length; i++)
            {
                values[i] = samples.get(i).number();
            }
            list.add(Replicate.of(label, values));
        }
        return new Measurement(key, unit, direction, list);
    }

    private static String text(final JsonCursor value)
    {
        final String s = value.string();
        if (s.isBlank())
        {
            throw value.error("must not be blank");
        }
        return s;
    }
}
