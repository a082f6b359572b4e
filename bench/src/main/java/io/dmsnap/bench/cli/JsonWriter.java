package io.dmsnap.bench.cli;

import java.io.PrintWriter;
import java.util.BitSet;

/**
 * A minimal streaming JSON writer with two-space indentation, enough for the command's
 * machine-readable output without a library. Commas and nesting are tracked here, so a caller
 * that pairs every begin with its end always produces well-formed JSON; misuse (a value in an
 * object without a name, an unbalanced end) throws {@link IllegalStateException}. Not
 * thread-safe.
 */
public final class JsonWriter
{
    private final PrintWriter out;
    /** Bit d: the container at depth d already has an element (a comma goes before the next one). */
    private final BitSet hasElements = new BitSet();
    /** Bit d: the container at depth d is an object (its elements need names). */
    private final BitSet isObject = new BitSet();
    private int depth;
    private boolean afterName;

    public JsonWriter(final PrintWriter out)
    {
        this.out = out;
    }

    public JsonWriter beginObject()
    {
        return open('{', true);
    }

    public JsonWriter endObject()
    {
        return close('}', true);
    }

    public JsonWriter beginArray()
    {
        return open('[', false);
    }

    public JsonWriter endArray()
    {
        return close(']', false);
    }

    /** The name of the next member of the current object. */
    public JsonWriter name(final String name)
    {
        if (depth == 0 || !isObject.get(depth) || afterName)
        {
            throw new IllegalStateException("a name is only allowed where an object expects its next member");
        }
        newElement();
        out.print(quote(name));
        out.print(": ");
        afterName = true;
        return this;
    }

    public JsonWriter value(final String value)
    {
        beforeValue();
        out.print(quote(value));
        return this;
    }

    public JsonWriter value(final long value)
    {
        beforeValue();
        out.print(value);
        return this;
    }

    // ---- used by the fio reports (io.dmsnap.bench.fio): fractional numbers ----

    /** A finite number with six decimals, as fio prints its floating-point fields. */
    public JsonWriter value(final double value)
    {
        if (!Double.isFinite(value))
        {
            throw new IllegalArgumentException("JSON has no " + value);
        }
        beforeValue();
        out.print(String.format(java.util.Locale.ROOT, "%.6f", value));
        return this;
    }

    /** Writes a JSON string literal: quotes, backslashes and control characters escaped. */
    static String quote(final String s)
    {
        final StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.append(String.format("\\u%04x", (int) c));
                    }
                    else
                    {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }

    private JsonWriter open(final char bracket, final boolean object)
    {
        beforeValue();
        out.print(bracket);
        depth++;
        hasElements.clear(depth);
        isObject.set(depth, object);
        return this;
    }

    private JsonWriter close(final char bracket, final boolean object)
    {
        if (depth == 0 || isObject.get(depth) != object || afterName)
        {
            throw new IllegalStateException("unbalanced '" + bracket + "'");
        }
        final boolean empty = !hasElements.get(depth);
        depth--;
        if (!empty)
        {
            out.println();
            indent();
        }
        out.print(bracket);
        if (depth == 0)
        {
            out.println();
        }
        return this;
    }

    /** Separates and indents a value, unless it follows its member name on the same line. */
    private void beforeValue()
    {
        if (afterName)
        {
            afterName = false;
            return;
        }
        if (depth > 0)
        {
            if (isObject.get(depth))
            {
                throw new IllegalStateException("a value in an object needs a name first");
            }
            newElement();
        }
    }

    private void newElement()
    {
        if (hasElements.get(depth))
        {
            out.print(',');
        }
        hasElements.set(depth);
        out.println();
        indent();
    }

    private void indent()
    {
        for (int i = 0; i < depth; i++)
        {
            out.print("  ");
        }
    }
}
