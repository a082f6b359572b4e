package io.dmsnap.cli.tune;

import io.dmsnap.engine.config.EngineConfig;

/**
 * A workload a sweep runs once per sample: build a fresh stack for the configuration, write, measure,
 * tear the stack down. Implementations: {@link WritebackTuneWorkload} (the seed's, the default) and
 * {@link FioTuneWorkload} (fio randwrite on the origin or the snapshot).
 */
public interface TuneWorkload
{
    /** Receives a running sample's progress on the sampling thread, at most a few times a second. */
    @FunctionalInterface
    interface Progress
    {
        Progress NONE = (fraction, elapsedNanos) -> { };

        /**
         * @param fraction     done so far, 0..1, or -1 when unknown
         * @param elapsedNanos since the sample started
         */
        void update(double fraction, long elapsedNanos);
    }

    /** The workload's name as {@code --workload} spells it. */
    String name();

    /** One line: what is written, how, on which stack. */
    String describe();

    /** Workers that submit writes concurrently: the soft limit's slack per snapshot. */
    int submitters();

    /** The amount each sample writes in bytes, or 0 when samples run for a duration. */
    long amountBytes();

    /** This workload writing {@code bytes} instead (for a calibration run); duration runs are unchanged. */
    TuneWorkload withAmount(long bytes);

    /**
     * Run one sample on a fresh stack built with {@code config} and {@code chunkSectors}.
     *
     * @throws SampleFailedException when the run failed (an I/O error, an invalid snapshot, a stall)
     */
    Sample run(EngineConfig config, int chunkSectors, Progress progress) throws InterruptedException;

    /**
     * Start a long run of {@code durationNanos} on a fresh stack for {@code --live}; the caller changes
     * the threshold while it runs and then closes the run.
     */
    LiveRun startLive(EngineConfig config, int chunkSectors, long durationNanos);
}
