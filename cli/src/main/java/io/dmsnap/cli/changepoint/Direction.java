package io.dmsnap.cli.changepoint;

/** Which way a metric improves: throughput is higher-is-better, latency lower-is-better. */
public enum Direction
{
    HIGHER_IS_BETTER(1),
    LOWER_IS_BETTER(-1);

    private final int sign;

    Direction(final int sign)
    {
        this.sign = sign;
    }

    /** Otava's {@code direction} value for this metric: 1 or -1. */
    public int otavaDirection()
    {
        return sign;
    }

    /**
     * What a move of the mean from {@code before} to {@code after} is for this metric; no move at
     * all counts as a regression (the detector never reports one: its merge step drops changes of
     * magnitude 0).
     */
    public Verdict verdict(final double before, final double after)
    {
        return (after - before) * sign > 0 ? Verdict.IMPROVEMENT : Verdict.REGRESSION;
    }
}
