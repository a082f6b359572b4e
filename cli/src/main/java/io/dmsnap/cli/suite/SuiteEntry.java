package io.dmsnap.cli.suite;

import org.openjdk.jmh.runner.options.Options;

import java.util.List;

/**
 * One line of a suite file: what to run, as one or more JMH runs. Immutable.
 *
 * <p>{@link #runs()} gives JMH's options for each run, in order, ready for
 * {@code new Runner(options, output).run()}: they fail on a benchmark error, and forks get the
 * flags the engine needs on the running JDK. Someone who runs the suite differently (say, forks of
 * two builds interleaved) can lay their own settings over them with
 * {@code new OptionsBuilder().parent(run)}.
 */
public sealed interface SuiteEntry permits MatrixEntry, JmhEntry
{
    /** Where the entry is: its line in the suite file, from 1. */
    int line();

    /** The entry's kind, the first word of its line: {@code matrix} or {@code jmh}. */
    String kind();

    /** The words after the kind, unquoted. */
    List<String> arguments();

    /** The JMH runs of this entry, in the order they run. */
    List<Options> runs();

    /** One line for the user: what runs, with what settings. */
    String describe();

    /** The entry as a suite line would spell it: the kind and the words, quoted where needed. */
    default String text()
    {
        final StringBuilder s = new StringBuilder(kind());
        for (final String word : arguments())
        {
            s.append(' ').append(quote(word));
        }
        return s.toString();
    }

    /**
     * A word as {@link LineWords} reads it back: as it is, unless it is empty, holds blanks or
     * quotes, or starts with {@code #}; then in single quotes, or in double quotes when it holds a
     * single quote.
     */
    static String quote(final String word)
    {
        if (!word.isEmpty() && !word.matches("(?s).*[\\s'\"].*") && !word.startsWith("#"))
        {
            return word;
        }
        if (word.indexOf('\'') < 0)
        {
            return "'" + word + "'";
        }
        return '"' + word.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
