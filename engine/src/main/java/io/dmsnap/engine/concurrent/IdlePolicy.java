package io.dmsnap.engine.concurrent;

import java.util.concurrent.TimeUnit;

/**
 * How every waiting thread of the engine and its harness spends an idle moment: spin for a short
 * budget, then park (Agrona's {@code BackoffIdleStrategy} without the yield phase). The budgets
 * are named here once; each is justified by a hand-off cost measured with
 * {@code io.dmsnap.bench.jmh.micro.WakeUpCost} on the two-core reference machine
 * (docs/benchmarking.md):
 * <ul>
 *   <li>a hand-off between two spinning threads: 140-160 ns for the round trip (p50);</li>
 *   <li>{@code unpark} of a parked thread: 8 us of the waker's time (p50; mean 11 us), paid by the
 *       completing thread (the copier, a device) before it can go on;</li>
 *   <li>from that unpark until the parked thread runs: 31 us (p50).</li>
 * </ul>
 *
 * <p>{@link #SPIN_NANOS}: a waiter for a hand-off (a completion, a copy job) spins this long
 * before it parks. Parking turns a hand-off that would have taken well under a microsecond into
 * about 40 us (8 us for the waker, 31 us for the wakee), so spinning pays whenever the event comes
 * within that time. Spinning for up to about the cost of blocking is the classic spin-then-block
 * rule: whatever the arrival times, it costs a small constant factor of the best choice made in
 * hindsight (twice it when the budget equals the cost of blocking, three times at half of it),
 * and 20 us is short enough that an idle thread gives its core back almost at once. It is also the
 * budget the copier used since the iodepth-1 profiles showed a park/unpark per copy cost more than
 * everything else on the copy-on-write path.
 *
 * <p>{@link #PARK_NANOS}: the longest single park of a waiter that must also notice something no
 * waker signals (a stop request, a stall deadline). 10 ms: long against any hand-off, so a
 * bounded park costs nothing measurable, short against any run or timeout a person waits for.
 *
 * <p>{@link #LOCK_SPINS}: a spin-lock waiter ({@link SpinWait}) pauses this many rounds, then
 * yields each further round. A critical section under a bucket or spin lock is a few hundred
 * nanoseconds; 128 pauses (about 4 us where a pause costs 30 ns) outlast it many times over, so a
 * waiter still waiting after them assumes the holder was preempted (a Java holder can be; a
 * kernel spin lock holder cannot) and gives it the CPU.
 *
 * <p>{@link #TIMER_SLACK_NANOS}: a thread that waits for a deadline (a device's completion time)
 * parks until this long before it and spins the rest. {@code parkNanos} wakes late by up to the
 * kernel's default timer slack, 50 us for a normal thread, plus the wake-to-run time above.
 *
 * <p>An instance is one waiter's spin phase ({@link #reset}, then {@link #spin} until it returns
 * false): the owner thread's private state, never shared, allocation free.
 */
public final class IdlePolicy
{
    /** Spin budget of a waiter for a hand-off before it parks. */
    public static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    /** Longest single park of a waiter that also watches a flag or a deadline. */
    public static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Pauses of a spin-lock waiter before it starts yielding. */
    public static final int LOCK_SPINS = 128;
    /** How late a timed park may wake: park until this long before a deadline, spin the rest. */
    public static final long TIMER_SLACK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    /** Clock reads are spaced: one per this many pauses (a pause is far cheaper than nanoTime). */
    private static final int CLOCK_EVERY = 64;

    private int spins;
    private long deadline;

    /** Owner thread: the waiter found work; the next idle moment starts a new spin phase. */
    public void reset()
    {
        spins = 0;
    }

    /**
     * Owner thread: one round of the spin phase, a CPU pause. Returns false once
     * {@link #SPIN_NANOS} have passed since the first round after {@link #reset}: time to park.
     */
    public boolean spin()
    {
        if (spins == 0)
        {
            deadline = System.nanoTime() + SPIN_NANOS;
        }
        Thread.onSpinWait();
        return ++spins % CLOCK_EVERY != 0 || System.nanoTime() - deadline < 0;
    }
}
