package io.dmsnap.cli.changepoint;

/** What a change point is for its metric, given the metric's {@link Direction}. */
public enum Verdict
{
    /** The mean moved the bad way. */
    REGRESSION,
    /** The mean moved the good way. */
    IMPROVEMENT
}
