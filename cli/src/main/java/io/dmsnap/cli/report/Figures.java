package io.dmsnap.cli.report;

import java.util.Locale;

/**
 * Numbers as a page shows them: about four significant digits, thousands separated, no
 * exponent for the magnitudes benchmarks produce. Stateless.
 */
public final class Figures
{
    private Figures()
    {
    }

    /** {@code 123,457}, {@code 1,234.5}, {@code 12.35}, {@code 0.01235}; {@code -} for NaN or infinity. */
    public static String format(final double value)
    {
        if (!Double.isFinite(value))
        {
            return "-";
        }
        final double magnitude = Math.abs(value);
        if (magnitude >= 10_000 || value == Math.rint(value) && magnitude < 1e15)
        {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 1_000)
        {
            return String.format(Locale.ROOT, "%,.1f", value);
        }
        if (magnitude >= 1)
        {
            return String.format(Locale.ROOT, "%.4g", value).replaceFirst("\\.?0+$", "");
        }
        return String.format(Locale.ROOT, "%.3g", value).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
    }
}
