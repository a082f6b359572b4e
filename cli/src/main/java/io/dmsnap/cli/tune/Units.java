package io.dmsnap.cli.tune;

import java.util.Locale;

/** How tune prints sizes, durations and rates: short, binary sizes, no locale surprises. */
public final class Units
{
    private Units()
    {
    }

    /** {@code 4 KiB}, {@code 1.5 MiB}, {@code 256 MiB}. */
    public static String size(final double bytes)
    {
        final String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1)
        {
            v /= 1024;
            u++;
        }
        if (v == Math.rint(v))
        {
            return String.format(Locale.ROOT, "%d %s", (long) v, units[u]);
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, units[u]);
    }

    /** A chunk size as the option spells it: {@code 4k}, {@code 64k}, {@code 1m}. */
    static String chunk(final long bytes)
    {
        if (bytes % (1 << 20) == 0)
        {
            return (bytes >> 20) + "m";
        }
        if (bytes % 1024 == 0)
        {
            return (bytes >> 10) + "k";
        }
        return Long.toString(bytes);
    }

    /** {@code 42 s}, {@code 3m05s}, {@code 1h02m}. */
    public static String duration(final double seconds)
    {
        final long s = Math.round(seconds);
        if (s < 60)
        {
            return seconds < 10 ? String.format(Locale.ROOT, "%.1f s", seconds) : s + " s";
        }
        if (s < 3600)
        {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** A time given in milliseconds: {@code 0 ms}, {@code 850 ms}, {@code 2.4 s}. */
    static String millis(final double ms)
    {
        return ms < 1000 ? String.format(Locale.ROOT, "%.0f ms", ms) : duration(ms / 1000);
    }

    /** A count with thousands separators: {@code 5,810}. */
    static String count(final double v)
    {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    /** A latency given in microseconds: {@code 850 us}, {@code 12.1 ms}, {@code 2.40 s}. */
    static String micros(final double us)
    {
        if (us < 1000)
        {
            return String.format(Locale.ROOT, "%.0f us", us);
        }
        if (us < 1_000_000)
        {
            return String.format(Locale.ROOT, us < 10_000 ? "%.2f ms" : "%.1f ms", us / 1000);
        }
        return String.format(Locale.ROOT, "%.2f s", us / 1_000_000);
    }

    /** A number with up to {@code digits} decimals, no grouping: for CSV. */
    static String plain(final double v, final int digits)
    {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
