package io.dmsnap.bench.jmh.micro;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches.Throttle;
import io.dmsnap.engine.snap.CowThrottle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.concurrent.TimeUnit;

/**
 * The cost the COW throttle adds to every copy when it does not have to wait: the fast path of
 * each {@code throttle} variant, which is what a snapshot pays on every exception below
 * {@code cow_threshold}.
 *
 * <p>One operation is what the engine does around one copy: the writer's
 * {@link CowThrottle#waitForInProgress} check (only for the variant that waits before locking, as
 * the engine skips the call otherwise), {@link CowThrottle#accountStartCopy} before handing the copy
 * out, and {@link CowThrottle#accountEndCopy} at the end of the copy callback. Here both run on the
 * same thread, back to back; in the engine the end runs on the copier thread, so this measures the
 * atomics and the lock, not the cross-thread cache-line transfer. With at most 2 copies in flight
 * against the default threshold of 2048, nobody ever waits.
 *
 * <p>What to expect: {@code NONE} is the base every variant shares (an increment, a peak CAS, a
 * decrement); {@code SEMAPHORE} adds a CAS to acquire and one to release a permit;
 * {@code IN_PROGRESS} adds the writer's check (a volatile read of the in-flight count) and, after
 * each end, a volatile read of the waiter count; below the threshold it takes no monitor. At
 * 2 threads all of them share one counter (the in-flight count), so the cache line ping-pongs and
 * the per-operation time grows. All variants must show 0 B/op under {@code -prof gc}.
 *
 * <p>HOW TO RUN THIS TEST:
 * <pre>
 *   java -jar bench/target/benchmarks.jar 'micro.ThrottleBench' -t 1 -prof gc
 *   java -jar bench/target/benchmarks.jar 'micro.ThrottleBench' -t 2 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class ThrottleBench
{
    /** One throttle shared by all threads, as one snapshot's throttle is shared by its writers. */
    @State(Scope.Benchmark)
    public static class Shared
    {
        @Param({"NONE", "SEMAPHORE", "IN_PROGRESS"})
        public Throttle throttle;

        CowThrottle cow;

        @Setup(Level.Trial)
        public void setUp()
        {
            cow = CowThrottle.create(EngineConfig.current().with("throttle", throttle.name()));
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            if (cow.inFlight() != 0)
            {
                throw new IllegalStateException("copies still accounted in flight: " + cow.describe());
            }
        }
    }

    @Benchmark
    public void startEndCopy(final Shared s)
    {
        final CowThrottle cow = s.cow;
        if (cow.waitsBeforeLocking())
        {
            cow.waitForInProgress(null);   // below the threshold: one volatile read, returns false
        }
        cow.accountStartCopy();
        cow.accountEndCopy();
    }

    public static void main(final String[] args) throws RunnerException
    {
        for (final int threads : new int[] {1, 2})
        {
            new Runner(new OptionsBuilder()
                .include(ThrottleBench.class.getSimpleName())
                .threads(threads)
                .addProfiler("gc")
                .build()).run();
        }
    }
}
