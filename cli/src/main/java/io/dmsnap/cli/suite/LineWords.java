package io.dmsnap.cli.suite;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of a suite file into words, as a shell would for the simple cases: words are
 * separated by blanks; {@code '...'} and {@code "..."} group blanks into a word (inside double
 * quotes {@code \"} and {@code \\} stand for {@code "} and {@code \}); a {@code #} at the start of a
 * word starts a comment to the end of the line. So {@code -jvmArgs "-Xmx1g -Xms1g"} is two words
 * and {@code -p key=a#b} keeps its {@code #}. Stateless.
 */
final class LineWords
{
    private LineWords()
    {
    }

    /**
     * The words of {@code line}, empty for a blank or comment line.
     *
     * @throws IllegalArgumentException for a quote left open
     */
    static List<String> split(final String line)
    {
        final List<String> words = new ArrayList<>();
        final StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length())
        {
            final char c = line.charAt(i);
            if (Character.isWhitespace(c))
            {
                if (inWord)
                {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else if (c == '\'' || c == '"')
            {
                i = quoted(line, i, word);
                inWord = true;
            }
            else
            {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord)
        {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends the quoted text starting at {@code open} to {@code word}; returns the index after the closing quote. */
    private static int quoted(final String line, final int open, final StringBuilder word)
    {
        final char quote = line.charAt(open);
        int i = open + 1;
        while (i < line.length())
        {
            final char c = line.charAt(i);
            if (c == quote)
            {
                return i + 1;
            }
            if (quote == '"' && c == '\\' && i + 1 < line.length()
                && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\'))
            {
                word.append(line.charAt(i + 1));
                i += 2;
            }
            else
            {
                word.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("the quote " + quote + " opened at column " + (open + 1) + " is never closed");
    }
}
