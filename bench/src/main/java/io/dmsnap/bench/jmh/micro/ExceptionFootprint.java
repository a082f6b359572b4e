package io.dmsnap.bench.jmh.micro;

import io.dmsnap.engine.config.Switches.Tables;
import io.dmsnap.engine.exception.CompleteTable;
import io.dmsnap.engine.exception.ExceptionTables;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.Locale;

/**
 * Bytes of memory per completed exception in the complete table, off-heap table against heap
 * lists, at 1 M and 20 M exceptions. A plain program, not a JMH benchmark: it measures memory,
 * not time, once per size.
 *
 * <p>How it measures, per table kind and size, in a fresh table:
 * <ol>
 *   <li>draw the exceptions first (random, non-combining: {@link ExceptionKeys}), so the key array
 *       is part of the baseline and not of the table;</li>
 *   <li>baseline: heap in use after {@code System.gc()} repeated until two readings agree within
 *       64 KiB ({@link MemoryMXBean}), and direct memory in use ({@link BufferPoolMXBean}
 *       "direct");</li>
 *   <li>build the table with the bucket count the snapshot constructor would choose for a large
 *       COW device (262,144 off-heap, 131,072 heap lists), insert every exception (largest old
 *       chunk first, so each insert lands at a list head: at 20 M that is 76 or 152 records per
 *       bucket, and sorted inserts in random order would walk them);</li>
 *   <li>the same two readings again; the differences divided by the number of exceptions are the
 *       measured bytes per exception. {@link CompleteTable#footprintBytes()}, the table's own
 *       account (off-heap: bucket words + slab segments; heap lists: an object-layout estimate of
 *       32 bytes per record + heads + locks), is printed next to them.</li>
 * </ol>
 * Bucket heads are included, so at 1 M the 2 MiB (off-heap) or 1.5 MiB (heap) of heads add about
 * 2 bytes per exception; at 20 M they vanish. The slab grows in 64 Ki-record steps, so its last
 * segment is partly empty. Expect about 24-27 bytes per exception off-heap (24-byte records; the
 * kernel's own record is 32 bytes) and about 34 bytes on the heap (32-byte objects with compressed
 * references), all on the heap and all traced by the garbage collector. The open-addressing table
 * ({@code OFFHEAP_OPEN}) keeps 16-byte records in place at 80-90% load, and the cuckoo table
 * ({@code OFFHEAP_CUCKOO}) at 83-94%, so expect 18-20 bytes.
 *
 * <p>HOW TO RUN (needs a heap of a few GiB for 20 M):
 * <pre>
 *   java -Xmx4g -cp bench/target/benchmarks.jar io.dmsnap.bench.jmh.micro.ExceptionFootprint [n ...]
 * </pre>
 */
public final class ExceptionFootprint
{
    private static final long KEY_SEED = 20_260_102L;
    private static final long SETTLED_BYTES = 64 * 1024;
    private static final int MAX_GC_ROUNDS = 20;

    private ExceptionFootprint()
    {
    }

    /** One measurement; all byte counts for the whole table. */
    record Result(Tables kind, int exceptions, int buckets, long accountedBytes, long heapBytes, long directBytes)
    {
        double accountedPerException()
        {
            return (double) accountedBytes / exceptions;
        }

        double measuredPerException()
        {
            return (double) (heapBytes + directBytes) / exceptions;
        }
    }

    /** Measure a table of {@code kind} with {@code buckets} buckets holding {@code exceptions} exceptions. */
    static Result measure(final Tables kind, final int exceptions, final int buckets)
    {
        final long[] keys = ExceptionKeys.distinctEvenChunks(exceptions, ExceptionKeys.OLD_CHUNK_BITS, KEY_SEED);
        Arrays.sort(keys);   // inserted from the largest down: O(1) per insert, same records
        final long heapBefore = settledUsedHeap();
        final long directBefore = settledDirectUsed();
        final CompleteTable table = ExceptionTables.complete(kind, buckets);
        try
        {
            ExceptionKeys.populateFromLast(table, keys);
            final long heapAfter = settledUsedHeap();
            final long directAfter = directUsed();
            return new Result(kind, exceptions, buckets, table.footprintBytes(), heapAfter - heapBefore,
                directAfter - directBefore);
        }
        finally
        {
            table.close();
            Reference.reachabilityFence(keys);
        }
    }

    /**
     * Direct memory in use once collections no longer change it: direct buffers that became
     * garbage earlier (in this JVM's other work) are freed by their cleaners only after a
     * collection, asynchronously, and would otherwise be subtracted from the table's figure.
     */
    static long settledDirectUsed()
    {
        long previous = Long.MIN_VALUE;
        for (int round = 0; round < MAX_GC_ROUNDS; round++)
        {
            System.gc();
            try
            {
                Thread.sleep(20);   // let the cleaner thread run
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                break;
            }
            final long used = directUsed();
            if (used == previous)
            {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    /** Heap in use once repeated full collections no longer change it (within 64 KiB). */
    static long settledUsedHeap()
    {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        for (int round = 0; round < MAX_GC_ROUNDS; round++)
        {
            System.gc();
            final long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < SETTLED_BYTES)
            {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    /** Bytes of direct buffers allocated now (0 when the pool is not reported). */
    static long directUsed()
    {
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(pool.getName()))
            {
                return pool.getMemoryUsed();
            }
        }
        return 0;
    }

    static String header()
    {
        return String.format(Locale.ROOT, "%-14s %12s %9s %14s %14s %14s %12s %12s", "table", "exceptions",
            "buckets", "accounted B", "heap B", "direct B", "acct B/exc", "meas B/exc");
    }

    static String row(final Result r)
    {
        return String.format(Locale.ROOT, "%-14s %,12d %,9d %,14d %,14d %,14d %12.2f %12.2f", r.kind(),
            r.exceptions(), r.buckets(), r.accountedBytes(), r.heapBytes(), r.directBytes(),
            r.accountedPerException(), r.measuredPerException());
    }

    public static void main(final String[] args)
    {
        final int[] sizes = args.length == 0 ? new int[] {1_000_000, 20_000_000} : new int[args.length];
        for (int i = 0; i < args.length; i++)
        {
            sizes[i] = Integer.parseInt(args[i].replace("_", ""));
        }
        System.out.println(header());
        for (final int n : sizes)
        {
            for (final Tables kind : new Tables[] {Tables.OFFHEAP_BL, Tables.OFFHEAP_OPEN, Tables.OFFHEAP_CUCKOO, Tables.HEAP_LISTS})
            {
                System.out.println(row(measure(kind, n, ExceptionTableBench.buckets(kind))));
            }
        }
    }
}
