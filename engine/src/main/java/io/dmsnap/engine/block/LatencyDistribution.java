package io.dmsnap.engine.block;

import java.util.Locale;

/**
 * How the per-request latency of a {@link DeviceProfile} varies around its mean. The spread is the
 * standard deviation as a fraction of the mean (the coefficient of variation) for both random kinds.
 */
public enum LatencyDistribution
{
    /** Every request takes exactly the mean. */
    FIXED,
    /** Uniform on {@code [mean - sqrt(3) * sd, mean + sqrt(3) * sd]}; needs a spread of at most 1/sqrt(3). */
    UNIFORM,
    /** Log-normal with the given mean and standard deviation: a long right tail, never negative. */
    LOGNORMAL;

    /** The name used in profile specs: {@code fixed}, {@code uniform}, {@code lognormal}. */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException for a name that is none of the labels, with the valid ones
     */
    public static LatencyDistribution byLabel(final String label)
    {
        for (final LatencyDistribution d : values())
        {
            if (d.label().equals(label.toLowerCase(Locale.ROOT)))
            {
                return d;
            }
        }
        throw new IllegalArgumentException("dist=" + label + ": unknown distribution; expected fixed, uniform or lognormal");
    }
}
