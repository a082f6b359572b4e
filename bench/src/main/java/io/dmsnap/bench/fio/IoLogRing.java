package io.dmsnap.bench.fio;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A single-producer single-consumer ring of per-I/O log entries (fio's default logging, one line
 * per I/O, {@code log_avg_msec=0}): the worker writes an entry's fields into preallocated arrays
 * and publishes it; the runner thread drains the ring into the log files. Nothing is allocated per
 * I/O.
 *
 * <p>Memory ordering: the producer writes the entry's plain array slots, then advances
 * {@link #tail} with {@code lazySet} (a release store); the consumer reads {@code tail} with
 * {@code get} (acquire), so it sees every slot written before the entries it reads, and frees them
 * by advancing {@link #head} with {@code lazySet} (release); the producer reads {@code head} with
 * {@code get} (acquire) before it overwrites a slot, so it never overwrites an entry still being
 * read. When the ring is full the producer waits (spin, then 50 us parks): a log that cannot keep
 * up slows the worker, as a slow log disk slows fio.
 */
final class IoLogRing
{
    /** Entries; a power of two. */
    static final int CAPACITY = 1 << 16;
    private static final int MASK = CAPACITY - 1;
    private static final long FULL_PARK_NANOS = 50_000;

    private final long[] timeMillis = new long[CAPACITY];
    private final long[] clat = new long[CAPACITY];
    private final long[] slat = new long[CAPACITY];
    private final long[] offset = new long[CAPACITY];
    private final byte[] direction = new byte[CAPACITY];
    private final int[] length = new int[CAPACITY];
    /** Next entry to write; written by the producer only. */
    private final AtomicLong tail = new AtomicLong();
    /** Next entry to read; written by the consumer only. */
    private final AtomicLong head = new AtomicLong();
    private volatile boolean closed;

    /** Producer: one completed I/O; waits while the ring is full (returns at once once closed). */
    void add(final long millis, final int dir, final long clatNanos, final long slatNanos, final long offsetBytes,
             final int bytes)
    {
        final long t = tail.get();
        int spins = 0;
        while (t - head.get() >= CAPACITY)
        {
            if (closed)
            {
                return;
            }
            if (++spins < 100)
            {
                Thread.onSpinWait();
            }
            else
            {
                LockSupport.parkNanos(FULL_PARK_NANOS);
            }
        }
        final int i = (int) (t & MASK);
        timeMillis[i] = millis;
        direction[i] = (byte) dir;
        clat[i] = clatNanos;
        slat[i] = slatNanos;
        offset[i] = offsetBytes;
        length[i] = bytes;
        tail.lazySet(t + 1);
    }

    /** Consumer: hands every published entry to {@code sink} in order; returns how many. */
    int drain(final Sink sink)
    {
        final long h = head.get();
        final long t = tail.get();
        for (long n = h; n < t; n++)
        {
            final int i = (int) (n & MASK);
            sink.entry(timeMillis[i], direction[i], clat[i], slat[i], offset[i], length[i]);
        }
        head.lazySet(t);
        return (int) (t - h);
    }

    /** Any thread: stop waiting for room (the consumer has gone). */
    void close()
    {
        closed = true;
    }

    /** Receives drained entries on the consumer's thread. */
    @FunctionalInterface
    interface Sink
    {
        void entry(long millis, int dir, long clatNanos, long slatNanos, long offsetBytes, int bytes);
    }
}
