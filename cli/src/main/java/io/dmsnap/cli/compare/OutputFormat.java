package io.dmsnap.cli.compare;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The formats {@code compare} and {@code calibrate} print. */
enum OutputFormat
{
    TEXT, MARKDOWN, JSON, CSV, HTML;

    /** The name on the command line. */
    String word()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format named {@code word}, among {@code allowed}.
     *
     * @throws IllegalArgumentException listing the allowed names when it is not one of them
     */
    static OutputFormat of(final String word, final OutputFormat... allowed)
    {
        for (final OutputFormat f : allowed)
        {
            if (f.word().equals(word.toLowerCase(Locale.ROOT)))
            {
                return f;
            }
        }
        throw new IllegalArgumentException("--format " + word + ": unknown format; choose one of "
            + Arrays.stream(allowed).map(OutputFormat::word).collect(Collectors.joining(", ")));
    }
}
