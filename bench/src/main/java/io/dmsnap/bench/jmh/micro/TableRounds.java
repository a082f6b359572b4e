package io.dmsnap.bench.jmh.micro;

import io.dmsnap.engine.config.Switches.Tables;
import io.dmsnap.engine.exception.CompleteTable;
import io.dmsnap.engine.exception.ExceptionTables;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The complete tables and {@code ConcurrentHashMap} measured in alternating rounds in one JVM, for
 * ratios on a loaded machine. A plain program, not a JMH benchmark: JMH measures one benchmark
 * after another, so on a machine whose load changes by the minute two of its scores can differ by
 * more than the tables do. Here every round times each arrangement once, back to back, and the
 * ratio is taken per round; the median of the per-round ratios is the figure to read.
 *
 * <p>Workload: {@link ExceptionTableBench}'s (1 Mi random single-chunk exceptions, from
 * {@link ExceptionKeys}; tables sized as for a huge COW device). Lookup: a random populated chunk
 * under its bucket lock. Insert and remove: a random odd chunk inserted and removed again under
 * one lock (the table is unchanged afterwards). 4 Mi operations per arrangement per round.
 *
 * <p>Two key spreads: {@code sparse} (the default) draws the old chunks below 2^33, so almost every
 * 256-chunk group holds one exception; {@code dense} draws them below 2^22, half of the even chunks,
 * so every group holds about 64 single-chunk exceptions, as on a snapshot after random writes over
 * 8 GiB of 4 KiB chunks. The kernel hashes by group, so there a lookup walks a group's chain.
 *
 * <p>HOW TO RUN:
 * <pre>
 *   java -Xmx3g -cp bench/target/benchmarks.jar io.dmsnap.bench.jmh.micro.TableRounds [rounds] [sparse|dense]
 * </pre>
 */
public final class TableRounds
{
    private static final long KEY_SEED = 20_260_101L;
    private static final int OPERATIONS = 1 << 22;
    /** Dense keys: 1 Mi of the 2 Mi even chunks below 2^22. */
    private static final int DENSE_OLD_CHUNK_BITS = 22;
    private static final String[] NAMES = {"OFFHEAP_BL", "OFFHEAP_OPEN", "CHM"};

    private TableRounds()
    {
    }

    public static void main(final String[] args)
    {
        final int rounds = args.length == 0 ? 15 : Integer.parseInt(args[0]);
        final String spread = args.length < 2 ? "sparse" : args[1];
        if (!spread.equals("sparse") && !spread.equals("dense"))
        {
            throw new IllegalArgumentException("key spread must be sparse or dense, got " + spread);
        }
        final long[] keys = spread.equals("sparse") ? ExceptionTableBench.populatedKeys()
            : ExceptionKeys.distinctEvenChunks(ExceptionTableBench.EXCEPTIONS, DENSE_OLD_CHUNK_BITS, KEY_SEED);
        System.out.println(spread + " keys, " + rounds + " rounds");
        final int[] draws = new int[OPERATIONS];
        final XorShift64 rnd = new XorShift64(KEY_SEED);
        for (int i = 0; i < draws.length; i++)
        {
            draws[i] = (int) rnd.nextBits(ExceptionTableBench.EXCEPTION_BITS);
        }
        try (CompleteTable bl = ExceptionTables.complete(Tables.OFFHEAP_BL, ExceptionTableBench.buckets(Tables.OFFHEAP_BL));
             CompleteTable open = ExceptionTables.complete(Tables.OFFHEAP_OPEN, ExceptionTableBench.buckets(Tables.OFFHEAP_OPEN)))
        {
            final ConcurrentHashMap<Long, Long> chm = new ConcurrentHashMap<>(ExceptionTableBench.EXCEPTIONS * 2);
            ExceptionKeys.populate(bl, keys);
            ExceptionKeys.populate(open, keys);
            ExceptionKeys.populate(chm, keys);
            for (final boolean lookup : new boolean[] {true, false})
            {
                final double[][] nanos = new double[3][rounds];
                long sink = 0;
                for (int round = 0; round < rounds; round++)
                {
                    for (int which = 0; which < 3; which++)
                    {
                        final long t0 = System.nanoTime();
                        sink += which == 2 ? chm(chm, keys, draws, lookup) : table(which == 0 ? bl : open, keys, draws, lookup);
                        nanos[which][round] = (System.nanoTime() - t0) / (double) OPERATIONS;
                    }
                }
                System.out.println((lookup ? "lookup" : "insert+remove") + " (checksum " + sink + ")");
                for (int which = 0; which < 3; which++)
                {
                    System.out.printf(Locale.ROOT, "  %-13s median %7.1f ns/op  min %7.1f%n", NAMES[which],
                        median(nanos[which]), min(nanos[which]));
                }
                System.out.printf(Locale.ROOT, "  per-round ratios (median): OFFHEAP_BL/OFFHEAP_OPEN %.2f, OFFHEAP_OPEN/CHM %.2f%n",
                    medianRatio(nanos[0], nanos[1]), medianRatio(nanos[1], nanos[2]));
            }
        }
    }

    private static long table(final CompleteTable t, final long[] keys, final int[] draws, final boolean lookup)
    {
        long sum = 0;
        for (final int d : draws)
        {
            final long chunk = lookup ? keys[d] : keys[d] | 1;
            final int bucket = t.bucketOf(chunk);
            t.lockBucket(bucket);
            try
            {
                if (lookup)
                {
                    sum += t.lookup(chunk);
                }
                else
                {
                    t.insert(chunk, ExceptionKeys.TRANSIENT_NEW_CHUNK);
                    sum += t.removeChunk(chunk);
                }
            }
            finally
            {
                t.unlockBucket(bucket);
            }
        }
        return sum;
    }

    private static long chm(final ConcurrentHashMap<Long, Long> map, final long[] keys, final int[] draws, final boolean lookup)
    {
        long sum = 0;
        for (final int d : draws)
        {
            if (lookup)
            {
                sum += map.get(keys[d]);
            }
            else
            {
                final Long chunk = keys[d] | 1;
                map.put(chunk, ExceptionKeys.TRANSIENT_NEW_CHUNK);
                sum += map.remove(chunk);
            }
        }
        return sum;
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double min(final double[] values)
    {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double medianRatio(final double[] a, final double[] b)
    {
        final double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++)
        {
            r[i] = a[i] / b[i];
        }
        return median(r);
    }
}
