package io.dmsnap.bench.jmh.micro;

import io.dmsnap.engine.block.NullDevice;
import io.dmsnap.engine.dm.DmLog;
import io.dmsnap.engine.store.ExceptionStore;
import io.dmsnap.engine.store.ExceptionStores;
import io.dmsnap.engine.store.PersistentStore;
import io.dmsnap.engine.store.StoreException;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The persistent store's commit path ({@link PersistentStore}, chunk size 8 sectors, so
 * {@code epa} = 256 exceptions per metadata area) on a {@link NullDevice} COW that completes every
 * write inline: what is left is the store's own work, the batching decision and the cost of
 * issuing area writes, not the disk.
 *
 * <p>Batching rule under test: a commit writes the current area only when no other prepared
 * exception is outstanding or the area is full. So the number of area writes per 1000 exceptions
 * tells how well the load lets the store batch:
 * <ul>
 *   <li>{@code window}, one thread keeping {@code outstanding} exceptions prepared: each operation
 *       prepares one exception and, once {@code outstanding} are in flight, commits the oldest.
 *       With {@code outstanding=1} (one at a time) every commit finds nothing else pending and
 *       writes the area: expect <b>1000</b> area writes per 1000 exceptions. With
 *       {@code outstanding=1024} (sustained load) only full areas are written: expect
 *       <b>1000/256 &asymp; 3.9</b>.</li>
 *   <li>{@code writers1}/{@code writers2}: 1 or 2 writer threads prepare exceptions (under one
 *       allocation lock, as writers allocate under the snapshot's lock) and one committer thread
 *       commits them in order, as the copier thread does; at most 2048 (the default
 *       {@code cow_threshold}) are outstanding. The committer's score is <b>commits per second</b>;
 *       the writers' score is preparations per second and the group score adds both. Area writes
 *       per 1000 land between the two extremes, depending on whether the committer catches up with
 *       the writers (then it flushes) or not (then it batches). On 2 cores, {@code writers2} runs 3
 *       threads, and waiting sides yield.</li>
 * </ul>
 *
 * <p>Secondary metrics ({@link CommitCounters}, {@code @AuxCounters}): {@code commits} and
 * {@code areaWrites}, both as rates per second over the same interval, so
 * <b>area writes per 1000 exceptions = 1000 &times; areaWrites / commits</b>.
 *
 * <p>HOW TO RUN THIS TEST (no {@code -t}: the thread counts are part of the groups):
 * <pre>
 *   java -jar bench/target/benchmarks.jar 'micro.StoreCommitBench' -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StoreCommitBench
{
    /** 4 KiB chunks: 256 exceptions per metadata area. */
    static final String CHUNK_SECTORS = "8";
    /** Writers' bound on outstanding exceptions: the default {@code cow_threshold}. */
    static final int PIPELINE_CAPACITY = 2048;
    /** 2^40 sectors: no run fills it, and a null device costs no memory at any size. */
    private static final long DEVICE_SECTORS = 1L << 40;

    /** A new, valid persistent store on a null COW device, metadata initialised. */
    static PersistentStore newStore()
    {
        final NullDevice cow = new NullDevice("cow", DEVICE_SECTORS);
        final NullDevice origin = new NullDevice("origin", DEVICE_SECTORS);
        final ExceptionStore store;
        try
        {
            store = ExceptionStores.create("P", CHUNK_SECTORS, cow, origin, new DmLog("bench"));
        }
        catch (final StoreException e)
        {
            throw new IllegalStateException("cannot create the persistent store", e);
        }
        final int r = store.readMetadata((oldChunk, newChunk) -> true);
        if (r != 0)
        {
            throw new IllegalStateException("readMetadata of a new store returned " + r);
        }
        return (PersistentStore) store;
    }

    /**
     * Per-thread counts, reported as rates next to the primary score. Only the thread that commits
     * touches them; JMH reads them at the end of each iteration.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class CommitCounters
    {
        public long commits;
        public long areaWrites;

        @Setup(Level.Iteration)
        public void reset()
        {
            commits = 0;
            areaWrites = 0;
        }
    }

    // ---------------------------------------------------------------- one thread, a fixed window

    @State(Scope.Thread)
    public static class Window
    {
        /** Exceptions kept prepared and uncommitted: 1 = one at a time, 1024 = sustained load. */
        @Param({"1", "1024"})
        public int outstanding;

        PersistentStore store;
        CommitPipeline pipeline;
        long nextOldChunk;

        @Setup(Level.Trial)
        public void setUp()
        {
            store = newStore();
            pipeline = new CommitPipeline(store, outstanding);
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            checkValid(store, pipeline);
            store.close();
        }
    }

    @Benchmark
    public long window(final Window w, final CommitCounters c)
    {
        final CommitPipeline pipeline = w.pipeline;
        final long oldChunk = w.nextOldChunk++;
        long newChunk = pipeline.tryPrepare(oldChunk);
        if (newChunk == CommitPipeline.RING_FULL)
        {
            final long writesBefore = w.store.areaWrites();
            pipeline.tryCommit();   // the oldest is always prepared: this thread prepared it
            c.areaWrites += w.store.areaWrites() - writesBefore;
            c.commits++;
            newChunk = pipeline.tryPrepare(oldChunk);
        }
        return newChunk;
    }

    // ---------------------------------------------------------------- writers and one committer

    @State(Scope.Group)
    public static class Pipeline
    {
        PersistentStore store;
        CommitPipeline pipeline;

        @Setup(Level.Trial)
        public void setUp()
        {
            store = newStore();
            pipeline = new CommitPipeline(store, PIPELINE_CAPACITY);
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            checkValid(store, pipeline);
            store.close();
        }
    }

    /** A writer's old chunks: its own range, so no two writers ever name the same chunk. */
    @State(Scope.Thread)
    public static class WriterChunks
    {
        private static final AtomicLong RANGES = new AtomicLong();

        long next;

        @Setup(Level.Trial)
        public void setUp()
        {
            next = RANGES.getAndIncrement() << 40;
        }
    }

    /** Writer: prepare one exception, yielding while {@link #PIPELINE_CAPACITY} are outstanding. */
    static long prepare(final Pipeline p, final WriterChunks w, final Control control)
    {
        final long oldChunk = w.next++;
        long newChunk;
        while ((newChunk = p.pipeline.tryPrepare(oldChunk)) == CommitPipeline.RING_FULL)
        {
            if (control.stopMeasurement)
            {
                return newChunk;   // the iteration is over; the committer may already have stopped
            }
            Thread.yield();
        }
        return newChunk;
    }

    /** Committer: commit the next exception in order, yielding while the writers are behind. */
    static boolean commit(final Pipeline p, final CommitCounters c, final Control control)
    {
        final long writesBefore = p.store.areaWrites();
        while (!p.pipeline.tryCommit())
        {
            if (control.stopMeasurement)
            {
                return false;   // the writers may already have stopped
            }
            Thread.yield();
        }
        c.areaWrites += p.store.areaWrites() - writesBefore;
        c.commits++;
        return true;
    }

    @Benchmark
    @Group("writers1")
    @GroupThreads(1)
    public long writers1Prepare(final Pipeline p, final WriterChunks w, final Control control)
    {
        return prepare(p, w, control);
    }

    @Benchmark
    @Group("writers1")
    @GroupThreads(1)
    public boolean writers1Commit(final Pipeline p, final CommitCounters c, final Control control)
    {
        return commit(p, c, control);
    }

    @Benchmark
    @Group("writers2")
    @GroupThreads(2)
    public long writers2Prepare(final Pipeline p, final WriterChunks w, final Control control)
    {
        return prepare(p, w, control);
    }

    @Benchmark
    @Group("writers2")
    @GroupThreads(1)
    public boolean writers2Commit(final Pipeline p, final CommitCounters c, final Control control)
    {
        return commit(p, c, control);
    }

    /**
     * Every commit must have succeeded, and all but the batch still waiting for its area write must
     * have been called back (a batch holds fewer than {@code epa} commits): otherwise the counts
     * mean nothing.
     */
    static void checkValid(final PersistentStore store, final CommitPipeline pipeline)
    {
        final long unflushed = pipeline.committed() - pipeline.durable();
        if (!store.isValid() || pipeline.failed() != 0 || unflushed < 0 || unflushed >= store.exceptionsPerArea())
        {
            throw new IllegalStateException("store valid=" + store.isValid() + " committed=" + pipeline.committed()
                + " durable=" + pipeline.durable() + " failed=" + pipeline.failed());
        }
    }

    public static void main(final String[] args) throws RunnerException
    {
        new Runner(new OptionsBuilder().include(StoreCommitBench.class.getSimpleName()).addProfiler("gc").build()).run();
    }
}
