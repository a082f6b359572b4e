package io.dmsnap.cli.reproduce;

/** How much each reproduction runs: {@link #QUICK} fits in 15 minutes on 2 cores, {@link #FULL} repeats more. */
public enum Depth
{
    QUICK,
    FULL;

    /** {@code quick} or {@code full}, as the option is spelled. */
    public String option()
    {
        return "--" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
