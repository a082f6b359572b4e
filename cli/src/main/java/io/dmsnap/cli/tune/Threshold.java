package io.dmsnap.cli.tune;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.ModuleParameter;
import io.dmsnap.engine.config.Switches.Throttle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One point of a {@code cow_threshold} sweep: a value of {@code snapshot_cow_threshold} under the
 * in-progress throttle (b2155578, where 0 makes every writer wait while any copy of its snapshot is
 * in flight), or {@link #UNLIMITED}: no throttle at all ({@code throttle=NONE}, the kernel before
 * 721b1d98).
 *
 * <p>Order: by value, unlimited last (it is the limit of ever larger thresholds).
 *
 * @param value the threshold, or -1 for unlimited
 */
public record Threshold(int value) implements Comparable<Threshold>
{
    public static final Threshold UNLIMITED = new Threshold(-1);
    /** The kernel's default, 2048 (721b1d98). */
    public static final Threshold KERNEL_DEFAULT = new Threshold(EngineConfig.DEFAULT_COW_THRESHOLD);
    /** The largest value of the default sweep. */
    public static final int DEFAULT_MAX = 65536;
    /** The words that mean {@link #UNLIMITED} in a list of values. */
    public static final List<String> UNLIMITED_WORDS = List.of("unlimited", "none");

    public Threshold
    {
        if (value < -1)
        {
            throw new IllegalArgumentException("threshold " + value + " is negative");
        }
    }

    public boolean unlimited()
    {
        return value < 0;
    }

    /** {@code unlimited} or the number. */
    public String label()
    {
        return unlimited() ? "unlimited" : Integer.toString(value);
    }

    /** The engine configuration for this point: the base with {@code throttle=NONE}, or IN_PROGRESS at the value. */
    public EngineConfig configure(final EngineConfig base)
    {
        if (unlimited())
        {
            return base.with(Throttle.NONE).validate();
        }
        return base.with(Throttle.IN_PROGRESS).withCowThreshold(value).validate();
    }

    /**
     * Where the point sits on the charts' logarithmic axis: log2 of the value for 1 and up, one step
     * below 1 for 0, and one step above {@code largest} for unlimited.
     */
    public double axisPosition(final int largest)
    {
        if (unlimited())
        {
            return log2(Math.max(largest, 1)) + 1;
        }
        return value == 0 ? -1 : log2(value);
    }

    private static double log2(final double v)
    {
        return Math.log(v) / Math.log(2);
    }

    @Override
    public int compareTo(final Threshold other)
    {
        return Long.compare(unlimited() ? Long.MAX_VALUE : value, other.unlimited() ? Long.MAX_VALUE : other.value);
    }

    @Override
    public String toString()
    {
        return label();
    }

    /** The default sweep: unlimited, then 0, 1, 2, 4, ... {@value #DEFAULT_MAX}. */
    public static List<Threshold> defaultSweep()
    {
        final List<Threshold> values = new ArrayList<>();
        values.add(UNLIMITED);
        values.add(new Threshold(0));
        for (int v = 1; v <= DEFAULT_MAX; v *= 2)
        {
            values.add(new Threshold(v));
        }
        return Collections.unmodifiableList(values);
    }

    /** The values of {@code --quick}: the ends, the kernel's default and every fourth power of two between. */
    public static List<Threshold> quickSweep()
    {
        return List.of(UNLIMITED, new Threshold(0), new Threshold(1), new Threshold(4), new Threshold(16),
            new Threshold(64), new Threshold(256), new Threshold(1024), KERNEL_DEFAULT, new Threshold(8192));
    }

    /**
     * A list of values as given to {@code --values}: comma-separated numbers in 0..2147483647 and
     * {@code unlimited} (or {@code none}), each at most once; returned in the order given.
     *
     * @throws IllegalArgumentException naming the bad item and what is accepted
     */
    public static List<Threshold> parseList(final String text)
    {
        if (text == null || text.isBlank())
        {
            throw new IllegalArgumentException("--values is empty: give comma-separated thresholds (0.."
                + Integer.MAX_VALUE + ") or unlimited, e.g. unlimited,0,16,2048");
        }
        final Set<Threshold> seen = new LinkedHashSet<>();
        for (final String raw : text.split(",", -1))
        {
            final String item = raw.trim().toLowerCase(Locale.ROOT);
            final Threshold t;
            if (UNLIMITED_WORDS.contains(item))
            {
                t = UNLIMITED;
            }
            else
            {
                try
                {
                    t = new Threshold(ModuleParameter.COW_THRESHOLD.parse(item));
                }
                catch (final IllegalArgumentException e)
                {
                    throw new IllegalArgumentException("bad value in --values: '" + raw.trim() + "': a threshold is an "
                        + "integer in 0.." + Integer.MAX_VALUE + " or unlimited (the NONE throttle)");
                }
            }
            if (!seen.add(t))
            {
                throw new IllegalArgumentException("bad value in --values: " + t.label() + " is given twice");
            }
        }
        return List.copyOf(seen);
    }
}
