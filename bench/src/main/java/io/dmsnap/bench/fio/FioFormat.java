package io.dmsnap.bench.fio;

import java.util.Locale;

/** fio's number styles for the human summary: 66.4k, 259MiB/s (272MB/s), 15.2GiB. */
public final class FioFormat
{
    private static final String[] SI = {"", "k", "M", "G", "T", "P"};
    private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi"};

    private FioFormat()
    {
    }

    /** A count with an SI suffix above 9999, as fio's num2str: 9876, 66.4k, 1234k. */
    public static String count(final double value)
    {
        return scaled(value, 1000, SI);
    }

    /** Bytes (or bytes/s) in base 2: 4096B, 259Mi, 15.2Gi (the caller adds B or B/s). */
    static String binary(final double bytes)
    {
        return scaled(bytes, 1024, BINARY);
    }

    /** Bytes (or bytes/s) in base 10: 272M, 16.4G (the caller adds B or B/s). */
    static String decimal(final double bytes)
    {
        return scaled(bytes, 1000, SI);
    }

    private static String scaled(final double value, final int base, final String[] units)
    {
        if (value < 10_000)
        {
            return Math.round(value) + units[0];
        }
        double v = value;
        int u = 0;
        while (v >= 10_000 && u < units.length - 1)   // fio's num2str: at most four digits before the unit
        {
            v /= base;
            u++;
        }
        final String digits = v < 10 ? String.format(Locale.ROOT, "%.2f", v)
            : v < 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v);
        return digits + units[u];
    }
}
