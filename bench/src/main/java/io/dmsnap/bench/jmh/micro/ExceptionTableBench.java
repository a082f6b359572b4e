package io.dmsnap.bench.jmh.micro;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches.HashSizing;
import io.dmsnap.engine.config.Switches.Tables;
import io.dmsnap.engine.exception.CompleteTable;
import io.dmsnap.engine.exception.ExceptionTables;
import io.dmsnap.engine.exception.TableSizing;
import net.openhft.chronicle.map.ChronicleMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The complete-exception table, lookup and insert, against what else could hold 1 Mi exceptions.
 *
 * <p>Every table holds {@link #EXCEPTIONS} single-chunk exceptions with random old chunks (see
 * {@link ExceptionKeys}: none combine). Each thread draws keys from its own {@link XorShift64}.
 * <ul>
 *   <li>{@code lookup}: a random populated chunk, looked up under the arrangement's lock. Always a
 *       hit.</li>
 *   <li>{@code insertRemove}: a random chunk that is not in the table is inserted and removed again
 *       inside one critical section. The table stays at 1 Mi entries, so every iteration measures
 *       the same table, and each operation pays for one new record (allocation, linking) and its
 *       release. A pure insert would grow the table without bound over a run.</li>
 * </ul>
 *
 * <p>The six arrangements:
 * <ol>
 *   <li>{@code offHeap}: {@link Tables#OFFHEAP_BL}, the engine's table today: lock the bucket bit
 *       (a CAS on the bucket word), operate, release-store the word. 262,144 buckets (the sizing
 *       rule caps the table at 2 MiB of 8-byte heads), so about 4 records per bucket.</li>
 *   <li>{@code offHeapOpen}: {@link Tables#OFFHEAP_OPEN}: 16-byte records in
 *       place in Robin Hood open-addressing segments keyed by 256-chunk group, one bit lock per
 *       segment (4,096 segments here). A hit is found at or a few slots after its home, one or
 *       two cache lines; the aim is CHM's lookup time or better at 0 B/op.</li>
 *   <li>{@code offHeapCuckoo}: {@link Tables#OFFHEAP_CUCKOO}: single-chunk records in cuckoo
 *       buckets of four 16-byte slots, a cache line each; a lookup reads the chunk's two buckets,
 *       whose misses overlap (preset experimental). Same segments and locks as {@code offHeapOpen}.</li>
 *   <li>{@code heapGlobal}: {@link Tables#HEAP_LISTS} under one {@link ReentrantLock} around every
 *       access, the arrangement before per-bucket locking. 131,072 buckets (16-byte heads under the
 *       same 2 MiB cap), so about 8 records per bucket and a heap object per record.</li>
 *   <li>{@code chm}: {@code ConcurrentHashMap<Long, Long>}, what a Java programmer writes first.</li>
 *   <li>{@code chronicle}: {@code ChronicleMap<Long, Long>}, the off-heap map a user would pick. It
 *       needs the flags on its {@code @Fork} (it generates and compiles code at run time).</li>
 * </ol>
 *
 * <p>What to expect (2 cores): with 1 Mi random keys nothing fits in cache, so every arrangement
 * costs a few cache misses per operation and the scores are a few hundred ns. The chained tables
 * (off-heap and heap lists) miss on the bucket head and on each record walked (records sit in
 * insertion order, not bucket order), so their lookup is slower than CHM's, which finds key and
 * node close together. The off-heap table's point is <b>0 B/op</b> under {@code -prof gc} on both
 * paths, 24-byte records that the collector never traces, and per-bucket locks: at 2 threads it
 * should scale where the heap lists serialise on their one lock. Heap lists allocate 32 B/op on
 * insert (one record object); CHM allocates boxed keys, values and a node; Chronicle allocates on
 * both paths through its {@code Long} marshalling and is the slowest. With 2 threads the score is
 * the average time per operation of each thread; on 2 cores, more threads than 2 measure
 * oversubscription.
 *
 * <p>HOW TO RUN THIS TEST (one thread count per run; JMH's {@code -t} takes one number):
 * <pre>
 *   java -jar bench/target/benchmarks.jar 'micro.ExceptionTableBench' -t 1 -prof gc
 *   java -jar bench/target/benchmarks.jar 'micro.ExceptionTableBench' -t 2 -prof gc
 * </pre>
 * or {@link #main}, which runs both thread counts.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class ExceptionTableBench
{
    /** Populated exceptions: 2^20, so a key index is the top 20 bits of a random word. */
    static final int EXCEPTION_BITS = 20;
    static final int EXCEPTIONS = 1 << EXCEPTION_BITS;
    private static final long KEY_SEED = 20_260_101L;
    /** A COW device large enough that the sizing rule hits the bucket cap: 2^40 sectors. */
    private static final long HUGE_DEVICE_SECTORS = 1L << 40;
    /** 4 KiB chunks. */
    private static final int CHUNK_SHIFT = 3;

    /** Complete-table buckets as the snapshot constructor would size them for a huge COW device. */
    static int buckets(final Tables tables)
    {
        final int maxBuckets = EngineConfig.current().with("tables", tables.name()).maxBuckets();
        return TableSizing.completeBuckets(HUGE_DEVICE_SECTORS, HUGE_DEVICE_SECTORS, CHUNK_SHIFT,
            HashSizing.COW_ONLY, maxBuckets);
    }

    static long[] populatedKeys()
    {
        return ExceptionKeys.distinctEvenChunks(EXCEPTIONS, ExceptionKeys.OLD_CHUNK_BITS, KEY_SEED);
    }

    /** Per-thread key source: no shared state on the measured path. */
    @State(Scope.Thread)
    public static class ThreadKeys
    {
        XorShift64 rnd;

        @Setup(Level.Trial)
        public void setUp()
        {
            rnd = XorShift64.forNextThread();
        }
    }

    /** The populated old chunks, shared read-only by all threads (written in setup, before any op). */
    abstract static class Populated
    {
        long[] keys;

        final long randomKey(final ThreadKeys t)
        {
            return keys[(int) t.rnd.nextBits(EXCEPTION_BITS)];
        }
    }

    @State(Scope.Benchmark)
    public static class OffHeap extends Populated
    {
        CompleteTable table;

        @Setup(Level.Trial)
        public void setUp()
        {
            keys = populatedKeys();
            table = ExceptionTables.complete(Tables.OFFHEAP_BL, buckets(Tables.OFFHEAP_BL));
            ExceptionKeys.populate(table, keys);
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            table.close();
        }
    }

    @State(Scope.Benchmark)
    public static class OffHeapOpen extends Populated
    {
        CompleteTable table;

        @Setup(Level.Trial)
        public void setUp()
        {
            keys = populatedKeys();
            table = ExceptionTables.complete(Tables.OFFHEAP_OPEN, buckets(Tables.OFFHEAP_OPEN));
            ExceptionKeys.populate(table, keys);
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            table.close();
        }
    }

    @State(Scope.Benchmark)
    public static class OffHeapCuckoo extends Populated
    {
        CompleteTable table;

        @Setup(Level.Trial)
        public void setUp()
        {
            keys = populatedKeys();
            table = ExceptionTables.complete(Tables.OFFHEAP_CUCKOO, buckets(Tables.OFFHEAP_CUCKOO));
            ExceptionKeys.populate(table, keys);
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            table.close();
        }
    }

    @State(Scope.Benchmark)
    public static class HeapGlobal extends Populated
    {
        CompleteTable table;
        /** The one snapshot lock of the GLOBAL era: every table access holds it; bucket locks unused. */
        final ReentrantLock lock = new ReentrantLock();

        @Setup(Level.Trial)
        public void setUp()
        {
            keys = populatedKeys();
            table = ExceptionTables.complete(Tables.HEAP_LISTS, buckets(Tables.HEAP_LISTS));
            ExceptionKeys.populate(table, keys);
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            table.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Chm extends Populated
    {
        ConcurrentHashMap<Long, Long> map;

        @Setup(Level.Trial)
        public void setUp()
        {
            keys = populatedKeys();
            map = new ConcurrentHashMap<>(EXCEPTIONS * 2);
            ExceptionKeys.populate(map, keys);
        }
    }

    @State(Scope.Benchmark)
    public static class Chronicle extends Populated
    {
        ChronicleMap<Long, Long> map;

        @Setup(Level.Trial)
        public void setUp()
        {
            keys = populatedKeys();
            // Room for the populated entries plus one transient entry per thread.
            map = ChronicleMap.of(Long.class, Long.class).name("exceptions").entries(EXCEPTIONS + 1024L).create();
            ExceptionKeys.populate(map, keys);
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            map.close();
        }
    }

    // ---------------------------------------------------------------- off-heap bit-locked table

    @Benchmark
    public long offHeapLookup(final OffHeap s, final ThreadKeys t)
    {
        return lockedLookup(s.table, s.randomKey(t));
    }

    @Benchmark
    public int offHeapInsertRemove(final OffHeap s, final ThreadKeys t)
    {
        return lockedInsertRemove(s.table, ExceptionKeys.transientKey(t.rnd));
    }

    // ---------------------------------------------------------------- off-heap open addressing

    @Benchmark
    public long offHeapOpenLookup(final OffHeapOpen s, final ThreadKeys t)
    {
        return lockedLookup(s.table, s.randomKey(t));
    }

    @Benchmark
    public int offHeapOpenInsertRemove(final OffHeapOpen s, final ThreadKeys t)
    {
        return lockedInsertRemove(s.table, ExceptionKeys.transientKey(t.rnd));
    }

    // ---------------------------------------------------------------- off-heap cuckoo (experimental)

    @Benchmark
    public long offHeapCuckooLookup(final OffHeapCuckoo s, final ThreadKeys t)
    {
        return lockedLookup(s.table, s.randomKey(t));
    }

    @Benchmark
    public int offHeapCuckooInsertRemove(final OffHeapCuckoo s, final ThreadKeys t)
    {
        return lockedInsertRemove(s.table, ExceptionKeys.transientKey(t.rnd));
    }

    /** A lookup as the engine makes it: under the chunk's bucket lock. */
    private static long lockedLookup(final CompleteTable table, final long chunk)
    {
        final int bucket = table.bucketOf(chunk);
        table.lockBucket(bucket);
        try
        {
            return table.lookup(chunk);
        }
        finally
        {
            table.unlockBucket(bucket);
        }
    }

    /** An insert and the removal of the same chunk under one hold of its bucket lock (the table's size stays put). */
    private static int lockedInsertRemove(final CompleteTable table, final long chunk)
    {
        final int bucket = table.bucketOf(chunk);
        table.lockBucket(bucket);
        try
        {
            table.insert(chunk, ExceptionKeys.TRANSIENT_NEW_CHUNK);
            return table.removeChunk(chunk);
        }
        finally
        {
            table.unlockBucket(bucket);
        }
    }

    // ---------------------------------------------------------------- heap lists, one global lock

    @Benchmark
    public long heapGlobalLookup(final HeapGlobal s, final ThreadKeys t)
    {
        final long chunk = s.randomKey(t);
        s.lock.lock();
        try
        {
            return s.table.lookup(chunk);
        }
        finally
        {
            s.lock.unlock();
        }
    }

    @Benchmark
    public int heapGlobalInsertRemove(final HeapGlobal s, final ThreadKeys t)
    {
        final long chunk = ExceptionKeys.transientKey(t.rnd);
        s.lock.lock();
        try
        {
            s.table.insert(chunk, ExceptionKeys.TRANSIENT_NEW_CHUNK);
            return s.table.removeChunk(chunk);
        }
        finally
        {
            s.lock.unlock();
        }
    }

    // ---------------------------------------------------------------- ConcurrentHashMap<Long, Long>

    @Benchmark
    public Long chmLookup(final Chm s, final ThreadKeys t)
    {
        return s.map.get(s.randomKey(t));
    }

    @Benchmark
    public Long chmInsertRemove(final Chm s, final ThreadKeys t)
    {
        final Long chunk = ExceptionKeys.transientKey(t.rnd);
        s.map.put(chunk, ExceptionKeys.TRANSIENT_NEW_CHUNK);
        return s.map.remove(chunk);
    }

    // ---------------------------------------------------------------- ChronicleMap<Long, Long>

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {
        "-Dchronicle.analytics.disable=true",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED"})
    public Long chronicleLookup(final Chronicle s, final ThreadKeys t)
    {
        return s.map.get(s.randomKey(t));
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {
        "-Dchronicle.analytics.disable=true",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED"})
    public Long chronicleInsertRemove(final Chronicle s, final ThreadKeys t)
    {
        final Long chunk = ExceptionKeys.transientKey(t.rnd);
        s.map.put(chunk, ExceptionKeys.TRANSIENT_NEW_CHUNK);
        return s.map.remove(chunk);
    }

    /** Both thread counts, with the GC profiler. */
    public static void main(final String[] args) throws RunnerException
    {
        for (final int threads : new int[] {1, 2})
        {
            new Runner(new OptionsBuilder()
                .include(ExceptionTableBench.class.getSimpleName())
                .threads(threads)
                .addProfiler("gc")
                .build()).run();
        }
    }
}
