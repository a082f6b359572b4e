package io.dmsnap.bench.fio;

/**
 * Receives a job's progress about once a second, on the runner's thread (the caller of
 * {@link FioRunner#run}); must return quickly.
 */
@FunctionalInterface
public interface FioProgress
{
    /** Ignores every update. */
    FioProgress NONE = (job, elapsedMillis, iops, etaMillis) -> { };

    /**
     * @param job the job's name
     * @param elapsedMillis time since the job's workers started
     * @param iops completed I/Os per second since the previous update (ramp included), all workers
     * @param etaMillis estimated time left, or -1 when unknown
     */
    void update(String job, long elapsedMillis, double iops, long etaMillis);
}
