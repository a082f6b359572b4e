package io.dmsnap.cli.stats;

/** Which way a metric improves. */
public enum Direction
{
    /** Throughput (ops/s, IOPS, MB/s): a larger candidate value is an improvement. */
    HIGHER_IS_BETTER(-1.0),
    /** Time per operation, latency percentiles, bytes per operation: a larger candidate value is a regression. */
    LOWER_IS_BETTER(1.0);

    /** The sign that turns a percent change into "percent worse". */
    private final double worseSign;

    Direction(final double worseSign)
    {
        this.worseSign = worseSign;
    }

    /** {@code changePercent} as percent worse: positive when the change is in the bad direction. */
    public double worsePercent(final double changePercent)
    {
        return worseSign * changePercent;
    }
}
