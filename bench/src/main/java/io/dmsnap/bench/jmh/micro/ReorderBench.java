package io.dmsnap.bench.jmh.micro;

import io.dmsnap.engine.config.Switches.CommitOrder;
import io.dmsnap.engine.snap.ReorderStage;
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
 * The in-order commit stage on its own ({@link ReorderStage}): how long it takes to push one whole
 * permutation of {@code outstanding} copy completions through it, i.e. to park every early finisher
 * and release each one when its predecessors are done.
 *
 * <p>One operation = one permutation of {@code outstanding} completions (the score is the time per
 * permutation; divide by {@code outstanding} for the time per completion). The permutations are
 * built once per trial, the stage allocates its pending exceptions once, so the measured loop does
 * nothing but park and commit.
 *
 * <p>What to expect:
 * <ul>
 *   <li>{@code AS_COMPLETED}: no parking at all, linear; the floor.</li>
 *   <li>{@code IN_ORDER_TREE}: O(log n) per park, O(n log n) per permutation.</li>
 *   <li>{@code IN_ORDER_RING} (preset experimental): one array store per park and one load per
 *       commit, O(n) per permutation; the ring grows to the permutation's size in the first
 *       operation and keeps that capacity, so the measured loop allocates nothing.</li>
 *   <li>{@code IN_ORDER_LIST}: each park walks the list from its tail, so {@code REVERSE} costs
 *       n(n-1)/2 steps: 100,000 outstanding take tens of seconds per permutation (about 25 s on a
 *       2-core machine) against milliseconds for the tree, the effect 3db2776d measured.
 *       {@code RANDOM} is quadratic too: early finishers pile up behind the lowest missing
 *       sequence, and each park walks past the parked ones with higher sequences.</li>
 * </ul>
 *
 * <p>Bounded run time: the mode is average time with 1-second iterations, so a fast case runs
 * thousands of permutations per iteration while the quadratic case runs exactly one (an iteration
 * always finishes its operation). With the default 2 warm-up and 3 measured iterations the slowest
 * cell takes five permutations, about two minutes; to keep a run short, measure the 100,000-list
 * cells apart with fewer iterations, e.g. {@code -p kind=IN_ORDER_LIST -p outstanding=100000 -wi 1 -i 2}.
 *
 * <p>HOW TO RUN THIS TEST:
 * <pre>
 *   java -jar bench/target/benchmarks.jar 'micro.ReorderBench' -p outstanding=1000,10000
 *   java -jar bench/target/benchmarks.jar 'micro.ReorderBench' -p outstanding=100000 -p kind=IN_ORDER_TREE,IN_ORDER_RING,AS_COMPLETED
 *   java -jar bench/target/benchmarks.jar 'micro.ReorderBench' -p kind=IN_ORDER_TREE,IN_ORDER_RING -prof gc
 *   java -jar bench/target/benchmarks.jar 'micro.ReorderBench' -p outstanding=100000 -p kind=IN_ORDER_LIST -wi 1 -i 2
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@Threads(1)
public class ReorderBench
{
    private static final long PERMUTATION_SEED = 230_083L;

    @State(Scope.Thread)
    public static class Stage
    {
        @Param({"IN_ORDER_LIST", "IN_ORDER_TREE", "IN_ORDER_RING", "AS_COMPLETED"})
        public CommitOrder kind;

        @Param({"1000", "10000", "100000"})
        public int outstanding;

        @Param({"REVERSE", "RANDOM"})
        public CompletionPermutations order;

        ReorderStage stage;
        int[] permutation;

        @Setup(Level.Trial)
        public void setUp()
        {
            stage = new ReorderStage(kind, outstanding);
            permutation = order.of(outstanding, PERMUTATION_SEED);
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            // A stage that lost or reordered an exception would make the timing meaningless.
            if (stage.parked() != 0 || (kind != CommitOrder.AS_COMPLETED && stage.outOfOrderCommits() != 0))
            {
                throw new IllegalStateException(kind + ": " + stage.parked() + " parked, "
                    + stage.outOfOrderCommits() + " out of order after a full permutation");
            }
        }
    }

    @Benchmark
    public long permutation(final Stage s)
    {
        return s.stage.complete(s.permutation);
    }

    public static void main(final String[] args) throws RunnerException
    {
        new Runner(new OptionsBuilder().include(ReorderBench.class.getSimpleName()).build()).run();
    }
}
