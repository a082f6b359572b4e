package io.dmsnap.cli.reproduce;

import java.util.Locale;

/** How the reproductions spell their figures: short, with the locale fixed. */
final class Numbers
{
    private Numbers()
    {
    }

    /** {@code 8.0x}, {@code 1.59x}, {@code 680x}: two significant digits at least. */
    static String ratio(final double r)
    {
        if (!Double.isFinite(r))
        {
            return "-";
        }
        if (r >= 100)
        {
            return String.format(Locale.ROOT, "%.0fx", r);
        }
        return String.format(Locale.ROOT, r >= 10 ? "%.1fx" : "%.2fx", r);
    }

    /** Seconds as {@code 9.4 ms}, {@code 6.21 s}. */
    static String seconds(final double s)
    {
        if (s < 1)
        {
            return String.format(Locale.ROOT, "%.1f ms", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    /** Nanoseconds as {@code 45 ns} or {@code 4.1 us}. */
    static String nanos(final double ns)
    {
        if (ns < 1000)
        {
            return String.format(Locale.ROOT, "%.0f ns", ns);
        }
        return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
    }

    /** A rate per 1000 runs: {@code 0}, {@code 1000}, {@code 12.5}. */
    static String perThousand(final int count, final int runs)
    {
        final double r = 1000.0 * count / runs;
        return r == Math.rint(r) ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.1f", r);
    }

    /** Decimal megabytes per second, as dd prints them: {@code 20.9 MB/s}. */
    static String megabytesPerSecond(final double bytesPerSecond)
    {
        return String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / 1e6);
    }
}
