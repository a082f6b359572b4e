package io.dmsnap.cli.compare;

import java.util.Locale;

/**
 * One entry of a bands file, or one {@code --band} or {@code --direction} option: a glob and what it
 * sets for the rows it matches (see {@link RowSubjects}): a band, an action ({@code higher},
 * {@code lower}, {@code skip}), or both.
 *
 * @param glob        the rows it applies to
 * @param bandPercent the band, a finite percentage above 0; null when the rule sets none
 * @param action      the direction or skip; null when the rule sets none
 * @param origin      where it was written, for messages and reports: {@code results/bands.txt:12},
 *                    {@code --band}, {@code --direction}
 */
record BandRule(Glob glob, Double bandPercent, RowAction action, String origin)
{
    BandRule
    {
        if (glob == null || origin == null)
        {
            throw new IllegalArgumentException("a band rule needs a glob and an origin");
        }
        if (bandPercent == null && action == null)
        {
            throw new IllegalArgumentException(origin + ": '" + glob + "' sets nothing: give a band (5%), a direction"
                + " (higher, lower) or skip");
        }
        if (bandPercent != null && !(bandPercent > 0.0 && bandPercent < Double.POSITIVE_INFINITY))
        {
            throw new IllegalArgumentException(origin + ": band " + bandPercent + "% of '" + glob
                + "' is out of range: give a finite percentage above 0, e.g. 5%");
        }
    }

    /**
     * Parses the value of an entry: a band ({@code 5%}, {@code 2.5%}; the {@code %} may be left
     * out), a word ({@code higher}, {@code lower}, {@code skip}), or a band and a word, separated
     * by blanks.
     *
     * @throws IllegalArgumentException naming {@code origin} when the value is not of that form
     */
    static BandRule parse(final Glob glob, final String value, final String origin)
    {
        Double band = null;
        RowAction action = null;
        final String trimmed = value.strip();
        if (trimmed.isEmpty())
        {
            throw new IllegalArgumentException(origin + ": '" + glob + "' has no value: give a band (5%), higher,"
                + " lower or skip after the =");
        }
        for (final String token : trimmed.split("\\s+"))
        {
            final RowAction word = RowAction.ofWord(token);
            if (word != null)
            {
                if (action != null)
                {
                    throw new IllegalArgumentException(origin + ": '" + glob + "' names two of higher, lower, skip: "
                        + "give one");
                }
                action = word;
                continue;
            }
            if (band != null)
            {
                throw new IllegalArgumentException(origin + ": '" + token + "' is not a band or a word here: give one"
                    + " band (5%) and at most one of higher, lower, skip");
            }
            band = percent(token, glob, origin);
        }
        return new BandRule(glob, band, action, origin);
    }

    /** The value as a bands file writes it: {@code 5%}, {@code 5% higher}, {@code skip}. */
    String valueText()
    {
        final String band = bandPercent == null ? "" : formatPercent(bandPercent);
        final String word = action == null ? "" : action.word();
        return band.isEmpty() || word.isEmpty() ? band + word : band + " " + word;
    }

    /** A band as written in a bands file: {@code 5%}, {@code 2.5%}, {@code 0.75%}. */
    static String formatPercent(final double percent)
    {
        final String s = String.format(Locale.ROOT, "%.4f", percent).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s + "%";
    }

    private static double percent(final String token, final Glob glob, final String origin)
    {
        final String number = token.endsWith("%") ? token.substring(0, token.length() - 1) : token;
        final double value;
        try
        {
            value = Double.parseDouble(number);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException(origin + ": '" + token + "' for '" + glob + "' is neither a band"
                + " (a percentage such as 5%) nor higher, lower or skip");
        }
        if (!(value > 0.0 && value < Double.POSITIVE_INFINITY) || number.isBlank()
            || !Character.isDigit(number.charAt(number.length() - 1)))
        {
            throw new IllegalArgumentException(origin + ": band '" + token + "' of '" + glob
                + "' is out of range: give a finite percentage above 0, e.g. 5%");
        }
        return value;
    }
}
