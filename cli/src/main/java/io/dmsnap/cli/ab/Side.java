package io.dmsnap.cli.ab;

import java.util.Locale;

/** One of the two builds an A/B run compares: A is the base, B the candidate. */
enum Side
{
    A,
    B;

    /** The lower-case name: the side's folder of JMH files and its result file ({@code a/}, {@code a.json}). */
    String fileName()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
