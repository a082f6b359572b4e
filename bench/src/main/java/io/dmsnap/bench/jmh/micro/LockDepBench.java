package io.dmsnap.bench.jmh.micro;

import io.dmsnap.engine.concurrent.LockClass;
import io.dmsnap.engine.concurrent.LockDep;
import io.dmsnap.engine.concurrent.SpinLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * What the lock-order checker's hooks cost: an uncontended lock and unlock of the engine's
 * {@link SpinLock} (which calls {@link LockDep#acquire} and {@link LockDep#release}) against the
 * same test-and-test-and-set lock written without the hooks. With the checker off (the default)
 * the two are the same code once compiled: the switch is a {@code static final} constant and the
 * hooks fold away, so the scores agree within noise ({@code -prof perfasm} shows the same loop).
 * With {@code -jvmArgsAppend -Ddmsnap.lockdep=true} the first pays the checker's bookkeeping (a
 * thread-local lookup and the held-lock stack), which is why it is off outside tests.
 *
 * <p>HOW TO RUN THIS TEST:
 * <pre>
 *   java -jar bench/target/benchmarks.jar 'micro.LockDepBench'
 *   java -jar bench/target/benchmarks.jar 'micro.LockDepBench' -jvmArgsAppend -Ddmsnap.lockdep=true
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class LockDepBench
{
    private static final LockClass BENCH_LOCK = LockClass.named("LockDepBench lock");
    private static final VarHandle STATE;

    static
    {
        try
        {
            STATE = MethodHandles.lookup().findVarHandle(LockDepBench.class, "state", int.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SpinLock hooked = new SpinLock(BENCH_LOCK);
    /** The bare lock's word: the same acquire CAS and release store as {@link SpinLock}, no hooks. */
    @SuppressWarnings("unused")   // accessed through STATE
    private int state;
    private long counter;

    /** Lock, one increment, unlock through the engine's lock (hooks included). */
    @Benchmark
    public long spinLockWithHooks()
    {
        hooked.lock();
        final long n = ++counter;
        hooked.unlock();
        return n;
    }

    /** The same critical section under a copy of the lock without the hooks: the baseline. */
    @Benchmark
    public long spinLockBare()
    {
        while ((int) STATE.compareAndExchangeAcquire(this, 0, 1) != 0)
        {
            Thread.onSpinWait();
        }
        final long n = ++counter;
        STATE.setRelease(this, 0);
        return n;
    }

    public static void main(final String[] args) throws RunnerException
    {
        new Runner(new OptionsBuilder().include(LockDepBench.class.getSimpleName()).build()).run();
    }
}
