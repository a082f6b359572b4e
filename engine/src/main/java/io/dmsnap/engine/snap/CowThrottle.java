package io.dmsnap.engine.snap;

import io.dmsnap.engine.config.EngineConfig;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Limits the COW copies in flight per snapshot against {@code cow_threshold}: the {@code throttle}
 * switch (spec §4.5). Every variant counts copies in flight ({@link #inFlight()}) and keeps the
 * peak, so the variants can be compared; they differ in who waits, where, and with which locks.
 *
 * <p>Call sites (the kernel's {@code account_start_copy}/{@code account_end_copy} hooks): start
 * right before a copy, full-chunk write or zeroing is handed to the copier; end at the very end of
 * the copy callback (after the in-order commit work) and at the start of the zero callback.
 */
public abstract class CowThrottle
{
    /** Copies between start and end; for IN_PROGRESS this is the kernel's {@code in_progress}. */
    protected final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    public static CowThrottle create(final EngineConfig config)
    {
        switch (config.throttle())
        {
            case NONE:
                return new NoCowThrottle();
            case SEMAPHORE:
                return new SemaphoreCowThrottle(config.cowThreshold());
            case IN_PROGRESS:
                return new InProgressCowThrottle(config.cowThreshold());
            default:
                throw new IllegalArgumentException("unknown throttle " + config.throttle());
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

    public abstract String describe();
}
