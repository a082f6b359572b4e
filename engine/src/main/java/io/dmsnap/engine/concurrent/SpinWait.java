package io.dmsnap.engine.concurrent;

/**
 * The waiting policy of every spin lock in the engine (bucket bit locks, {@code pe_allocation_lock},
 * {@code tracked_chunk_lock}): spin on the CPU for a short while, then give the CPU away on every
 * further round.
 *
 * <p>Why not spin forever, as the kernel does: a kernel spin lock disables preemption, so its
 * holder is always running and a waiter spins for at most the length of a critical section. A
 * Java thread cannot stop the scheduler from preempting it inside a critical section. When
 * there are more runnable threads than cores (two fio workers plus the copier on two cores),
 * a holder preempted by a spinning waiter stays off the CPU until the waiter's time slice ends,
 * milliseconds later; the waiter burns that time and everything queued behind the lock waits
 * with it. After {@link #SPINS} rounds (far longer than any critical section that runs
 * uninterrupted) the waiter assumes its holder is off the CPU and yields so it can run. A waiter
 * that yields while its holder is still running (a long sorted chain in a full table) loses only
 * a system call: with no other runnable thread the yield returns at once.
 *
 * <p>Usage, in the watch loop of a test-and-test-and-set lock:
 * <pre>{@code
 * int round = 0;
 * while (isHeld()) { round = SpinWait.pause(round); }
 * }</pre>
 * Stateless and allocation free; any thread.
 */
public final class SpinWait
{
    /** Rounds of {@link Thread#onSpinWait()} before the first yield; see {@link IdlePolicy#LOCK_SPINS}. */
    public static final int SPINS = IdlePolicy.LOCK_SPINS;

    private SpinWait()
    {
    }

    /**
     * One round of waiting: a CPU pause while {@code round < SPINS}, a {@link Thread#yield()}
     * after. Returns the round number to pass next time.
     */
    public static int pause(final int round)
    {
        if (round < SPINS)
        {
            Thread.onSpinWait();
            return round + 1;
        }
        Thread.yield();
        return round;
    }
}
