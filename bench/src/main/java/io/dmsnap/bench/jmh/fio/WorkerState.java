package io.dmsnap.bench.jmh.fio;

import io.dmsnap.bench.fio.BlockSequence;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlockDevice;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * One fio worker of a benchmark (one of fio's numjobs; JMH's thread count is the worker count):
 * its own region of the device, the order it visits the region's blocks in, and its window of
 * requests in flight.
 *
 * <p>Region, as dmtest's job files: {@code size = device size / workers} and
 * {@code offset_increment = size}, so worker k owns {@code [k * size, (k + 1) * size)}, rounded
 * down to whole blocks. Block size, direction, order and iodepth come from the benchmark's dmtest
 * name ({@link FioBenchmarkName}).
 *
 * <p>Lifecycle: the trial setup builds everything (buffers, bios, the walk), so an invocation
 * allocates nothing. The iteration setup runs after {@link StackState}'s (JMH orders fixtures by
 * their state arguments), picks up the possibly renewed target and restarts the walk, so every
 * iteration repeats the same sequence on a fresh snapshot (fio's randrepeat=1). The iteration
 * teardown waits for the requests still in flight: the stack may only change with no I/O in it.
 *
 * <p>Thread safety: a {@code Scope.Thread} state; every method runs on its worker thread. Not
 * final: JMH generates a subclass of every state class.
 */
@State(Scope.Thread)
public class WorkerState
{
    private static final long SEED = 0x6A09E667F3BCC908L;

    private BioOp op;
    private int blockSectors;
    private long regionStart;
    private BlockSequence walk;
    private IoWindow window;
    private BlockDevice device;
    private StackState stack;

    /** Trial setup, on this worker's thread: carve out the region and pre-build the requests. */
    @Setup(Level.Trial)
    public void build(final StackState stack, final BenchmarkParams benchmark, final ThreadParams thread)
    {
        final FioBenchmarkName name = FioBenchmarkName.parse(benchmark.getBenchmark());
        final FioBenchmarkName.Workload workload = name.workload();
        op = workload.isWrite() ? BioOp.WRITE : BioOp.READ;
        blockSectors = workload.blockBytes() >>> Bio.SECTOR_SHIFT;
        final long regionBlocks = regionBlocks(stack.originSectors(), thread.getThreadCount(), blockSectors);
        regionStart = thread.getThreadIndex() * regionBlocks * blockSectors;
        final long seed = SEED + thread.getThreadIndex();
        walk = new BlockSequence(workload.isRandom() ? BlockSequence.Order.RANDOM_MAP : BlockSequence.Order.SEQUENTIAL,
            regionBlocks, seed);
        window = new IoWindow(name.type().iodepth(), workload.blockBytes(), seed);
    }

    /** Iteration setup, after the stack's: the current target, the walk from its start. */
    @Setup(Level.Iteration)
    public void attach(final StackState stack)
    {
        this.stack = stack;
        stack.workerAttached();
        device = stack.target();
        walk.rewind();
        window.bind(Thread.currentThread());
    }

    /** Iteration teardown: nothing of this worker may stay in flight while the stack changes. */
    @TearDown(Level.Iteration)
    public void drain()
    {
        try
        {
            window.drain();
        }
        finally
        {
            stack.workerDrained();
        }
    }

    /**
     * One operation: the next block of the walk, submitted through the window. With a window of
     * 32 it first waits for a completion when 32 are in flight; with a window of 1 it returns after
     * the request completed.
     *
     * @return the sector submitted (a value for the benchmark to return)
     */
    long io()
    {
        final long sector = regionStart + walk.next() * blockSectors;
        window.submit(device, op, sector, blockSectors);
        return sector;
    }

    /** Blocks in each of {@code workers} equal regions of a device of {@code deviceSectors}. */
    static long regionBlocks(final long deviceSectors, final int workers, final int blockSectors)
    {
        final long blocks = deviceSectors / workers / blockSectors;
        if (blocks < 1)
        {
            throw new IllegalArgumentException("a device of " + deviceSectors + " sectors has no block of "
                + blockSectors + " sectors for each of " + workers + " workers");
        }
        return blocks;
    }
}
