package io.dmsnap.bench.jmh.micro;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches.HashSizing;
import io.dmsnap.engine.exception.CompleteTable;
import io.dmsnap.engine.exception.ExceptionTables;
import io.dmsnap.engine.exception.TableSizing;
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

import java.util.concurrent.TimeUnit;

/**
 * The complete-exception table of a snapshot whose origin had size 0 when the snapshot was loaded
 * (LVM from 2.02.96 builds it that way), sized both ways of commit 60e356f3: from min(origin, COW),
 * which gives the minimum of {@value TableSizing#MIN_BUCKETS} buckets, and from the COW alone.
 *
 * <p>The COW is 1 GiB with 4 KiB chunks, so the sized table has 262,144 buckets. The table holds
 * {@code exceptions} single-chunk exceptions with random old chunks (the snapshot after that much
 * of the origin was overwritten), and {@code lookup} looks a random one of them up under its
 * bucket lock, as every origin and snapshot I/O does. With 64 buckets each bucket holds
 * {@code exceptions / 64} records and a lookup walks half of them: the commit's "large slowdown".
 *
 * <p>HOW TO RUN THIS TEST:
 * <pre>
 *   java -jar bench/target/benchmarks.jar 'micro.HashSizingBench'
 *   java -jar bench/target/benchmarks.jar 'micro.HashSizingBench' -p exceptions=262144
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@Threads(1)
public class HashSizingBench
{
    /** A 1 GiB COW device in sectors. */
    static final long COW_SECTORS = 1L << 21;
    /** The origin's size when the snapshot's table was loaded. */
    static final long ORIGIN_SECTORS_AT_LOAD = 0;
    /** 4 KiB chunks. */
    private static final int CHUNK_SHIFT = 3;
    /** Old chunks are drawn below 2^20 (4 GiB of origin): far more than the exceptions, none combine. */
    private static final int OLD_CHUNK_BITS = 20;
    private static final long KEY_SEED = 60_356L;

    @State(Scope.Benchmark)
    public static class Table
    {
        @Param({"MIN_ORIGIN_COW", "COW_ONLY"})
        public HashSizing sizing;

        @Param({"65536"})
        public int exceptions;

        CompleteTable table;
        long[] keys;
        int mask;

        @Setup(Level.Trial)
        public void setUp()
        {
            if (Integer.bitCount(exceptions) != 1)
            {
                throw new IllegalArgumentException("exceptions must be a power of two: " + exceptions);
            }
            final EngineConfig config = EngineConfig.current();
            table = ExceptionTables.complete(config.tables(), buckets(sizing, config.maxBuckets()));
            keys = ExceptionKeys.distinctEvenChunks(exceptions, OLD_CHUNK_BITS, KEY_SEED);
            mask = exceptions - 1;
            ExceptionKeys.populate(table, keys);
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            table.close();
        }
    }

    /** Complete-table buckets as the snapshot constructor sizes them for this COW and origin. */
    static int buckets(final HashSizing sizing, final int maxBuckets)
    {
        return TableSizing.completeBuckets(COW_SECTORS, ORIGIN_SECTORS_AT_LOAD, CHUNK_SHIFT, sizing, maxBuckets);
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

    @Benchmark
    public long lookup(final Table s, final ThreadKeys t)
    {
        final long chunk = s.keys[(int) t.rnd.nextBits(32) & s.mask];
        final CompleteTable table = s.table;
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
}
