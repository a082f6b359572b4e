package io.dmsnap.cli.tune;

import io.dmsnap.bench.stack.ManySnapshotsStack;
import org.HdrHistogram.Histogram;

/**
 * A workload running for {@code --live} on its own thread, while the caller steps the threshold.
 * Counters may be read from the caller's thread at any time.
 */
public interface LiveRun extends AutoCloseable
{
    /** The stack the run writes to (its parameters and in-flight counters). */
    ManySnapshotsStack stack();

    /** Writes completed so far (monotone; for fio an estimate from its per-second rate). */
    long completedWrites();

    /** Write latencies since the previous call, or null when the workload does not record them per interval. */
    Histogram intervalLatencies();

    /** Whether the run has ended (its duration is over and its writes are done, or it failed). */
    boolean finished();

    /**
     * Wait for the run to end.
     *
     * @throws SampleFailedException when it failed
     */
    void await() throws InterruptedException;

    /** Tear the stack down (after {@link #await}, or to abandon the run). */
    @Override
    void close();
}
