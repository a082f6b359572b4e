package io.dmsnap.engine.dm;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The number of bios a mapped device has admitted and not yet completed ({@code md->pending}),
 * striped so that submitters on different threads do not contend on one cache line, yet exact
 * enough for a suspend to wait for zero ({@code dm_wait_for_completion}).
 *
 * <p>Each thread adds to the stripe its thread id selects; the stripe of a thread never changes,
 * so a submitter that increments and then backs out (the device turned out to be blocked)
 * decrements the very stripe it incremented. A completion decrements the completing thread's
 * stripe, which may differ from the submitter's, so single stripes may go negative.
 *
 * <p>Why {@link #sum()} == 0 proves that nothing is in flight (read by the one waiter after it
 * blocked new I/O): every increment and decrement is a volatile read-modify-write, so they and
 * the volatile write of the device's block flag are totally ordered. A bio admitted before the
 * block flag was set incremented before the waiter's reads, so the waiter sees that increment;
 * hence every decrement the waiter sees belongs to an increment it also sees, and a bio whose
 * decrement it has not seen yet adds one to the sum. Increments after the flag are backed out on
 * the same stripe and add 0 or 1. The sum is therefore never below the true count, and 0 only when
 * every bio admitted before the flag has completed.
 *
 * <p>Waking: the waiter publishes itself in the volatile {@code waiter} field before summing; a
 * completer decrements and then reads {@code waiter}. By the same total order either the waiter's
 * sum sees the decrement or the completer sees the waiter and unparks it. The waiter also re-checks
 * every millisecond, so a lost unpark can only delay it.
 */
final class InFlightCounter
{
    /** Longs between two stripes: 128 bytes, so stripes never share a cache line (nor its neighbour). */
    private static final int STRIDE = 16;
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AtomicLongArray cells;
    private final int mask;
    /** The thread waiting for zero, or null; at most one, the device's control lock holder. */
    private volatile Thread waiter;

    InFlightCounter()
    {
        final int cpus = Runtime.getRuntime().availableProcessors();
        final int wanted = Math.min(64, Math.max(2, cpus * 2));
        final int stripes = Integer.highestOneBit(wanted - 1) << 1;     // next power of two >= wanted
        this.mask = stripes - 1;
        this.cells = new AtomicLongArray(stripes * STRIDE);
    }

    /** The calling thread's stripe: a mixed thread id, stable for the thread's life. */
    private int stripe()
    {
        final long id = Thread.currentThread().getId();
        final int h = (int) (id * 0x9E3779B97F4A7C15L >>> 32);
        return (h & mask) * STRIDE;
    }

    /** Count one bio in; returns the stripe used, for {@link #backOut}. Any thread. */
    int increment()
    {
        final int cell = stripe();
        cells.getAndIncrement(cell);    // volatile RMW: ordered before the caller's read of the block flag
        return cell;
    }

    /** Undo an {@link #increment} on the same thread (the bio was not admitted). */
    void backOut(final int cell)
    {
        cells.getAndDecrement(cell);
        wakeWaiter();
    }

    /** Count one admitted bio out. Any thread, typically a completion thread. */
    void decrement()
    {
        cells.getAndDecrement(stripe());
        wakeWaiter();
    }

    private void wakeWaiter()
    {
        final Thread w = waiter;        // volatile read after the RMW above (see the class comment)
        if (w != null)
        {
            LockSupport.unpark(w);
        }
    }

    /** Sum of the stripes; at least the true in-flight count while new admissions are blocked. */
    long sum()
    {
        long sum = 0;
        for (int i = 0; i < cells.length(); i += STRIDE)
        {
            sum += cells.get(i);
        }
        return sum;
    }

    /**
     * Wait until every admitted bio completed. The caller must have blocked admissions before
     * (volatile write of the device's flag) and must be the only waiter; not interruptible, as a
     * suspend cannot be abandoned half way.
     */
    void awaitZero()
    {
        final Thread self = Thread.currentThread();
        waiter = self;                  // volatile write before the reads of sum()
        try
        {
            while (sum() > 0)
            {
                LockSupport.parkNanos(this, RECHECK_NANOS);
            }
        }
        finally
        {
            waiter = null;
        }
    }
}
