package io.dmsnap.bench.fio;

import java.util.List;

/**
 * Receives fio's periodic full status ({@code --status-interval}): the report entries of every
 * started job, with the figures so far, on the runner's thread (the caller of {@link FioRunner#run});
 * what it does with them delays the runner's next sampling, so it should print and return.
 */
@FunctionalInterface
public interface FioStatus
{
    /** Ignores every status. */
    FioStatus NONE = interim -> { };

    /**
     * @param interim one entry per thread or group as the final report has them
     *                ({@link FioReports}), for the jobs started so far; a running thread's figures
     *                are cumulative up to now
     */
    void report(List<FioResult> interim);
}
