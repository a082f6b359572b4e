package io.dmsnap.bench.jmh.micro;

import io.dmsnap.bench.stack.SnapshotStack;
import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioEndIo;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.NullDevice;
import io.dmsnap.engine.config.Preset;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.snap.SnapshotStats;
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

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The remapped write path on its own: writes to chunks whose copy-on-write is already done, so
 * the engine only looks the chunk up and points the bio at the COW device ({@code snapshot}) or
 * at the data device ({@code origin}), with no copier, no pending exception and no other thread.
 * This is the path every write takes once a snapshot's working set is broken, and it must
 * allocate nothing: {@code -prof gc} should show 0 B/op up to JMH's own background noise.
 *
 * <p>Setup: a 64 MiB origin (16384 chunks of 4 KiB) on a null device that completes inline, one
 * snapshot, every chunk written once through the target device before measuring, so every
 * measured write finds its exception complete. Each operation is one 4 KiB write on one
 * pre-built bio, completed inside {@code submit} on the benchmark thread.
 *
 * <p>HOW TO RUN THIS TEST:
 * <pre>
 *   java -jar bench/target/benchmarks.jar 'micro.RemappedWriteBench' -prof gc
 *   java -jar bench/target/benchmarks.jar 'micro.RemappedWriteBench' -p preset=v5.0,current -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class RemappedWriteBench implements BioEndIo
{
    private static final int CHUNK_SECTORS = 8;
    private static final long ORIGIN_SECTORS = 64L << 20 >>> 9;

    @Param({"snapshot", "origin"})
    public String target;

    @Param({"current"})
    public String preset;

    @Param({"N"})
    public String store;

    private SnapshotStack stack;
    private BlockDevice device;
    private final Bio bio = new Bio();
    private final ByteBuffer block = ByteBuffer.allocateDirect(CHUNK_SECTORS << 9);
    private long chunks;
    private long next;
    private int status = BlkStatus.OK;
    /** Written after {@link #status} by the completer (volatile: release), read by the submitter (acquire). */
    private volatile boolean completed;

    @Setup(Level.Trial)
    public void setUp() throws DmException
    {
        final long cowSectors = SnapshotStack.maxSnapshotSectors(store, ORIGIN_SECTORS, CHUNK_SECTORS);
        stack = new SnapshotStack(Preset.byName(preset).config(), new NullDevice("base", ORIGIN_SECTORS, 0, Bio.SECTOR_SIZE),
            () -> new NullDevice("cow", cowSectors, 0, Bio.SECTOR_SIZE), store, CHUNK_SECTORS);
        device = stack.target(target);
        chunks = ORIGIN_SECTORS / CHUNK_SECTORS;
        for (long c = 0; c < chunks; c++)
        {
            writeChunk(c);   // the first write of each chunk copies it; later ones are remapped
        }
        final SnapshotStats stats = stack.snapshotStats();
        if (!stats.valid() || stats.pendingExceptions() != 0)
        {
            // Otherwise the measured writes would still meet copies in progress, not the remapped path.
            throw new IllegalStateException("setup left the snapshot with copies in progress: " + stats);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        stack.close();
    }

    /** One write to an already remapped chunk; the chunks are walked in a stride to defeat prefetching. */
    @Benchmark
    public int remappedWrite()
    {
        next = (next + 4099) % chunks;   // 4099 is prime and coprime with 16384: every chunk is visited
        writeChunk(next);
        return status;
    }

    private void writeChunk(final long chunk)
    {
        completed = false;
        bio.init(BioOp.WRITE, chunk * CHUNK_SECTORS, CHUNK_SECTORS, block, 0, this, null).device(device);
        device.submit(bio);
        if (!completed)
        {
            // The first write of a chunk waits for its copy on the copier thread; setup only.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!completed)
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("write to chunk " + chunk + " did not complete");
                }
                Thread.onSpinWait();
            }
        }
        if (status != BlkStatus.OK)
        {
            throw new IllegalStateException("write to chunk " + chunk + " failed: " + BlkStatus.name(status));
        }
    }

    /**
     * Completion: on the benchmark thread, inside {@code submit}, for remapped writes (inline
     * devices); on the copier thread for the setup's first writes. The volatile write of
     * {@code completed} after {@code status} publishes both to the spinning setup loop.
     */
    @Override
    public void endIo(final Bio b, final int s)
    {
        status = s;
        completed = true;
    }
}
