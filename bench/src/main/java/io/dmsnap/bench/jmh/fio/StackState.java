package io.dmsnap.bench.jmh.fio;

import io.dmsnap.bench.stack.SnapshotStack;
import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.NullDevice;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DmException;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The device stack one benchmark trial runs on, shared by all its workers: the dmtest snapshot
 * stack of {@link SnapshotStack} on null devices that complete inline (dmtest's null_blk with
 * {@code completion_nsec=1}), so the figures measure the snapshot code's CPU and locking cost,
 * not a device.
 *
 * <p>Lifecycle: built once per trial; before every iteration after the first the snapshot is
 * replaced by a fresh one on a fresh COW device, so every iteration measures copy-on-write, as
 * every dmtest run starts with a new snapshot. JMH runs a {@code Scope.Benchmark} iteration
 * fixture on one thread after all workers reached the iteration barrier, i.e. after every
 * {@link WorkerState} drained its requests in its iteration teardown, so no I/O is in flight
 * while the stack changes. The raw device needs no snapshot and keeps its stack.
 *
 * <p>The trial teardown is different: JMH lets the first worker that finished its last iteration
 * run it while others may still be draining. So workers report attach and drain
 * ({@link #workerAttached()}, {@link #workerDrained()}) and {@link #close()} waits until none is
 * busy before it takes the stack down.
 *
 * <p>Not final: JMH generates a subclass of every state class.
 */
@State(Scope.Benchmark)
public class StackState
{
    /** Value of {@link #set} meaning "no switch overrides". */
    public static final String NO_OVERRIDES = "none";

    /** Preset the engine is built from (v3.12, v4.18, v5.0, v5.2, current, experimental). */
    @Param("current")
    public String preset;

    /**
     * Switch overrides applied on top of the preset: {@code switch=value} pairs separated by
     * {@code ;} (a comma separates parameter values on JMH's command line), or {@value #NO_OVERRIDES}.
     */
    @Param(NO_OVERRIDES)
    public String set;

    /** Exception store: N (transient), P (persistent), PO (persistent with overflow). */
    @Param("N")
    public String store;

    /** Chunk size in 512-byte sectors (8 = 4 KiB, as dmtest). */
    @Param("8")
    public int chunk;

    /** snapshot_cow_threshold: copies in flight the COW throttle allows. */
    @Param("2048")
    public int cowThreshold;

    /**
     * Size of the origin (and raw) device: bytes with an optional k, m, g or t suffix. dmtest uses
     * 80 GiB; a small origin makes a worker wrap around its region, after which snapshot writes
     * hit chunks that are already remapped (no copy-on-write left to do).
     */
    @Param("80g")
    public String originSize;

    private FioBenchmarkName name;
    private SnapshotStack stack;
    private int iterations;
    /**
     * Workers attached in this iteration and not drained yet. Incremented by each worker in its
     * iteration setup, decremented after its drain (volatile read-modify-writes: the drain
     * happens-before the decrement, which the closing thread reads).
     */
    private final AtomicInteger busyWorkers = new AtomicInteger();

    /** Trial setup (one thread): build the stack the benchmark's target lives in. */
    @Setup(Level.Trial)
    public void build(final BenchmarkParams params) throws DmException
    {
        name = FioBenchmarkName.parse(params.getBenchmark());
        final EngineConfig config = config(preset, cowThreshold, set);
        final long originSectors = sizeBytes(originSize) >>> Bio.SECTOR_SHIFT;
        final long cowSectors = SnapshotStack.maxSnapshotSectors(store, originSectors, chunk);
        final BlockDevice base = new NullDevice("base", originSectors);
        stack = new SnapshotStack(config, base, () -> new NullDevice("cow", cowSectors), store, chunk);
        iterations = 0;
    }

    /** Iteration setup (one thread, no I/O in flight): a fresh snapshot, except before the first iteration. */
    @Setup(Level.Iteration)
    public void freshSnapshot() throws DmException
    {
        if (busyWorkers.get() != 0)
        {
            throw new IllegalStateException("a new iteration starts while " + busyWorkers.get() + " worker(s) have I/O in flight");
        }
        if (iterations++ > 0 && name.target() != FioBenchmarkName.Target.RAW_DEVICE)
        {
            stack.renewSnapshot();
        }
    }

    /** Trial teardown (one thread): waits for the other workers' drains, then takes the stack down. */
    @TearDown(Level.Trial)
    public void close() throws InterruptedException
    {
        final long deadline = System.nanoTime() + IoWindow.STALL_NANOS;
        while (busyWorkers.get() > 0)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException(busyWorkers.get() + " worker(s) still have I/O in flight at the end of the trial");
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        if (stack != null)
        {
            stack.close();
            stack = null;
        }
    }

    /** Worker thread, iteration setup: it will have I/O in flight until {@link #workerDrained()}. */
    void workerAttached()
    {
        busyWorkers.incrementAndGet();
    }

    /** Worker thread, iteration teardown: nothing of this worker is in flight any more. */
    void workerDrained()
    {
        busyWorkers.decrementAndGet();
    }

    /** The benchmark's device; valid until the next iteration setup renews the snapshot. */
    BlockDevice target()
    {
        return stack.target(name.target().label());
    }

    FioBenchmarkName benchmarkName()
    {
        return name;
    }

    long originSectors()
    {
        return stack.base().sizeSectors();
    }

    /**
     * The preset, then the threshold parameter, then the overrides: a {@code cowThreshold=N} in
     * {@code set} wins over the parameter, as a later {@code --set} wins over an earlier one.
     */
    static EngineConfig config(final String preset, final int cowThreshold, final String set)
    {
        EngineConfig config = EngineConfig.of(preset, List.of()).withCowThreshold(cowThreshold);
        for (final String kv : overrides(set))
        {
            final int eq = kv.indexOf('=');
            if (eq <= 0)
            {
                throw new IllegalArgumentException("override '" + kv + "' is not of the form switch=value");
            }
            config = config.with(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return config.validate();
    }

    /** The overrides in a {@link #set} value: split on {@code ;}, {@code ,} or {@code +}, blanks dropped. */
    static List<String> overrides(final String set)
    {
        final List<String> list = new ArrayList<>();
        if (set == null || set.isBlank() || set.trim().equalsIgnoreCase(NO_OVERRIDES))
        {
            return list;
        }
        for (final String part : set.split("[;,+]"))
        {
            if (!part.isBlank())
            {
                list.add(part.trim());
            }
        }
        return list;
    }

    /** Bytes in {@code 80g}, {@code 64m}, {@code 4096}; binary multiples, as fio reads sizes. */
    static long sizeBytes(final String size)
    {
        final String s = size.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty())
        {
            throw new IllegalArgumentException("empty size");
        }
        final char unit = s.charAt(s.length() - 1);
        final int shift = unit == 'k' ? 10 : unit == 'm' ? 20 : unit == 'g' ? 30 : unit == 't' ? 40 : 0;
        final String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
        final long value;
        try
        {
            value = Long.parseLong(digits);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("bad size '" + size + "': expected a number with an optional k, m, g or t");
        }
        if (value <= 0 || value > (Long.MAX_VALUE >>> shift))
        {
            throw new IllegalArgumentException("bad size '" + size + "': out of range");
        }
        return value << shift;
    }
}
