package io.dmsnap.cli.compare;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** How the outputs write numbers: the same spelling in text, Markdown and HTML. Stateless. */
final class Formats
{
    private Formats()
    {
    }

    /** Four significant digits, no exponent, no trailing zeros: 288500, 0.001234, -1.5. */
    static String number(final double value)
    {
        return significant(value, 4);
    }

    /**
     * A measured value in at most four significant digits, with k, M or G from 10,000 on:
     * {@code 1234}, {@code 28.85k}, {@code 1.2M}.
     */
    static String value(final double value)
    {
        final double a = Math.abs(value);
        if (!Double.isFinite(value) || a < 1e4)
        {
            return significant(value, 4);
        }
        if (a < 1e6)
        {
            return significant(value / 1e3, 4) + "k";
        }
        if (a < 1e9)
        {
            return significant(value / 1e6, 4) + "M";
        }
        return significant(value / 1e9, 4) + "G";
    }

    /** A signed percentage: {@code +5.2%}, {@code -0.8%}, {@code +0.04%}. */
    static String percent(final double percent)
    {
        if (!Double.isFinite(percent))
        {
            return percent > 0 ? "+inf%" : percent < 0 ? "-inf%" : "n/a";
        }
        final double a = Math.abs(percent);
        final String text = a != 0.0 && a < 0.1 ? String.format(Locale.ROOT, "%+.2f", percent)
            : String.format(Locale.ROOT, "%+.1f", percent);
        return text + "%";
    }

    /** An interval of percentages: {@code [-7.2%, -3.0%]}. */
    static String interval(final double low, final double high)
    {
        return "[" + percent(low) + ", " + percent(high) + "]";
    }

    /** A p-value in three significant digits; exponent notation below 0.0001. */
    static String p(final double p)
    {
        if (p != 0.0 && p < 1e-4)
        {
            return String.format(Locale.ROOT, "%.2e", p);
        }
        return significant(p, 3);
    }

    /** A band or CV: {@code 5%}, {@code 2.5%}; {@code none} when infinite. */
    static String band(final Double percent)
    {
        if (percent == null || !Double.isFinite(percent))
        {
            return "none";
        }
        return significant(percent, 3) + "%";
    }

    private static String significant(final double value, final int digits)
    {
        if (!Double.isFinite(value))
        {
            return String.valueOf(value);
        }
        if (value == 0.0)
        {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }
}
