package io.dmsnap.cli.compare;

import io.dmsnap.cli.stats.Direction;

import java.util.Locale;

/** What a band rule or {@code --direction} says about the rows it matches, besides a band. */
enum RowAction
{
    /** Higher values are better (a throughput). */
    HIGHER("higher"),
    /** Lower values are better (a time, a latency, bytes per operation). */
    LOWER("lower"),
    /** Do not compare these rows (counts, rates that follow the throughput): they are listed as skipped. */
    SKIP("skip");

    private final String word;

    RowAction(final String word)
    {
        this.word = word;
    }

    /** The word in a bands file and on the command line. */
    String word()
    {
        return word;
    }

    /** The direction it names; null for {@link #SKIP}. */
    Direction direction()
    {
        return switch (this)
        {
            case HIGHER -> Direction.HIGHER_IS_BETTER;
            case LOWER -> Direction.LOWER_IS_BETTER;
            case SKIP -> null;
        };
    }

    /** The action named {@code word}, or null when it is not one. */
    static RowAction ofWord(final String word)
    {
        final String w = word.toLowerCase(Locale.ROOT);
        for (final RowAction a : values())
        {
            if (a.word.equals(w))
            {
                return a;
            }
        }
        return null;
    }
}
