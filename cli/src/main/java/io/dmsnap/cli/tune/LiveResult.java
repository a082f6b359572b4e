package io.dmsnap.cli.tune;

import java.util.List;

/**
 * A finished {@code --live} run.
 *
 * @param chunkBytes   the snapshots' chunk size
 * @param steps        one per threshold, in the order they were set
 * @param timeSeconds  sampling times since the start, for the in-flight chart
 * @param inflight     the fullest snapshot's copies in flight at each sampling time (the most seen in its interval)
 * @param limit        the limit in force at each sampling time (-1: unlimited)
 */
public record LiveResult(long chunkBytes, List<LiveStep> steps, double[] timeSeconds, double[] inflight, double[] limit)
{
    public LiveResult
    {
        steps = List.copyOf(steps);
        if (timeSeconds.length != inflight.length || timeSeconds.length != limit.length)
        {
            throw new IllegalArgumentException("the series differ in length");
        }
    }
}
