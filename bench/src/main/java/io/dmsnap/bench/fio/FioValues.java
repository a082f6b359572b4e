package io.dmsnap.bench.fio;

import java.util.Locale;

/**
 * Parsers for fio's value syntax: sizes with k/m/g/t suffixes (powers of 1024, as fio's default
 * {@code kb_base=1024}; an optional trailing {@code b}/{@code ib} is accepted), times with
 * us/ms/s/m/h suffixes (a bare number is seconds, as for fio's {@code runtime}), booleans and
 * integers. Every error is an {@link IllegalArgumentException} naming the key, the value and what
 * was expected, so the job model can pass it on unchanged.
 */
public final class FioValues
{
    private FioValues()
    {
    }

    /** A byte count such as {@code 4096}, {@code 4k}, {@code 1M}, {@code 80g} or {@code 2TiB}. */
    public static long size(final String key, final String value)
    {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        int end = v.length();
        if (v.endsWith("ib"))
        {
            end -= 2;
        }
        else if (v.endsWith("b"))
        {
            end -= 1;
        }
        int shift = 0;
        if (end > 0)
        {
            switch (v.charAt(end - 1))
            {
                case 'k': shift = 10; end--; break;
                case 'm': shift = 20; end--; break;
                case 'g': shift = 30; end--; break;
                case 't': shift = 40; end--; break;
                case 'p': shift = 50; end--; break;
                default: break;
            }
        }
        final long n = digits(key, value, v.substring(0, end), "a size in bytes with an optional k/m/g/t suffix (4k = 4096)");
        if (n > (Long.MAX_VALUE >> shift))
        {
            throw bad(key, value, "a size that fits in 63 bits");
        }
        return n << shift;
    }

    /** A duration in nanoseconds: {@code 120} (seconds), {@code 500ms}, {@code 2m}, {@code 1h}, {@code 10us}. */
    static long durationNanos(final String key, final String value)
    {
        final String v = value.trim().toLowerCase(Locale.ROOT);
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
        final long n = digits(key, value, value.trim(), expected);
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
