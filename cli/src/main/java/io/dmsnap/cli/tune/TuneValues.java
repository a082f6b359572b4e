package io.dmsnap.cli.tune;

import io.dmsnap.bench.fio.FioValues;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for tune's option values; each error is an IllegalArgumentException naming the option,
 * the value and what is accepted.
 */
final class TuneValues
{
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%?");

    private TuneValues()
    {
    }

    /** A size in fio's syntax ({@code 4k}, {@code 64m}, {@code 1g}), positive. */
    static long size(final String option, final String value)
    {
        final long bytes;
        try
        {
            bytes = FioValues.size(option, value);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("bad value for " + option + ": '" + value
                + "': expected a size such as 4k, 64m or 1g");
        }
        if (bytes <= 0)
        {
            throw new IllegalArgumentException("bad value for " + option + ": '" + value + "': must be more than 0 bytes");
        }
        return bytes;
    }

    /** A size that is a whole number of 4 KiB pages. */
    static long pages(final String option, final String value)
    {
        final long bytes = size(option, value);
        if (bytes % 4096 != 0)
        {
            throw new IllegalArgumentException("bad value for " + option + ": '" + value
                + "': must be a multiple of 4k (the page cache works in 4 KiB pages)");
        }
        return bytes;
    }

    /** Chunk sizes, comma-separated: powers of two from 512 bytes to 1g, each once. */
    static List<Long> chunkSizes(final String value)
    {
        final List<Long> sizes = new ArrayList<>();
        for (final String item : value.split(",", -1))
        {
            final long c;
            try
            {
                c = FioValues.size("--chunk-size", item);
            }
            catch (final IllegalArgumentException e)
            {
                throw new IllegalArgumentException("bad value in --chunk-size: '" + item.trim()
                    + "': expected chunk sizes such as 4k,16k,64k (powers of two from 512 bytes to 1g)");
            }
            if (c < 512 || c > (1L << 30) || Long.bitCount(c) != 1)
            {
                throw new IllegalArgumentException("bad value in --chunk-size: '" + item.trim()
                    + "': a chunk size is a power of two from 512 bytes to 1g");
            }
            if (sizes.contains(c))
            {
                throw new IllegalArgumentException("bad value in --chunk-size: " + item.trim() + " is given twice");
            }
            sizes.add(c);
        }
        return sizes;
    }

    /** A duration: a number with ms, s (the default), m or h, more than 0. */
    static long durationNanos(final String option, final String value)
    {
        final Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches())
        {
            throw new IllegalArgumentException("bad value for " + option + ": '" + value
                + "': expected a duration such as 500ms, 30s, 5m or 1h");
        }
        final double n = Double.parseDouble(m.group(1));
        final String unit = m.group(2) == null ? "s" : m.group(2);
        final double nanos = n * switch (unit)
        {
            case "ms" -> TimeUnit.MILLISECONDS.toNanos(1);
            case "m" -> TimeUnit.MINUTES.toNanos(1);
            case "h" -> TimeUnit.HOURS.toNanos(1);
            default -> TimeUnit.SECONDS.toNanos(1);
        };
        if (nanos < TimeUnit.MILLISECONDS.toNanos(1) || nanos > TimeUnit.DAYS.toNanos(7))
        {
            throw new IllegalArgumentException("bad value for " + option + ": '" + value
                + "': must be from 1ms to 7 days");
        }
        return (long) nanos;
    }

    /** A percentage ({@code 5%} or {@code 5}) as a fraction; 0 to {@code max} percent. */
    static double percent(final String option, final String value, final double max)
    {
        final Matcher m = PERCENT.matcher(value.trim());
        if (!m.matches())
        {
            throw new IllegalArgumentException("bad value for " + option + ": '" + value
                + "': expected a percentage such as 5%");
        }
        final double p = Double.parseDouble(m.group(1));
        if (p > max)
        {
            throw new IllegalArgumentException("bad value for " + option + ": '" + value + "': must be at most "
                + (max == Math.rint(max) ? Long.toString((long) max) : Double.toString(max)) + "%");
        }
        return p / 100;
    }
}
