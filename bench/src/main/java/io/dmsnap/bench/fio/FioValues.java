package io.dmsnap.bench.fio;

import java.util.Locale;

/**
 * Parsers for fio's value syntax: sizes with fio's units and {@code kb_base} rules, times with
 * us/ms/s/m/h suffixes (a bare number is seconds, as for fio's {@code runtime}), booleans and
 * integers. Every error is an {@link IllegalArgumentException} naming the key, the value and what
 * was expected, so the job model can pass it on unchanged.
 */
public final class FioValues
{
    private FioValues()
    {
    }

    /** A byte count with fio's default {@code kb_base=1024}; see {@link #size(String, String, int)}. */
    public static long size(final String key, final String value)
    {
        return size(key, value, 1024);
    }

    /**
     * A byte count as fio reads it: a decimal or {@code 0x} number, or an arithmetic expression in
     * parentheses ({@link FioArithmetic}), then an optional unit. With {@code kb_base=1024} (fio's
     * default) {@code k}, {@code kb} and {@code ki} mean 1024 and {@code kib} means 1000, and so on
     * up to {@code p}; with {@code kb_base=1000} it is the other way round. {@code b} alone means
     * bytes. Percentages are not sizes here: see {@link #percent}.
     */
    public static long size(final String key, final String value, final int kbBase)
    {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        final String expected = "a size in bytes with an optional unit (4k = 4096)";
        if (v.startsWith("("))
        {
            return FioArithmetic.evaluate(key, value, false, false);
        }
        int end = 0;
        final boolean hex = v.startsWith("0x");
        if (hex)
        {
            end = 2;
            while (end < v.length() && Character.digit(v.charAt(end), 16) >= 0)
            {
                end++;
            }
        }
        else
        {
            while (end < v.length() && v.charAt(end) >= '0' && v.charAt(end) <= '9')
            {
                end++;
            }
        }
        final long n = hex ? hexDigits(key, value, v.substring(2, end), expected) : digits(key, value, v.substring(0, end), expected);
        final long multiplier = unitMultiplier(key, value, v.substring(end), kbBase);
        if (multiplier > 1 && n > Long.MAX_VALUE / multiplier)
        {
            throw bad(key, value, "a size that fits in 63 bits");
        }
        return n * multiplier;
    }

    /** A percentage {@code N%} (0 to 100) as fio gives it for size and offset, or -1 when the value is not one. */
    public static int percent(final String key, final String value)
    {
        final String v = value.trim();
        if (!v.endsWith("%"))
        {
            return -1;
        }
        return (int) integer(key, v.substring(0, v.length() - 1), 0, 100);
    }

    /** The multiplier of a size unit, fio's rules (see {@link #size(String, String, int)}). */
    private static long unitMultiplier(final String key, final String value, final String unit, final int kbBase)
    {
        if (unit.isEmpty() || unit.equals("b"))
        {
            return 1;
        }
        final int power = "kmgtp".indexOf(unit.charAt(0)) + 1;
        final String rest = unit.substring(1);
        final long base;
        if (power == 0)
        {
            base = 0;
        }
        else if (rest.isEmpty() || rest.equals("b") || rest.equals("i"))
        {
            base = kbBase;
        }
        else if (rest.equals("ib"))
        {
            base = kbBase == 1000 ? 1024 : 1000;
        }
        else
        {
            base = 0;
        }
        if (base == 0)
        {
            throw bad(key, value, "a size in bytes with an optional unit: k, m, g, t, p (kb_base each), "
                + "kib, mib, gib, tib, pib (the other base) or b");
        }
        long m = 1;
        for (int i = 0; i < power; i++)
        {
            m *= base;
        }
        return m;
    }

    /** A duration in nanoseconds: {@code 120} (seconds), {@code 500ms}, {@code 2m}, {@code 1h}, {@code 10us}. */
    static long durationNanos(final String key, final String value)
    {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("("))
        {
            return FioArithmetic.evaluate(key, value, true, true) * 1_000L;
        }
        final String expected = "a time with an optional us/ms/s/m/h suffix (a bare number is seconds)";
        long unit = 1_000_000_000L;
        int end = v.length();
        if (v.endsWith("us") || v.endsWith("usec"))
        {
            unit = 1_000L;
            end -= v.endsWith("us") ? 2 : 4;
        }
        else if (v.endsWith("ms") || v.endsWith("msec"))
        {
            unit = 1_000_000L;
            end -= v.endsWith("ms") ? 2 : 4;
        }
        else if (v.endsWith("s") || v.endsWith("sec"))
        {
            end -= v.endsWith("sec") ? 3 : 1;
        }
        else if (v.endsWith("m") || v.endsWith("min"))
        {
            unit = 60_000_000_000L;
            end -= v.endsWith("min") ? 3 : 1;
        }
        else if (v.endsWith("h"))
        {
            unit = 3_600_000_000_000L;
            end -= 1;
        }
        final long n = digits(key, value, v.substring(0, end), expected);
        if (n > Long.MAX_VALUE / unit)
        {
            throw bad(key, value, "a shorter time");
        }
        return n * unit;
    }

    /** fio booleans: 1/0, true/false, yes/no, on/off; an empty value (bare flag) is true. */
    static boolean bool(final String key, final String value)
    {
        switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "":
            case "1":
            case "true":
            case "yes":
            case "on":
                return true;
            case "0":
            case "false":
            case "no":
            case "off":
                return false;
            default:
                throw bad(key, value, "a boolean (1/0, true/false, yes/no, on/off)");
        }
    }

    /** An integer in [min, max]. */
    static long integer(final String key, final String value, final long min, final long max)
    {
        final String expected = "an integer from " + min + " to " + max;
        final String v = value.trim();
        final long n = v.startsWith("(") ? FioArithmetic.evaluate(key, value, false, false)
            : v.toLowerCase(Locale.ROOT).startsWith("0x") ? hexDigits(key, value, v.substring(2), expected)
            : digits(key, value, v, expected);
        if (n < min || n > max)
        {
            throw bad(key, value, expected);
        }
        return n;
    }

    static IllegalArgumentException bad(final String key, final String value, final String expected)
    {
        return new IllegalArgumentException("bad value for " + key + "=" + value + ": expected " + expected);
    }

    /** Human size in fio's style with base-2 units: 4KiB, 16.0MiB, 80.0GiB. */
    static String binarySize(final long bytes)
    {
        final String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1)
        {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + "B" : (v == Math.rint(v) && v < 10_000 ? String.format(Locale.ROOT, "%.0f%s", v, units[u])
            : String.format(Locale.ROOT, "%.1f%s", v, units[u]));
    }

    private static long hexDigits(final String key, final String value, final String number, final String expected)
    {
        if (number.isEmpty() || number.length() > 15)
        {
            throw bad(key, value, expected);
        }
        try
        {
            return Long.parseLong(number, 16);
        }
        catch (final NumberFormatException e)
        {
            throw bad(key, value, expected);
        }
    }

    private static long digits(final String key, final String value, final String number, final String expected)
    {
        if (number.isEmpty() || number.length() > 18)
        {
            throw bad(key, value, expected);
        }
        for (int i = 0; i < number.length(); i++)
        {
            if (number.charAt(i) < '0' || number.charAt(i) > '9')
            {
                throw bad(key, value, expected);
            }
        }
        return Long.parseLong(number);
    }
}
