package io.dmsnap.cli.compare;

import java.util.regex.Pattern;

/**
 * A pattern of the bands file, {@code --band} and {@code --direction}: {@code *} matches any run of
 * characters (dots, slashes and blanks included), {@code ?} any one character, and a backslash
 * makes the next character literal ({@code \*}, {@code \#}, {@code \\}); every other character
 * matches itself. A glob matches a text only as a whole. Immutable.
 */
final class Glob
{
    /** Characters {@link #escape} puts a backslash before: the glob's own and the bands file's comment sign. */
    private static final String SPECIAL = "*?\\#";

    private final String text;
    private final Pattern pattern;

    private Glob(final String text, final Pattern pattern)
    {
        this.text = text;
        this.pattern = pattern;
    }

    /**
     * The glob written as {@code text}.
     *
     * @throws IllegalArgumentException when the text is blank or ends in a lone backslash
     */
    static Glob of(final String text)
    {
        if (text == null || text.isBlank())
        {
            throw new IllegalArgumentException("an empty pattern: give a glob such as fio_*_throughput or *");
        }
        final StringBuilder regex = new StringBuilder();
        final StringBuilder literal = new StringBuilder();
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '\\')
            {
                if (i + 1 == text.length())
                {
                    throw new IllegalArgumentException("pattern '" + text + "' ends in a backslash: a backslash makes"
                        + " the next character literal (\\* \\? \\# \\\\)");
                }
                literal.append(text.charAt(++i));
            }
            else if (c == '*' || c == '?')
            {
                flush(literal, regex);
                regex.append(c == '*' ? ".*" : ".");
            }
            else
            {
                literal.append(c);
            }
        }
        flush(literal, regex);
        return new Glob(text, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    /** A glob that matches exactly {@code literal}. */
    static Glob literal(final String literal)
    {
        return of(escape(literal));
    }

    /** {@code literal} with a backslash before each character that would not match itself. */
    static String escape(final String literal)
    {
        final StringBuilder s = new StringBuilder(literal.length() + 8);
        for (int i = 0; i < literal.length(); i++)
        {
            final char c = literal.charAt(i);
            if (SPECIAL.indexOf(c) >= 0)
            {
                s.append('\\');
            }
            s.append(c);
        }
        return s.toString();
    }

    /** Whether the whole of {@code subject} matches. */
    boolean matches(final String subject)
    {
        return pattern.matcher(subject).matches();
    }

    /** Whether this glob is a lone {@code *}, which matches every row. */
    boolean isCatchAll()
    {
        return text.equals("*");
    }

    /** The glob as written. */
    String text()
    {
        return text;
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof Glob g && g.text.equals(text);
    }

    @Override
    public int hashCode()
    {
        return text.hashCode();
    }

    @Override
    public String toString()
    {
        return text;
    }

    private static void flush(final StringBuilder literal, final StringBuilder regex)
    {
        if (literal.length() > 0)
        {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}
