package io.dmsnap.engine.copy;

import io.dmsnap.engine.config.ModuleParameter;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The copier's I/O throttle of df5d2e90 ({@code struct dm_kcopyd_throttle}): a percentage of
 * time during which the copier may have I/O in flight. One record serves every client it is given
 * to, and they are throttled as a group: dm-snapshot declares one record for the whole module
 * ({@code snapshot_copy_throttle}), so all snapshots share one budget.
 *
 * <p><b>Accounting</b>, as the kernel's {@code io_job_start}/{@code io_job_finish}. An I/O job is
 * one read of a copy (or of a piece of a split copy) or one write to all its destinations; the
 * worker calls {@link #ioJobStart()} just before it issues one, and the completion of its last bio
 * calls {@link #ioJobFinish()}. While the percentage is below 100 two periods are kept, in ticks:
 * {@code total}, the time elapsed, and {@code io}, the part of it during which at least one I/O
 * job of the group was in flight. Each start adds the time since the previous event to
 * {@code total}, and to {@code io} if a job was in flight; a finish that leaves no job in flight
 * adds it to both. At a start, once {@code total} reaches the window (2^{@code accountIntervalShift}
 * ticks) both periods are shifted right by {@code fls(total >> shift)} bits, which halves them
 * for a total between one and two windows and nearly clears them after a long idle gap: a
 * decaying window of about one window's length.
 *
 * <p><b>Decision.</b> At a start, if {@code io - percent * total / 100 > 0} the group is over its
 * budget: the worker sleeps {@code sleepTicks} and checks again (the sleep itself counts as idle
 * time when nothing else is in flight), at most {@code maxSleeps} times, then issues anyway. The
 * sleep blocks the calling client's worker, so every later job of that client (callbacks included)
 * waits too, as in the kernel, where the sleep happens inside the client's work function. At 100
 * the kernel only counts jobs in flight; so does this class, without its lock.
 *
 * <p><b>Time.</b> The kernel counts jiffies. {@link Timing#KERNEL} keeps its constants in
 * microsecond ticks, so that copies that take microseconds in the model are not all rounded to
 * zero: a window of 2^20 us (1.05 s; the kernel's is 2^SHIFT_HZ jiffies, 1.02 s at HZ=1000), sleeps
 * of 100 ms ({@code SLEEP_USEC}), at most 10 of them ({@code MAX_SLEEPS}). Other timings (a
 * shorter window and sleep, for a scaled-down run) and a controllable {@link Clock} can be given.
 *
 * <p><b>Threads and ordering.</b> {@link #ioJobStart()} runs on a copier worker (it may sleep);
 * {@link #ioJobFinish()} on any thread that completes a bio (it never blocks); {@link #setPercent}
 * on any thread. The percentage is volatile and read afresh at every start and finish, as the
 * kernel's {@code READ_ONCE}. The count of I/O jobs in flight is an atomic updated by every start
 * and finish. The periods and the time of the last event are guarded by this object's monitor
 * (the kernel's {@code throttle_spinlock}); while throttling, the count is also changed only under
 * it, so "the last job just finished" and the crediting of its busy time are one step, as in the
 * kernel. At 100 starts and finishes touch only the atomic count, so a start or finish racing with
 * a change of the percentage may be missing from the periods; the decay forgets that within a
 * window. Lock order: the monitor is a leaf; nothing else is taken under it and nobody sleeps
 * holding it.
 */
public final class KcopydThrottle
{
    /** The percentage at and above which nothing is throttled. */
    public static final int OFF = 100;

    /**
     * The time constants, in ticks of {@code tickNanos}.
     *
     * @param tickNanos            length of one tick (the kernel's jiffy)
     * @param accountIntervalShift the window is 2^shift ticks ({@code ACCOUNT_INTERVAL_SHIFT})
     * @param sleepTicks           one sleep of an over-budget worker ({@code SLEEP_USEC})
     * @param maxSleeps            sleeps per I/O job before it is issued anyway ({@code MAX_SLEEPS})
     */
    public record Timing(long tickNanos, int accountIntervalShift, long sleepTicks, int maxSleeps)
    {
        /** The kernel's constants in microsecond ticks: window 2^20 us, 100 ms sleeps, at most 10. */
        public static final Timing KERNEL = new Timing(1_000, 20, 100_000, 10);

        public Timing
        {
            if (tickNanos < 1 || accountIntervalShift < 1 || accountIntervalShift > 40 || sleepTicks < 1
                || maxSleeps < 0)
            {
                throw new IllegalArgumentException("invalid throttle timing: tick " + tickNanos + " ns, shift "
                    + accountIntervalShift + ", sleep " + sleepTicks + " ticks, " + maxSleeps + " sleeps");
            }
        }
    }

    /** Where the throttle reads the time and how it sleeps; replaceable for tests. */
    public interface Clock
    {
        /** Monotonic time in nanoseconds. */
        long nanoTime();

        /** Sleep at least {@code nanos}. */
        void sleepNanos(long nanos);

        /** {@link System#nanoTime()} and a park loop that sleeps the whole time (interrupts are ignored). */
        Clock SYSTEM = new Clock()
        {
            @Override
            public long nanoTime()
            {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(final long nanos)
            {
                final long deadline = System.nanoTime() + nanos;
                long left = nanos;
                while (left > 0)
                {
                    LockSupport.parkNanos(this, left);
                    left = deadline - System.nanoTime();
                }
            }
        };
    }

    private final Timing timing;
    private final Clock clock;
    /** Percent of time the group may be busy; volatile, read at every start and finish. */
    private volatile int percent;
    /** {@code num_io_jobs}: I/O jobs of the group in flight. */
    private final AtomicInteger ioJobs = new AtomicInteger();

    // ---- guarded by this object's monitor ----
    private long ioPeriod;
    private long totalPeriod;
    private long lastTick;

    // ---- statistics: atomics, any thread ----
    private final AtomicLong sleeps = new AtomicLong();
    private final AtomicLong delayedJobs = new AtomicLong();
    private final AtomicLong forcedJobs = new AtomicLong();

    /** The kernel's record: throttle off (100), kernel timing, the system clock. */
    public KcopydThrottle()
    {
        this(OFF, Timing.KERNEL, Clock.SYSTEM);
    }

    /**
     * @param percent the initial percentage, 0..100
     * @throws IllegalArgumentException for a percentage outside 0..100
     */
    public KcopydThrottle(final int percent, final Timing timing, final Clock clock)
    {
        this.percent = ModuleParameter.COPY_THROTTLE.check(percent);
        this.timing = timing;
        this.clock = clock;
        this.lastTick = ticks();
    }

    /** The percentage now. */
    public int percent()
    {
        return percent;
    }

    /**
     * Change the percentage; the next start or finish of any client uses it. A worker asleep in
     * the throttle finishes its current sleep and then checks against the new value.
     *
     * @throws IllegalArgumentException for a percentage outside 0..100
     */
    public void setPercent(final int newPercent)
    {
        percent = ModuleParameter.COPY_THROTTLE.check(newPercent);
    }

    public Timing timing()
    {
        return timing;
    }

    /**
     * {@code io_job_start}: account the start of one I/O job, sleeping first while the group is
     * over its budget (at most {@link Timing#maxSleeps()} times). Copier worker only. Allocates
     * nothing.
     *
     * @return the number of sleeps taken before the job could start
     */
    public int ioJobStart()
    {
        int slept = 0;
        while (true)
        {
            final int pct = percent;
            if (pct >= OFF)
            {
                ioJobs.incrementAndGet();
                break;
            }
            synchronized (this)
            {
                accountElapsed(ioJobs.get() > 0);
                if (totalPeriod >= 1L << timing.accountIntervalShift())
                {
                    final int shift = fls(totalPeriod >>> timing.accountIntervalShift());
                    totalPeriod >>>= shift;
                    ioPeriod >>>= shift;
                }
                final long skew = ioPeriod - pct * totalPeriod / 100;
                if (skew <= 0 || slept >= timing.maxSleeps())
                {
                    if (skew > 0)
                    {
                        forcedJobs.incrementAndGet();
                    }
                    ioJobs.incrementAndGet();
                    break;
                }
            }
            slept++;
            sleeps.incrementAndGet();
            clock.sleepNanos(timing.sleepTicks() * timing.tickNanos());
        }
        if (slept > 0)
        {
            delayedJobs.incrementAndGet();
        }
        return slept;
    }

    /**
     * {@code io_job_finish}: account the end of one I/O job; the last job of the group to finish
     * credits the busy time up to now. Any thread; never blocks for longer than the monitor's
     * short critical section, and not at all while the throttle is off.
     */
    public void ioJobFinish()
    {
        if (percent >= OFF)
        {
            ioJobs.decrementAndGet();
            return;
        }
        synchronized (this)
        {
            if (ioJobs.decrementAndGet() == 0)
            {
                final long now = ticks();
                final long difference = now - lastTick;
                lastTick = now;
                ioPeriod += difference;
                totalPeriod += difference;
                if (ioPeriod > totalPeriod)
                {
                    ioPeriod = totalPeriod;
                }
            }
        }
    }

    /** Steps 1-3 of a start: add the time since the last event to the periods. Caller holds the monitor. */
    private void accountElapsed(final boolean busy)
    {
        final long now = ticks();
        final long difference = now - lastTick;
        lastTick = now;
        if (busy)
        {
            ioPeriod += difference;
        }
        totalPeriod += difference;
        if (ioPeriod > totalPeriod)
        {
            ioPeriod = totalPeriod;
        }
    }

    /** Position of the most significant set bit, 1-based, 0 for 0 (the kernel's {@code fls}). */
    static int fls(final long x)
    {
        return 64 - Long.numberOfLeadingZeros(x);
    }

    private long ticks()
    {
        return clock.nanoTime() / timing.tickNanos();
    }

    /** I/O jobs of the group in flight now. */
    public int ioJobsInFlight()
    {
        return ioJobs.get();
    }

    /**
     * The busy fraction of the decaying window as last accounted (io / total), 0 when nothing
     * has been accounted; what the next start compares with the percentage.
     */
    public synchronized double busyFraction()
    {
        return totalPeriod == 0 ? 0 : (double) ioPeriod / totalPeriod;
    }

    /** The accounted periods, in ticks: {io, total} (tests and diagnostics). */
    public synchronized long[] periods()
    {
        return new long[] {ioPeriod, totalPeriod};
    }

    /** Sleeps taken by all workers so far. */
    public long sleeps()
    {
        return sleeps.get();
    }

    /** I/O jobs that slept at least once before they started. */
    public long delayedJobs()
    {
        return delayedJobs.get();
    }

    /** I/O jobs issued over budget because they had slept {@link Timing#maxSleeps()} times. */
    public long forcedJobs()
    {
        return forcedJobs.get();
    }

    @Override
    public String toString()
    {
        return "copy throttle " + percent + "% busy=" + String.format(Locale.ROOT, "%.3f", busyFraction())
            + " ioJobs=" + ioJobs.get() + " sleeps=" + sleeps.get();
    }
}
