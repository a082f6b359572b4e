package io.dmsnap.cli.tune;

import io.dmsnap.bench.stack.ManySnapshotsStack;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches.Throttle;
import io.dmsnap.engine.copy.CopierMemoryStats;
import io.dmsnap.engine.snap.SnapshotParameters;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code --live}: one long run of the workload on one stack with the in-progress throttle, while
 * this thread writes {@code snapshot_cow_threshold} through {@link SnapshotParameters#setCowThreshold}
 * at the start of each step, as an administrator writes the module parameter while I/O runs.
 *
 * <p>It samples every {@value #SAMPLE_MICROS} us the copies in flight of the fullest snapshot, and
 * per step reports how long after the change they first were within the new limit (the threshold
 * plus one per submitting thread: the soft limit's slack), the throughput, the p99 latency (where
 * the workload records it per interval) and the copier memory. Lowering the threshold cannot take
 * back copies already started, so the settle time after a lowering is the time the devices need to
 * finish the excess; a raise takes effect at once (the model wakes the waiting writers).
 *
 * <p>Unlimited has no live form (the throttle variant is chosen when a snapshot is constructed), so
 * a live step to unlimited sets the parameter's largest value, 2147483647, which no run reaches.
 */
final class LiveRunner
{
    static final long SAMPLE_MICROS = 2000;
    /** Resolution of the in-flight series kept for the chart. */
    private static final long SERIES_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final PrintWriter err;

    LiveRunner(final PrintWriter err)
    {
        this.err = err;
    }

    LiveResult run(final TuneWorkload workload, final EngineConfig base, final long chunkBytes,
                   final List<Threshold> values, final long stepNanos) throws InterruptedException
    {
        final EngineConfig config = base.with(Throttle.IN_PROGRESS).withCowThreshold(live(values.get(0))).validate();
        final long total = stepNanos * values.size();
        final List<LiveStep> steps = new ArrayList<>();
        final List<double[]> series = new ArrayList<>();
        final int slack = workload.submitters();
        try (LiveRun run = workload.startLive(config, SweepPlan.sectors(chunkBytes), total))
        {
            final ManySnapshotsStack stack = run.stack();
            final SnapshotParameters parameters = stack.parameters();
            final long start = System.nanoTime();
            long lastWrites = 0;
            run.intervalLatencies();
            for (int i = 0; i < values.size() && !run.finished(); i++)
            {
                final Threshold t = values.get(i);
                final long stepStart = start + i * stepNanos;
                final long stepEnd = stepStart + stepNanos;
                final long atStart = stack.maxCopiesInFlight();
                parameters.setCowThreshold(live(t));
                parameters.resetPeaks();
                final long limit = t.unlimited() ? Long.MAX_VALUE : (long) t.value() + slack;
                long settle = atStart <= limit ? 0 : -1;
                long peak = atStart;
                double sum = 0;
                long n = 0;
                long bucketStart = System.nanoTime();
                long bucketMax = 0;
                while (System.nanoTime() - stepEnd < 0 && !run.finished())
                {
                    final long now = System.nanoTime();
                    final long inflight = stack.maxCopiesInFlight();
                    if (settle < 0 && inflight <= limit)
                    {
                        settle = now - stepStart;
                    }
                    peak = Math.max(peak, inflight);
                    sum += inflight;
                    n++;
                    bucketMax = Math.max(bucketMax, inflight);
                    if (now - bucketStart >= SERIES_NANOS)
                    {
                        series.add(new double[] {(now - start) / 1e9, bucketMax, t.unlimited() ? -1 : t.value()});
                        bucketStart = now;
                        bucketMax = 0;
                    }
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(SAMPLE_MICROS));
                }
                final double seconds = (Math.min(System.nanoTime(), stepEnd) - stepStart) / 1e9;
                final long writes = run.completedWrites();
                final Histogram latencies = run.intervalLatencies();
                final CopierMemoryStats memory = parameters.copierMemoryStats();
                final LiveStep step = new LiveStep(t, seconds, atStart, settle < 0 ? -1 : settle / 1e6,
                    seconds > 0 ? (writes - lastWrites) / seconds : 0,
                    latencies == null || latencies.getTotalCount() == 0 ? -1 : latencies.getValueAtPercentile(99) / 1000.0,
                    Math.max(peak, parameters.peakCopiesInFlight()), n == 0 ? 0 : sum / n, memory.peakBytes(),
                    memory.meanBytes());
                lastWrites = writes;
                steps.add(step);
                err.println(String.format(Locale.ROOT, "tune: live step %d/%d: threshold %s: %s IOPS, %s in flight at "
                    + "the change, %s", i + 1, values.size(), t.label(), Units.count(step.iops()),
                    Units.count(atStart), step.settled() ? "within the limit after " + Units.millis(step.settleMillis())
                        : "not within the limit by the end of the step"));
                err.flush();
            }
            run.await();
        }
        final double[] time = new double[series.size()];
        final double[] inflight = new double[series.size()];
        final double[] limit = new double[series.size()];
        for (int i = 0; i < series.size(); i++)
        {
            time[i] = series.get(i)[0];
            inflight[i] = series.get(i)[1];
            limit[i] = series.get(i)[2];
        }
        return new LiveResult(chunkBytes, steps, time, inflight, limit);
    }

    /** The value written to the parameter for a step. */
    static int live(final Threshold t)
    {
        return t.unlimited() ? Integer.MAX_VALUE : t.value();
    }
}
