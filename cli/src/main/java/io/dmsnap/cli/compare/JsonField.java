package io.dmsnap.cli.compare;

import io.dmsnap.cli.result.ResultFileException;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A JSON value of a saved comparison and its place ({@code $.rows[3].p}): every typed access checks
 * the type and otherwise fails with a {@link ResultFileException} naming the file, the path and
 * what was expected, so a damaged file is never read as a valid one. Immutable.
 */
final class JsonField
{
    private final Path file;
    private final String path;
    private final JsonNode node;

    private JsonField(final Path file, final String path, final JsonNode node)
    {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    static JsonField root(final Path file, final JsonNode node)
    {
        return new JsonField(file, "$", node);
    }

    /** A member that must be present (it may be null). */
    JsonField get(final String name)
    {
        if (!node.isObject())
        {
            throw error("expected an object");
        }
        final JsonNode child = node.get(name);
        if (child == null)
        {
            throw error("missing member \"" + name + "\"");
        }
        return new JsonField(file, path + "." + name, child);
    }

    boolean isNull()
    {
        return node.isNull();
    }

    String string()
    {
        if (!node.isString())
        {
            throw error("expected a string");
        }
        return node.stringValue();
    }

    /** A string or null. */
    String stringOrNull()
    {
        return node.isNull() ? null : string();
    }

    boolean bool()
    {
        if (!node.isBoolean())
        {
            throw error("expected true or false");
        }
        return node.booleanValue();
    }

    /** A boolean or null. */
    Boolean boolOrNull()
    {
        return node.isNull() ? null : bool();
    }

    int integer()
    {
        if (!node.isIntegralNumber() || !node.canConvertToInt())
        {
            throw error("expected an integer");
        }
        return node.intValue();
    }

    long longValue()
    {
        if (!node.isIntegralNumber() || !node.canConvertToLong())
        {
            throw error("expected an integer");
        }
        return node.longValue();
    }

    /** A finite number. */
    double number()
    {
        if (!node.isNumber())
        {
            throw error("expected a number");
        }
        final double v = node.doubleValue();
        if (!Double.isFinite(v))
        {
            throw error("expected a finite number");
        }
        return v;
    }

    /** A finite number or null. */
    Double numberOrNull()
    {
        return node.isNull() ? null : number();
    }

    List<JsonField> elements()
    {
        if (!node.isArray())
        {
            throw error("expected an array");
        }
        final List<JsonField> elements = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++)
        {
            elements.add(new JsonField(file, path + "[" + i + "]", node.get(i)));
        }
        return elements;
    }

    List<String> strings()
    {
        final List<String> values = new ArrayList<>();
        for (final JsonField e : elements())
        {
            values.add(e.string());
        }
        return values;
    }

    List<Double> numbers()
    {
        final List<Double> values = new ArrayList<>();
        for (final JsonField e : elements())
        {
            values.add(e.number());
        }
        return values;
    }

    /** An object whose members are all strings, sorted by name. */
    TreeMap<String, String> stringMap()
    {
        if (!node.isObject())
        {
            throw error("expected an object");
        }
        final TreeMap<String, String> map = new TreeMap<>();
        for (final Map.Entry<String, JsonNode> e : node.properties())
        {
            map.put(e.getKey(), new JsonField(file, path + "." + e.getKey(), e.getValue()).string());
        }
        return map;
    }

    /** An error at this value: {@code file: $.path: problem}. */
    ResultFileException error(final String problem)
    {
        return new ResultFileException(file, path + ": " + problem);
    }
}
