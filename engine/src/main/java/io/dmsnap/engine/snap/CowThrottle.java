package io.dmsnap.engine.snap;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches.Throttle;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Limits the COW copies in flight per snapshot against {@code cow_threshold}: the {@code throttle}
 * switch ({@code snapshot_cow_threshold}: 721b1d98, b2155578). Every variant counts copies in flight ({@link #inFlight()}) and keeps the
 * peak, so the variants can be compared; they differ in who waits, where, and with which locks.
 *
 * <p>Call sites (the kernel's {@code account_start_copy}/{@code account_end_copy} hooks): start
 * right before a copy, full-chunk write or zeroing is handed to the copier; end at the very end of
 * the copy callback (after the in-order commit work) and at the start of the zero callback.
 *
 * <p>The threshold is the module-wide {@link CowThreshold}: IN_PROGRESS reads it at every check,
 * SEMAPHORE once, when it is created (the snapshot's constructor), NONE never.
 *
 * <p>The peak: a CAS loop raises it after each start. {@link #resetPeak()} (a plain volatile
 * store of the count in flight) may lose a start that races with it; it is for tools that measure
 * from a point on, not for exact accounting.
 */
public abstract class CowThrottle
{
    /** Copies between start and end; for IN_PROGRESS this is the kernel's {@code in_progress}. */
    protected final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    /**
     * A throttle of {@code config}'s variant on a threshold of its own, set to the configuration's
     * {@code cowThreshold} (a throttle outside any engine: benchmarks, jcstress).
     */
    public static CowThrottle create(final EngineConfig config)
    {
        return create(config.throttle(), new CowThreshold(config.cowThreshold()));
    }

    /**
     * A throttle of {@code variant} on the module's threshold. An IN_PROGRESS throttle registers
     * with {@code threshold} to be woken when it changes; {@link #close()} undoes that.
     */
    public static CowThrottle create(final Throttle variant, final CowThreshold threshold)
    {
        switch (variant)
        {
            case NONE:
                return new NoCowThrottle();
            case SEMAPHORE:
                return new SemaphoreCowThrottle(threshold.get());
            case IN_PROGRESS:
                return new InProgressCowThrottle(threshold);
            default:
                throw new IllegalArgumentException("unknown throttle " + variant);
        }
    }

    /**
     * Whether writers wait in {@link #waitForInProgress} before taking locks (IN_PROGRESS only).
     * Lets callers skip the call entirely for the other variants.
     */
    public abstract boolean waitsBeforeLocking();

    /**
     * IN_PROGRESS: return false at once when below the threshold; otherwise run
     * {@code unlockOrigins} (when non-null: it releases {@code _origins_lock}, held for reading)
     * and sleep until a copy ends, then return true. The caller must re-check (and re-take the
     * origins lock) after a true result.
     */
    public boolean waitForInProgress(final Runnable unlockOrigins)
    {
        return false;
    }

    /** Before handing a copy to the copier. SEMAPHORE blocks here for a permit. */
    public void accountStartCopy()
    {
        final long n = inFlight.incrementAndGet();
        long p;
        while (n > (p = peak.get()) && !peak.compareAndSet(p, n))
        {
            Thread.onSpinWait();
        }
    }

    /** After a copy's callback work; wakes waiters. Called on the copier thread. */
    public void accountEndCopy()
    {
        inFlight.decrementAndGet();
    }

    /** Copies in flight now. */
    public final long inFlight()
    {
        return inFlight.get();
    }

    /** Most copies in flight at once so far. */
    public final long peakInFlight()
    {
        return peak.get();
    }

    /** Threads waiting in the throttle now (diagnostics). */
    public abstract int waiters();

    /**
     * The copies in flight this throttle lets writers start above, now: the live threshold
     * (IN_PROGRESS), the permits fixed at construction (SEMAPHORE), or -1 for no limit.
     */
    public abstract long limit();

    /** Make the peak the current count, to measure the peak from now on. Any thread. */
    public final void resetPeak()
    {
        peak.set(inFlight.get());
    }

    /** The snapshot is destroyed (or was never completed): stop listening to threshold changes. */
    public void close()
    {
    }

    public abstract String describe();
}
