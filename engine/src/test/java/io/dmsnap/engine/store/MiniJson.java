package io.dmsnap.engine.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict little JSON parser for checking generated JSON: objects become maps, arrays lists,
 * numbers Long, plus String, Boolean and null. Anything malformed (including trailing text)
 * throws IllegalArgumentException.
 */
final class MiniJson
{
    private final String s;
    private int at;

    private MiniJson(final String s)
    {
        this.s = s;
    }

    static Object parse(final String text)
    {
        final MiniJson p = new MiniJson(text);
        final Object v = p.value();
        p.space();
        if (p.at != text.length())
        {
            throw new IllegalArgumentException("trailing text at " + p.at);
        }
        return v;
    }

    private Object value()
    {
        space();
        if (at >= s.length())
        {
            throw new IllegalArgumentException("unexpected end");
        }
        final char c = s.charAt(at);
        if (c == '{')
        {
            return object();
        }
        if (c == '[')
        {
            return array();
        }
        if (c == '"')
        {
            return string();
        }
        if (s.startsWith("true", at))
        {
            at += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("false", at))
        {
            at += 5;
            return Boolean.FALSE;
        }
        if (s.startsWith("null", at))
        {
            at += 4;
            return null;
        }
        final int start = at;
        if (c == '-')
        {
            at++;
        }
        while (at < s.length() && Character.isDigit(s.charAt(at)))
        {
            at++;
        }
        if (at == start || (c == '-' && at == start + 1))
        {
            throw new IllegalArgumentException("bad value at " + start);
        }
        return Long.parseLong(s.substring(start, at));
    }

    private Map<String, Object> object()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        at++;
        space();
        if (peek() == '}')
        {
            at++;
            return m;
        }
        while (true)
        {
            space();
            if (peek() != '"')
            {
                throw new IllegalArgumentException("key expected at " + at);
            }
            final String key = string();
            space();
            expect(':');
            if (m.containsKey(key))
            {
                throw new IllegalArgumentException("duplicate key " + key);
            }
            m.put(key, value());
            space();
            if (peek() == ',')
            {
                at++;
                continue;
            }
            expect('}');
            return m;
        }
    }

    private List<Object> array()
    {
        final List<Object> l = new ArrayList<>();
        at++;
        space();
        if (peek() == ']')
        {
            at++;
            return l;
        }
        while (true)
        {
            l.add(value());
            space();
            if (peek() == ',')
            {
                at++;
                continue;
            }
            expect(']');
            return l;
        }
    }

    private String string()
    {
        expect('"');
        final StringBuilder b = new StringBuilder();
        while (true)
        {
            final char c = s.charAt(at++);
            if (c == '"')
            {
                return b.toString();
            }
            if (c < 0x20)
            {
                throw new IllegalArgumentException("raw control character at " + (at - 1));
            }
            if (c != '\\')
            {
                b.append(c);
                continue;
            }
            final char e = s.charAt(at++);
            switch (e)
            {
                case '"': b.append('"'); break;
                case '\\': b.append('\\'); break;
                case '/': b.append('/'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 't': b.append('\t'); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'u':
                    b.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                    at += 4;
                    break;
                default: throw new IllegalArgumentException("bad escape at " + (at - 1));
            }
        }
    }

    private char peek()
    {
        if (at >= s.length())
        {
            throw new IllegalArgumentException("unexpected end");
        }
        return s.charAt(at);
    }

    private void expect(final char c)
    {
        if (peek() != c)
        {
            throw new IllegalArgumentException("'" + c + "' expected at " + at);
        }
        at++;
    }

    private void space()
    {
        while (at < s.length() && Character.isWhitespace(s.charAt(at)))
        {
            at++;
        }
    }
}
