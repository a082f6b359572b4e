package io.dmsnap.cli.stats;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Argument checks shared by the statistics: every public method of this package validates its
 * samples here, so bad input fails with one line naming the problem instead of a NaN that
 * travels into a verdict.
 */
final class Samples
{
    private Samples()
    {
    }

    /**
     * Checks that {@code values} holds at least {@code minimum} finite numbers.
     *
     * @param values the sample
     * @param name what the sample is, for the message ("base sample")
     * @param minimum the fewest values the caller can work with (at least 1)
     * @return {@code values}, for chaining
     * @throws IllegalArgumentException when the sample is null, too short, or holds NaN or an infinity
     */
    static double[] check(final double[] values, final String name, final int minimum)
    {
        if (values == null || values.length == 0)
        {
            throw new IllegalArgumentException(name + " is empty: give at least " + minimum
                + (minimum == 1 ? " value" : " values"));
        }
        if (values.length < minimum)
        {
            throw new IllegalArgumentException(name + " has " + values.length + (values.length == 1 ? " value" : " values")
                + ": give at least " + minimum);
        }
        for (int i = 0; i < values.length; i++)
        {
            if (!Double.isFinite(values[i]))
            {
                throw new IllegalArgumentException(name + " value " + i + " is " + values[i]
                    + ": every value must be a finite number");
            }
        }
        return values;
    }

    /** Checks a probability-like level in the open interval (0, 1), e.g. alpha or a confidence level. */
    static double checkOpenUnit(final double value, final String name, final String example)
    {
        if (!(value > 0.0 && value < 1.0))
        {
            throw new IllegalArgumentException(name + " " + value + " is out of range: give a value between 0 and 1"
                + " (exclusive), e.g. " + example);
        }
        return value;
    }

    /** Checks a percentage that must be a finite number above zero (a band, a CV). */
    static double checkPositivePercent(final double value, final String name)
    {
        if (!(value > 0.0) || Double.isInfinite(value))
        {
            throw new IllegalArgumentException(name + " " + value + "% is out of range: give a finite percentage above 0");
        }
        return value;
    }

    /** Checks a sample size. */
    static int checkSize(final int n, final String name, final int minimum)
    {
        if (n < minimum)
        {
            throw new IllegalArgumentException(name + " " + n + " is out of range: give at least " + minimum);
        }
        return n;
    }

    /**
     * Checks a family of rows: at least one, none null, names unique.
     *
     * @param rows the rows
     * @param name how a row's name is read
     * @param emptyMessage the message for an empty family
     */
    static <T> void checkFamily(final List<T> rows, final Function<T, String> name, final String emptyMessage)
    {
        if (rows == null || rows.isEmpty())
        {
            throw new IllegalArgumentException(emptyMessage);
        }
        final Set<String> names = new HashSet<>();
        for (final T row : rows)
        {
            if (row == null)
            {
                throw new IllegalArgumentException("a row is missing: the list holds null");
            }
            if (!names.add(name.apply(row)))
            {
                throw new IllegalArgumentException("row name " + name.apply(row) + " appears twice: row names must be unique");
            }
        }
    }
}
