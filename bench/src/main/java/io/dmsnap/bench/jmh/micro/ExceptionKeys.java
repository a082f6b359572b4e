package io.dmsnap.bench.jmh.micro;

import io.dmsnap.engine.exception.CompleteTable;

import java.util.Arrays;
import java.util.Map;

/**
 * The exceptions the table benchmarks pre-populate, chosen so that no two of them ever combine
 * into one record: every record stays a single-chunk record, as on a snapshot that took random
 * writes, and the tables hold exactly one record per exception.
 *
 * <ul>
 *   <li>Old chunks of populated exceptions are distinct, random and <em>even</em>, in
 *       {@code [0, 2^bits)}, in random order.</li>
 *   <li>The new chunk of populated exception {@code i} is {@code FIRST_NEW_CHUNK + 2i}: never
 *       consecutive with another populated one, so no insert extends a neighbour (combining needs
 *       consecutive old <em>and</em> new chunks).</li>
 *   <li>Benchmarks that insert and remove again use <em>odd</em> old chunks ({@link #transientKey})
 *       with {@link #TRANSIENT_NEW_CHUNK}, far from every populated new chunk: such an insert never
 *       combines and never shadows a populated record, so removing it restores the table exactly.</li>
 * </ul>
 */
final class ExceptionKeys
{
    /** New chunk of populated exception 0 (the first data chunk of a persistent store). */
    static final long FIRST_NEW_CHUNK = 2;
    /** New chunk of an insert-then-remove exception; more than 2 * 2^40 away from any populated one. */
    static final long TRANSIENT_NEW_CHUNK = 1L << 45;
    /** Old chunks lie in {@code [0, 2^OLD_CHUNK_BITS)}: 32 TiB at 4 KiB chunks, spread over every bucket. */
    static final int OLD_CHUNK_BITS = 33;

    private ExceptionKeys()
    {
    }

    /**
     * {@code n} distinct even values in {@code [0, 2^bits)}, in random order; deterministic for a
     * seed. Needs {@code n <= 2^(bits - 2)} so that redrawing duplicates ends quickly.
     */
    static long[] distinctEvenChunks(final int n, final int bits, final long seed)
    {
        if (n < 0 || bits < 3 || bits > 62 || n > 1L << (bits - 2))
        {
            throw new IllegalArgumentException("cannot draw " + n + " distinct even chunks below 2^" + bits);
        }
        final XorShift64 rnd = new XorShift64(seed);
        final long[] chunks = new long[n];
        int unique = 0;
        while (unique < n)
        {
            for (int i = unique; i < n; i++)
            {
                chunks[i] = rnd.nextBits(bits) & ~1L;
            }
            Arrays.sort(chunks);
            unique = dedupeSorted(chunks);
        }
        shuffle(chunks, rnd);
        return chunks;
    }

    /** Move the distinct values of sorted {@code a} to its front; returns how many there are. */
    static int dedupeSorted(final long[] a)
    {
        if (a.length == 0)
        {
            return 0;
        }
        int out = 1;
        for (int i = 1; i < a.length; i++)
        {
            if (a[i] != a[out - 1])
            {
                a[out++] = a[i];
            }
        }
        return out;
    }

    /** Fisher-Yates. */
    static void shuffle(final long[] a, final XorShift64 rnd)
    {
        for (int i = a.length - 1; i > 0; i--)
        {
            final int j = (int) Long.remainderUnsigned(rnd.next(), i + 1L);
            final long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** New chunk of populated exception {@code i}. */
    static long newChunk(final int i)
    {
        return FIRST_NEW_CHUNK + 2L * i;
    }

    /** A random odd old chunk for an insert-then-remove operation (never a populated key). */
    static long transientKey(final XorShift64 rnd)
    {
        return rnd.nextBits(OLD_CHUNK_BITS) | 1L;
    }

    /** Insert every exception, each under its bucket lock as the FINE engine does. */
    static void populate(final CompleteTable table, final long[] oldChunks)
    {
        for (int i = 0; i < oldChunks.length; i++)
        {
            final int bucket = table.bucketOf(oldChunks[i]);
            table.lockBucket(bucket);
            try
            {
                if (!table.insert(oldChunks[i], newChunk(i)))
                {
                    throw new IllegalStateException("table refused exception " + i + " (out of memory)");
                }
            }
            finally
            {
                table.unlockBucket(bucket);
            }
        }
    }

    /**
     * Like {@link #populate(CompleteTable, long[])} but from the last exception to the first. With
     * {@code oldChunks} sorted ascending every insert lands at the head of its bucket list, so
     * building a table with many records per bucket costs O(n) instead of O(n * records per
     * bucket); the records, and so the memory, are the same as in any other order.
     */
    static void populateFromLast(final CompleteTable table, final long[] oldChunks)
    {
        for (int i = oldChunks.length - 1; i >= 0; i--)
        {
            final int bucket = table.bucketOf(oldChunks[i]);
            table.lockBucket(bucket);
            try
            {
                if (!table.insert(oldChunks[i], newChunk(i)))
                {
                    throw new IllegalStateException("table refused exception " + i + " (out of memory)");
                }
            }
            finally
            {
                table.unlockBucket(bucket);
            }
        }
    }

    /** Put every exception into a map of old chunk to new chunk. */
    static void populate(final Map<Long, Long> map, final long[] oldChunks)
    {
        for (int i = 0; i < oldChunks.length; i++)
        {
            map.put(oldChunks[i], newChunk(i));
        }
    }
}
