package io.dmsnap.cli.result;

import java.util.Locale;

/**
 * Which way a metric improves. Readers set it where the source says so (JMH's mode for a primary
 * score, fio's meaning of each field); {@link #ofUnit(String)} covers the units whose direction
 * does not depend on what was measured; everything else is {@link #UNKNOWN}, for the comparing
 * tool to be told.
 */
public enum Direction
{
    /** Throughput: operations or bytes per unit of time. */
    HIGHER_IS_BETTER("higher"),
    /** Time per operation, latency, allocation per operation. */
    LOWER_IS_BETTER("lower"),
    /** Counts, rates of side effects (JMH's gc.alloc.rate in MB/sec), anything a reader cannot tell. */
    UNKNOWN("unknown");

    private final String label;

    Direction(final String label)
    {
        this.label = label;
    }

    /** {@code higher}, {@code lower} or {@code unknown}: the name in result files. */
    public String label()
    {
        return label;
    }

    /** The direction named {@code label}. */
    public static Direction ofLabel(final String label)
    {
        for (final Direction d : values())
        {
            if (d.label.equals(label))
            {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown direction '" + label + "'; expected higher, lower or unknown");
    }

    /**
     * The direction a unit implies on its own: {@code ops/<time>} is a throughput (higher), and
     * {@code <anything>/op} a cost per operation (lower). Any other unit is {@link #UNKNOWN}: a
     * byte rate may be a bandwidth (higher) or an allocation rate (lower), a time may be a latency
     * or a run time.
     */
    public static Direction ofUnit(final String unit)
    {
        final String u = unit.trim().toLowerCase(Locale.ROOT);
        if (u.startsWith("ops/"))
        {
            return HIGHER_IS_BETTER;
        }
        if (u.endsWith("/op"))
        {
            return LOWER_IS_BETTER;
        }
        return UNKNOWN;
    }
}
