package io.dmsnap.cli.result;

import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A JSON value of a result file together with its place: the file and the JSON path from the
 * document's root ({@code $.jobs[0]["job options"].rw}). Every typed access checks the type and
 * fails with a {@link ResultFileException} that names the file, the path and what was expected,
 * so readers state their schema as a sequence of accesses and never continue on a wrong value.
 * Immutable.
 */
final class JsonCursor
{
    /** Member names written as {@code .name} in a path; anything else is written {@code ["name"]}. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Path file;
    private final String path;
    private final JsonNode node;

    private JsonCursor(final Path file, final String path, final JsonNode node)
    {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** The root of a document read from {@code file}. */
    static JsonCursor root(final Path file, final JsonNode node)
    {
        return new JsonCursor(file, "$", node);
    }

    Path file()
    {
        return file;
    }

    String path()
    {
        return path;
    }

    JsonNode node()
    {
        return node;
    }

    /** An error at this value: {@code <file>: <path>: <message>}. */
    ResultFileException error(final String message)
    {
        return new ResultFileException(file, path + ": " + message);
    }

    boolean isNull()
    {
        return node.isNull();
    }

    boolean isObject()
    {
        return node.isObject();
    }

    boolean isArray()
    {
        return node.isArray();
    }

    /** Whether this is an object with a member {@code name} (null counts as present). */
    boolean has(final String name)
    {
        return node.isObject() && node.has(name);
    }

    /** The member {@code name} of this object; missing is an error. */
    JsonCursor get(final String name)
    {
        requireObject();
        final JsonNode child = node.get(name);
        if (child == null)
        {
            throw error("missing member \"" + name + "\"");
        }
        return new JsonCursor(file, member(name), child);
    }

    /** The member {@code name} of this object, empty when it is absent or null. */
    Optional<JsonCursor> optional(final String name)
    {
        requireObject();
        final JsonNode child = node.get(name);
        return child == null || child.isNull() ? Optional.empty() : Optional.of(new JsonCursor(file, member(name), child));
    }

    /** The elements of this array. */
    List<JsonCursor> elements()
    {
        if (!node.isArray())
        {
            throw error("expected an array, found " + describe(node));
        }
        final List<JsonCursor> elements = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++)
        {
            elements.add(new JsonCursor(file, path + "[" + i + "]", node.get(i)));
        }
        return elements;
    }

    /** The members of this object, in document order. */
    List<Map.Entry<String, JsonCursor>> members()
    {
        requireObject();
        final List<Map.Entry<String, JsonCursor>> members = new ArrayList<>(node.size());
        for (final Map.Entry<String, JsonNode> e : node.properties())
        {
            members.add(Map.entry(e.getKey(), new JsonCursor(file, member(e.getKey()), e.getValue())));
        }
        return members;
    }

    String string()
    {
        if (!node.isString())
        {
            throw error("expected a string, found " + describe(node));
        }
        return node.stringValue();
    }

    /** A string, or empty when the value is null. */
    Optional<String> nullableString()
    {
        return node.isNull() ? Optional.empty() : Optional.of(string());
    }

    boolean bool()
    {
        if (!node.isBoolean())
        {
            throw error("expected true or false, found " + describe(node));
        }
        return node.booleanValue();
    }

    long integer()
    {
        if (!node.isIntegralNumber() || !node.canConvertToLong())
        {
            throw error("expected an integer, found " + describe(node));
        }
        return node.longValue();
    }

    /** An integer from {@code min} up to {@link Integer#MAX_VALUE}. */
    int intAtLeast(final int min)
    {
        final long value = integer();
        if (value < min || value > Integer.MAX_VALUE)
        {
            throw error("expected an integer >= " + min + ", found " + value);
        }
        return (int) value;
    }

    /**
     * A finite number. JMH writes NaN and infinities as the strings {@code "NaN"}, {@code "+INF"}
     * and {@code "-INF"}; they are named as such, since a measurement cannot be one.
     */
    double number()
    {
        if (node.isString() && isNonFiniteSpelling(node.stringValue()))
        {
            throw error("\"" + node.stringValue() + "\" is not a finite number: a sample must be one");
        }
        if (!node.isNumber())
        {
            throw error("expected a number, found " + describe(node));
        }
        final double value = node.doubleValue();
        if (!Double.isFinite(value))
        {
            throw error("a number beyond the range of a double: a sample must be a finite number");
        }
        return value;
    }

    private void requireObject()
    {
        if (!node.isObject())
        {
            throw error("expected an object, found " + describe(node));
        }
    }

    private String member(final String name)
    {
        return PLAIN_NAME.matcher(name).matches() ? path + "." + name : path + "[\"" + name.replace("\"", "\\\"") + "\"]";
    }

    private static boolean isNonFiniteSpelling(final String s)
    {
        final String t = s.trim();
        return t.equalsIgnoreCase("NaN") || t.matches("(?i)[+-]?(INF|Infinity)");
    }

    /** A short description of a value for error messages: its type, and a short value when it is a scalar. */
    static String describe(final JsonNode node)
    {
        if (node.isNull())
        {
            return "null";
        }
        if (node.isObject())
        {
            return "an object";
        }
        if (node.isArray())
        {
            return "an array";
        }
        if (node.isString())
        {
            final String s = node.stringValue();
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (node.isBoolean())
        {
            return node.asString();
        }
        return "the number " + node.asString();
    }
}
