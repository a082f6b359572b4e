package io.dmsnap.bench.jmh.micro;

import io.dmsnap.engine.config.Switches.Tables;
import io.dmsnap.engine.exception.CompleteTable;
import io.dmsnap.engine.exception.ExceptionTables;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The complete tables ({@code OFFHEAP_BL}, the kernel's layout; {@code OFFHEAP_OPEN}; {@code OFFHEAP_CUCKOO})
 * and {@code ConcurrentHashMap} measured in alternating rounds in one JVM, for
 * ratios on a loaded machine. A plain program, not a JMH benchmark: JMH measures one benchmark
 * after another, so on a machine whose load changes by the minute two of its scores can differ by
 * more than the tables do. Here every round times each arrangement once, back to back, and the
 * ratio is taken per round; the median of the per-round ratios is the figure to read.
 *
 * <p>Workload: {@link ExceptionTableBench}'s (1 Mi random single-chunk exceptions, from
 * {@link ExceptionKeys}; tables sized as for a huge COW device). Lookup: a random populated chunk,
 * under its bucket lock as the engine looks up, then without it, as a data structure against
 * another. Insert and remove: a random odd chunk inserted and removed again under one lock (the
 * table is unchanged afterwards). CHM runs alone and inside the first table's bucket locks, the
 * way the engine would have to use it (a lookup of the complete and the pending table must be
 * atomic). 4 Mi operations per arrangement per round.
 *
 * <p>Two key spreads: {@code sparse} (the default) draws the old chunks below 2^33, so almost every
 * 256-chunk group holds one exception; {@code dense} draws them below 2^22, half of the even chunks,
 * so every group holds about 64 single-chunk exceptions, as on a snapshot after random writes over
 * 8 GiB of 4 KiB chunks. The kernel hashes by group, so there a lookup walks a group's chain.
 *
 * <p>HOW TO RUN:
 * <pre>
 *   java -Xmx3g -cp bench/target/benchmarks.jar io.dmsnap.bench.jmh.micro.TableRounds [rounds] [sparse|dense] [TABLES,...]
 * </pre>
 * {@code TABLES} defaults to {@code OFFHEAP_BL,OFFHEAP_OPEN,OFFHEAP_CUCKOO}. The tables share one
 * call site, so with more than two of them every table call is an interface call that the compiler
 * cannot inline; the engine's snapshots use one kind per run. Name one table to measure that case.
 */
public final class TableRounds
{
    private static final long KEY_SEED = 20_260_101L;
    private static final int OPERATIONS = 1 << 22;
    /** Dense keys: 1 Mi of the 2 Mi even chunks below 2^22. */
    private static final int DENSE_OLD_CHUNK_BITS = 22;
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
        final List<Tables> kinds = new ArrayList<>();
        for (final String name : (args.length < 3 ? "OFFHEAP_BL,OFFHEAP_OPEN,OFFHEAP_CUCKOO" : args[2]).split(","))
        {
            kinds.add(Tables.valueOf(name.trim()));
        }
        if (kinds.contains(Tables.HEAP_LISTS))
        {
            throw new IllegalArgumentException("HEAP_LISTS needs its global lock; use ExceptionTableBench");
        }
        final long[] keys = spread.equals("sparse") ? ExceptionTableBench.populatedKeys()
            : ExceptionKeys.distinctEvenChunks(ExceptionTableBench.EXCEPTIONS, DENSE_OLD_CHUNK_BITS, KEY_SEED);
        System.out.println(spread + " keys, " + rounds + " rounds"
            + (kinds.size() > 2 ? " (more than two tables share one call site: every table call is an interface call)" : ""));
        final int[] draws = new int[OPERATIONS];
        final XorShift64 rnd = new XorShift64(KEY_SEED);
        for (int i = 0; i < draws.length; i++)
        {
            draws[i] = (int) rnd.nextBits(ExceptionTableBench.EXCEPTION_BITS);
        }
        final List<CompleteTable> tables = new ArrayList<>();
        try
        {
            for (final Tables kind : kinds)
            {
                final CompleteTable t = ExceptionTables.complete(kind, ExceptionTableBench.buckets(kind));
                tables.add(t);
                ExceptionKeys.populate(t, keys);
            }
            final ConcurrentHashMap<Long, Long> chm = new ConcurrentHashMap<>(ExceptionTableBench.EXCEPTIONS * 2);
            ExceptionKeys.populate(chm, keys);
            final int chmIndex = tables.size();
            final String[] phases = {"lookup, under the bucket lock", "lookup, no lock", "insert+remove, under the bucket lock"};
            for (int phase = 0; phase < phases.length; phase++)
            {
                final boolean lookup = phase < 2;
                final boolean locked = phase != 1;
                // Arrangements: each table, then CHM, then CHM under the first table's bucket locks.
                final double[][] nanos = new double[chmIndex + 2][rounds];
                long sink = 0;
                for (int round = 0; round < rounds; round++)
                {
                    for (int which = 0; which < nanos.length; which++)
                    {
                        final long t0 = System.nanoTime();
                        sink += which < chmIndex ? table(tables.get(which), keys, draws, lookup, locked)
                            : chm(chm, which == chmIndex ? null : tables.get(0), keys, draws, lookup);
                        nanos[which][round] = (System.nanoTime() - t0) / (double) OPERATIONS;
                    }
                }
                System.out.println(phases[phase] + " (checksum " + sink + ")");
                for (int which = 0; which < nanos.length; which++)
                {
                    System.out.printf(Locale.ROOT, "  %-32s median %7.1f ns/op  min %7.1f  per-round ratio to CHM (median) %.2f%n",
                        which < chmIndex ? kinds.get(which).name() : which == chmIndex ? "CHM"
                            : "CHM under " + kinds.get(0).name() + " locks",
                        median(nanos[which]), min(nanos[which]), medianRatio(nanos[which], nanos[chmIndex]));
                }
                for (int which = 1; which < chmIndex; which++)
                {
                    System.out.printf(Locale.ROOT, "  per-round ratio %s/%s (median) %.2f%n", kinds.get(0).name(),
                        kinds.get(which).name(), medianRatio(nanos[0], nanos[which]));
                }
            }
        }
        finally
        {
            tables.forEach(CompleteTable::close);
        }
    }

    private static long table(final CompleteTable t, final long[] keys, final int[] draws, final boolean lookup,
        final boolean locked)
    {
        long sum = 0;
        for (final int d : draws)
        {
            final long chunk = lookup ? keys[d] : keys[d] | 1;
            if (!locked)
            {
                sum += t.lookup(chunk);   // one thread: nothing changes the table meanwhile
                continue;
            }
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

    /** CHM alone ({@code locks} null), or inside the bucket lock {@code locks} would take for the key, as the engine's tables are used. */
    private static long chm(final ConcurrentHashMap<Long, Long> map, final CompleteTable locks, final long[] keys, final int[] draws,
        final boolean lookup)
    {
        long sum = 0;
        for (final int d : draws)
        {
            final long chunk = lookup ? keys[d] : keys[d] | 1;
            if (locks == null)
            {
                sum += chmOperation(map, chunk, lookup);
                continue;
            }
            final int bucket = locks.bucketOf(chunk);
            locks.lockBucket(bucket);
            try
            {
                sum += chmOperation(map, chunk, lookup);
            }
            finally
            {
                locks.unlockBucket(bucket);
            }
        }
        return sum;
    }

    /** A lookup of {@code chunk}, or its insert and removal. */
    private static long chmOperation(final ConcurrentHashMap<Long, Long> map, final long chunk, final boolean lookup)
    {
        if (lookup)
        {
            return map.get(chunk);
        }
        map.put(chunk, ExceptionKeys.TRANSIENT_NEW_CHUNK);
        return map.remove(chunk);
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
