package io.dmsnap.engine.block;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Completes the requests of every {@link TimedDevice} at their due times, from one thread.
 *
 * <p>One timer serves all devices, so the model costs one parked thread whatever the number of
 * devices and requests: no thread per request or per device, no core spinning. Requests wait in a
 * binary min-heap ordered by due time (ties in arrival order), private to the timer thread. The
 * thread completes everything due, then parks until the earliest due time, or without a deadline
 * when nothing waits.
 *
 * <p>Hand-off: {@link #schedule} pushes an entry onto a lock-free intake stack (a CAS on
 * {@link #intake}, linked through {@link TimedCompletion#next}); the timer thread takes the whole
 * stack with one swap, reverses it into push order and moves it into the heap. Neither side
 * allocates; the heap array doubles when it runs out of room (rarely, then never again).
 *
 * <p>Wake-up: before parking the timer writes its deadline to {@link #parkedUntil} and then checks
 * the intake once more; a scheduler pushes first and then reads {@link #parkedUntil}, and unparks
 * the thread only when its entry is due before that deadline. Both are volatile accesses, which
 * are sequentially consistent, so either the timer sees the new entry or the scheduler sees the
 * deadline (the Dekker pattern; {@link NullDevice} uses the same). An unpark before the park makes
 * the park return at once.
 *
 * <p>Threads: {@link #schedule} from any thread, concurrently (submitters, inner devices'
 * completion threads, the timer thread itself when a completion callback submits again).
 * Completion callbacks run on the timer thread and must not block (the {@link BioEndIo} contract);
 * a callback that throws is reported to the thread's uncaught-exception handler and the timer
 * goes on. A {@link #manual} timer has no thread: the test that owns it calls {@link #runDue()}
 * after advancing its clock.
 */
public final class CompletionTimer
{
    /** {@link #parkedUntil} while the timer thread is running. */
    private static final long RUNNING = Long.MIN_VALUE;
    /** {@link #parkedUntil} while it is parked with nothing to wait for. */
    private static final long NOTHING_DUE = Long.MAX_VALUE;
    private static final int INITIAL_HEAP = 256;

    private final DeviceClock clock;
    /** Null for a manual timer. */
    private final Thread thread;
    /** Top of the schedulers' stack: CAS by schedulers (release), swapped to null by the timer (acquire). */
    private final AtomicReference<TimedCompletion> intake = new AtomicReference<>();
    /** The timer thread's park deadline, {@link #RUNNING} or {@link #NOTHING_DUE}; see the class comment. */
    private volatile long parkedUntil = RUNNING;
    /** Callbacks that threw; written by the timer thread, read by anyone. */
    private final AtomicLong callbackFailures = new AtomicLong();

    // ---- the timer thread's own (or the manual timer's owner's) ----
    private TimedCompletion[] heap = new TimedCompletion[INITIAL_HEAP];
    private int size;
    private long sequence;

    private CompletionTimer(final DeviceClock clock, final boolean threaded)
    {
        this.clock = clock;
        if (threaded)
        {
            thread = new Thread(this::run, "device-timer");
            thread.setDaemon(true);
            thread.start();
        }
        else
        {
            thread = null;
        }
    }

    /**
     * The process-wide timer on {@link System#nanoTime()}, used by every {@link TimedDevice} that is
     * not given another. Its daemon thread starts on first use and then parks whenever nothing is due.
     */
    public static CompletionTimer shared()
    {
        return Shared.INSTANCE;
    }

    /** A timer without a thread on {@code clock}: its owner calls {@link #runDue()} (tests, simulations). */
    public static CompletionTimer manual(final DeviceClock clock)
    {
        return new CompletionTimer(clock, false);
    }

    public DeviceClock clock()
    {
        return clock;
    }

    /** Completion callbacks that threw so far (each was reported to the uncaught-exception handler). */
    public long callbackFailures()
    {
        return callbackFailures.get();
    }

    /** Hand an entry over to be delivered at its due time. Any thread; lock-free; allocates nothing. */
    void schedule(final TimedCompletion entry)
    {
        TimedCompletion top;
        do
        {
            top = intake.get();
            entry.next = top;   // plain write, published by the CAS below (release)
        }
        while (!intake.compareAndSet(top, entry));
        // Volatile read after the volatile CAS: pairs with the timer's write of parkedUntil and
        // its re-check of the intake (see the class comment).
        if (thread != null && entry.dueNanos < parkedUntil)
        {
            LockSupport.unpark(thread);
        }
    }

    /**
     * A manual timer's step: deliver every entry due at the clock's current time, including
     * entries that callbacks schedule meanwhile. Only the owner of a manual timer may call this.
     *
     * @return how many were delivered
     * @throws IllegalStateException on the shared (threaded) timer, whose thread does this itself
     */
    public int runDue()
    {
        if (thread != null)
        {
            throw new IllegalStateException("runDue() is for manual timers; this timer has its own thread");
        }
        int delivered = 0;
        while (true)
        {
            takeIntake();
            final int n = deliverDue(clock.nanoTime());
            delivered += n;
            if (n == 0 && intake.get() == null)
            {
                return delivered;
            }
        }
    }

    /**
     * A manual timer's earliest waiting due time, or {@link Long#MAX_VALUE} when nothing waits.
     * Only the owner of a manual timer may call this.
     */
    public long nextDueNanos()
    {
        if (thread != null)
        {
            throw new IllegalStateException("nextDueNanos() is for manual timers; this timer has its own thread");
        }
        takeIntake();
        return size == 0 ? NOTHING_DUE : heap[0].dueNanos;
    }

    private void run()
    {
        while (true)
        {
            takeIntake();
            deliverDue(clock.nanoTime());
            if (intake.get() != null)
            {
                continue;   // callbacks submitted more
            }
            final long next = size == 0 ? NOTHING_DUE : heap[0].dueNanos;
            parkedUntil = next;   // volatile write, then the volatile read below (StoreLoad)
            if (intake.get() == null)
            {
                if (next == NOTHING_DUE)
                {
                    LockSupport.park(this);
                }
                else
                {
                    final long wait = next - clock.nanoTime();
                    if (wait > 0)
                    {
                        LockSupport.parkNanos(this, wait);
                    }
                }
            }
            parkedUntil = RUNNING;
        }
    }

    /** Move the intake stack into the heap, in push order. Timer thread (or manual owner) only. */
    private void takeIntake()
    {
        TimedCompletion stack = intake.getAndSet(null);   // acquire: sees each entry's fields and link
        TimedCompletion ordered = null;
        while (stack != null)
        {
            final TimedCompletion next = stack.next;
            stack.next = ordered;
            ordered = stack;
            stack = next;
        }
        while (ordered != null)
        {
            final TimedCompletion next = ordered.next;
            ordered.next = null;
            ordered.sequence = sequence++;
            push(ordered);
            ordered = next;
        }
    }

    /** Deliver every entry due at {@code now}, earliest first. */
    private int deliverDue(final long now)
    {
        int n = 0;
        while (size > 0 && heap[0].dueNanos <= now)
        {
            final TimedCompletion entry = pop();
            n++;
            try
            {
                entry.device.deliver(entry, now);
            }
            catch (final RuntimeException | Error e)
            {
                // A callback broke its contract. Report it the way an uncaught exception would be,
                // but keep the timer alive: every timed device in the process depends on it.
                callbackFailures.incrementAndGet();
                final Thread current = Thread.currentThread();
                current.getUncaughtExceptionHandler().uncaughtException(current, e);
            }
        }
        return n;
    }

    // ---- binary min-heap by (dueNanos, sequence) ----

    private static boolean before(final TimedCompletion a, final TimedCompletion b)
    {
        return a.dueNanos < b.dueNanos || (a.dueNanos == b.dueNanos && a.sequence < b.sequence);
    }

    private void push(final TimedCompletion entry)
    {
        if (size == heap.length)
        {
            final TimedCompletion[] bigger = new TimedCompletion[heap.length * 2];
            System.arraycopy(heap, 0, bigger, 0, size);
            heap = bigger;
        }
        int i = size++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (!before(entry, heap[parent]))
            {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = entry;
    }

    private TimedCompletion pop()
    {
        final TimedCompletion top = heap[0];
        final TimedCompletion last = heap[--size];
        heap[size] = null;
        if (size > 0)
        {
            int i = 0;
            while (true)
            {
                int child = 2 * i + 1;
                if (child >= size)
                {
                    break;
                }
                if (child + 1 < size && before(heap[child + 1], heap[child]))
                {
                    child++;
                }
                if (!before(heap[child], last))
                {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = last;
        }
        return top;
    }

    /** Holder: the shared timer (and its thread) comes to life on first use. */
    private static final class Shared
    {
        static final CompletionTimer INSTANCE = new CompletionTimer(DeviceClock.SYSTEM, true);
    }
}
