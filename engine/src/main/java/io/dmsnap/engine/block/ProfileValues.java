package io.dmsnap.engine.block;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of device profile fields: parsing with one-line errors that name the field, and the
 * canonical text each value is printed as (which parses back to the same value).
 *
 * <p>Units: durations {@code ns}, {@code us} (or {@code µs}), {@code ms}, {@code s}; rates
 * {@code B/s}, {@code KB/s}, {@code MB/s}, {@code GB/s} (powers of 1000, as datasheets print them)
 * and {@code KiB/s}, {@code MiB/s}, {@code GiB/s}; sizes the same without {@code /s}, plus
 * {@code TB} and {@code TiB}; counts a plain number with an optional {@code k} (thousand);
 * percentages a number followed by {@code %}. Decimals are allowed everywhere ({@code 0.5ms},
 * {@code 17.35ms}); units are case-insensitive. Pure functions; any thread.
 */
final class ProfileValues
{
    /** Longest duration a field accepts: anything longer is a typo, not a device. */
    static final long MAX_DURATION_NANOS = 60_000_000_000L;
    static final long MAX_RATE = 1_000_000_000_000L;
    static final long MAX_COUNT = 1_000_000_000L;

    private static final Pattern NUMBER_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Zµ%/]*)");
    private static final String DURATION_UNITS = "ns, us, ms, s";
    private static final String RATE_UNITS = "B/s, KB/s, MB/s, GB/s, KiB/s, MiB/s, GiB/s";
    private static final String SIZE_UNITS = "B, KB, MB, GB, TB, KiB, MiB, GiB, TiB";

    private ProfileValues()
    {
    }

    /** A duration in nanoseconds, from 0 to {@link #MAX_DURATION_NANOS}. */
    static long parseDuration(final String field, final String text)
    {
        final Matcher m = numberAndUnit(field, text, "a duration such as 80us (units " + DURATION_UNITS + ")");
        final String unit = m.group(2).toLowerCase(Locale.ROOT);
        final long factor;
        switch (unit)
        {
            case "ns":
                factor = 1;
                break;
            case "us":
            case "µs":
                factor = 1_000;
                break;
            case "ms":
                factor = 1_000_000;
                break;
            case "s":
                factor = 1_000_000_000;
                break;
            case "":
                throw new IllegalArgumentException(field + "=" + text + ": missing unit; expected a duration such as "
                    + text.trim() + "us (units " + DURATION_UNITS + ")");
            default:
                throw new IllegalArgumentException(field + "=" + text + ": unknown unit '" + m.group(2)
                    + "'; expected one of " + DURATION_UNITS);
        }
        return scaled(field, text, m.group(1), factor, 0, MAX_DURATION_NANOS, duration(MAX_DURATION_NANOS));
    }

    /** A rate in bytes per second, at least 1. */
    static long parseRate(final String field, final String text)
    {
        final Matcher m = numberAndUnit(field, text, "a rate such as 500MB/s (units " + RATE_UNITS + ")");
        final String unit = m.group(2).toLowerCase(Locale.ROOT);
        if (!unit.endsWith("/s"))
        {
            throw new IllegalArgumentException(field + "=" + text + ": expected a rate per second such as 500MB/s (units "
                + RATE_UNITS + ")");
        }
        final long factor = sizeFactor(unit.substring(0, unit.length() - 2));
        if (factor <= 0 || factor > (1L << 30))
        {
            throw new IllegalArgumentException(field + "=" + text + ": unknown unit '" + m.group(2) + "'; expected one of "
                + RATE_UNITS);
        }
        return scaled(field, text, m.group(1), factor, 1, MAX_RATE, rate(MAX_RATE));
    }

    /** A size in bytes, a positive multiple of 512. */
    static long parseSize(final String field, final String text)
    {
        final Matcher m = numberAndUnit(field, text, "a size such as 4TB (units " + SIZE_UNITS + ")");
        final long factor = sizeFactor(m.group(2).toLowerCase(Locale.ROOT));
        if (factor <= 0)
        {
            throw new IllegalArgumentException(field + "=" + text + ": unknown unit '" + m.group(2) + "'; expected one of "
                + SIZE_UNITS);
        }
        final long bytes = scaled(field, text, m.group(1), factor, Bio.SECTOR_SIZE, 1L << 60, "1EiB");
        if (bytes % Bio.SECTOR_SIZE != 0)
        {
            throw new IllegalArgumentException(field + "=" + text + ": not a whole number of 512-byte sectors");
        }
        return bytes;
    }

    /** A count (IOPS) from 1 to {@link #MAX_COUNT}, with an optional {@code k} for thousands. */
    static long parseCount(final String field, final String text)
    {
        final Matcher m = numberAndUnit(field, text, "a count such as 98000 or 98k");
        final String unit = m.group(2).toLowerCase(Locale.ROOT);
        final long factor;
        if (unit.isEmpty())
        {
            factor = 1;
        }
        else if (unit.equals("k"))
        {
            factor = 1_000;
        }
        else
        {
            throw new IllegalArgumentException(field + "=" + text + ": unknown suffix '" + m.group(2)
                + "'; expected a count such as 98000 or 98k");
        }
        return scaled(field, text, m.group(1), factor, 1, MAX_COUNT, count(MAX_COUNT));
    }

    /** A whole number from 1 to {@code max}. */
    static int parsePositiveInt(final String field, final String text, final int max)
    {
        final Matcher m = numberAndUnit(field, text, "a whole number from 1 to " + max);
        if (!m.group(2).isEmpty() || m.group(1).contains("."))
        {
            throw new IllegalArgumentException(field + "=" + text + ": expected a whole number from 1 to " + max);
        }
        return (int) scaled(field, text, m.group(1), 1, 1, max, Integer.toString(max));
    }

    /** A percentage as a fraction ({@code 25%} is 0.25), above 0 and at most 1000%. */
    static double parsePercent(final String field, final String text)
    {
        final Matcher m = numberAndUnit(field, text, "a percentage of the mean such as 25%");
        if (!m.group(2).equals("%"))
        {
            throw new IllegalArgumentException(field + "=" + text + ": expected a percentage of the mean such as 25%");
        }
        final double percent = new BigDecimal(m.group(1)).doubleValue();
        if (percent <= 0 || percent > 1000)
        {
            throw new IllegalArgumentException(field + "=" + text + ": out of range; expected above 0% and at most 1000%");
        }
        return percent / 100;
    }

    /** A signed 64-bit integer. */
    static long parseLong(final String field, final String text)
    {
        try
        {
            return Long.parseLong(text.trim());
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException(field + "=" + text + ": expected a whole number");
        }
    }

    // ---- canonical text ----

    /** {@code 80us}, {@code 17.35ms}, {@code 2s}, {@code 150ns}, {@code 0ns}. */
    static String duration(final long nanos)
    {
        if (nanos == 0)
        {
            return "0ns";
        }
        if (nanos % 1_000_000_000L == 0)
        {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos >= 1_000_000 && nanos % 1_000 == 0)
        {
            return BigDecimal.valueOf(nanos).movePointLeft(6).stripTrailingZeros().toPlainString() + "ms";
        }
        if (nanos % 1_000 == 0)
        {
            return nanos / 1_000 + "us";
        }
        return nanos + "ns";
    }

    /** The largest unit that prints the rate as a whole number: {@code 3200MB/s}, {@code 512MiB/s}, {@code 4096B/s}. */
    static String rate(final long bytesPerSecond)
    {
        return size(bytesPerSecond, false) + "/s";
    }

    /** The largest unit that prints the size as a whole number: {@code 4TB}, {@code 64MiB}. */
    static String size(final long bytes)
    {
        return size(bytes, true);
    }

    /** {@code 500k} or a plain number. */
    static String count(final long count)
    {
        return count % 1_000 == 0 ? count / 1_000 + "k" : Long.toString(count);
    }

    /** {@code 25%}, {@code 12.5%}. */
    static String percent(final double fraction)
    {
        return BigDecimal.valueOf(fraction * 100).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }

    private static String size(final long bytes, final boolean withTera)
    {
        final long[] factors = withTera
            ? new long[] {1_000_000_000_000L, 1L << 40, 1_000_000_000L, 1L << 30, 1_000_000L, 1L << 20, 1_000L, 1L << 10}
            : new long[] {1_000_000_000L, 1L << 30, 1_000_000L, 1L << 20, 1_000L, 1L << 10};
        final String[] names = withTera
            ? new String[] {"TB", "TiB", "GB", "GiB", "MB", "MiB", "KB", "KiB"}
            : new String[] {"GB", "GiB", "MB", "MiB", "KB", "KiB"};
        for (int i = 0; i < factors.length; i++)
        {
            if (bytes >= factors[i] && bytes % factors[i] == 0)
            {
                return bytes / factors[i] + names[i];
            }
        }
        return bytes + "B";
    }

    private static long sizeFactor(final String unit)
    {
        switch (unit)
        {
            case "b":
                return 1;
            case "kb":
                return 1_000;
            case "mb":
                return 1_000_000;
            case "gb":
                return 1_000_000_000;
            case "tb":
                return 1_000_000_000_000L;
            case "kib":
                return 1L << 10;
            case "mib":
                return 1L << 20;
            case "gib":
                return 1L << 30;
            case "tib":
                return 1L << 40;
            default:
                return -1;
        }
    }

    private static Matcher numberAndUnit(final String field, final String text, final String expected)
    {
        final String t = text.trim();
        if (t.startsWith("-"))
        {
            throw new IllegalArgumentException(field + "=" + text + ": must not be negative");
        }
        final Matcher m = NUMBER_UNIT.matcher(t);
        if (!m.matches())
        {
            throw new IllegalArgumentException(field + "=" + text + ": expected " + expected);
        }
        return m;
    }

    /** {@code number * factor}, rounded to the nearest integer, checked against {@code [min, max]}. */
    private static long scaled(final String field, final String text, final String number, final long factor,
                               final long min, final long max, final String maxText)
    {
        final BigDecimal value = new BigDecimal(number).multiply(BigDecimal.valueOf(factor)).setScale(0, RoundingMode.HALF_UP);
        if (value.compareTo(BigDecimal.valueOf(max)) > 0)
        {
            throw new IllegalArgumentException(field + "=" + text + ": too large; at most " + maxText);
        }
        final long v = value.longValueExact();
        if (v < min)
        {
            throw new IllegalArgumentException(field + "=" + text + (min == 1 ? ": must be positive" : ": at least " + min));
        }
        return v;
    }
}
