package io.dmsnap.engine.block;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A device with a realistic cost: wraps any {@link BlockDevice} (memory, null, file) and completes
 * each request at the time a {@link DeviceProfile} says it is due.
 *
 * <p>Data moves through the inner device as soon as the request arrives; only the completion is
 * held back. On submit the device's {@link ServiceModel} computes the due time from the arrival
 * time (queue depth, IOPS slot, transfer, latency, seek); when the inner device has completed the
 * request, it is delivered at once if the due time has passed, otherwise handed to the
 * {@link CompletionTimer} shared by all timed devices, which delivers it at the due time on its
 * thread. Virtual due times, not delivery times, drive the accounting ({@link #stats()}), so tests
 * check the model exactly with a {@link CompletionTimer#manual manual} timer and clock.
 *
 * <p>Seeds: each device draws latencies and rotational delays from its own generator, seeded with
 * the profile's seed mixed with the device's name; so an origin and a COW device with the same
 * profile draw different sequences, and every run of the same stack draws the same ones.
 *
 * <p>Threads and locks: {@link #submit} from any thread, concurrently. The model and the entry pool
 * are guarded by this device's lock, a leaf lock held for a few arithmetic steps and never while
 * calling out (the inner device, the timer or a callback). The bio's callback is swapped for a
 * pooled {@link TimedCompletion} (see there for how each hand-over is ordered) and restored before
 * the bio completes. Completions run on the timer thread, or on the inner device's completion
 * context when the due time has already passed (always so for a profile that costs nothing).
 * Entries return to the pool through a lock-free stack (a CAS push from any thread; the pool's
 * owner takes the whole stack with a swap under the lock), so the completion path takes no lock.
 * Steady-state submits and completions allocate nothing.
 *
 * <p>The wrapper owns its inner device: {@link #close()} closes it. Requests already accepted still
 * complete at their due times; later ones complete with {@link BlkStatus#IOERR}.
 */
public final class TimedDevice implements BlockDevice
{
    /** Mixes the name into the seed (the 64-bit golden ratio, as SplitMix64 uses). */
    private static final long SEED_MIX = 0x9E3779B97F4A7C15L;

    private final BlockDevice inner;
    private final DeviceProfile profile;
    private final CompletionTimer timer;
    private final DeviceClock clock;

    /** Guards {@link #model}, {@link #pool} and {@link #pooled}. */
    private final Object lock = new Object();
    private final ServiceModel model;
    /** Free entries taken from {@link #returned}; guarded by the lock. */
    private TimedCompletion pool;
    /** Entries ever created; guarded by the lock. */
    private int pooled;
    /** Entries given back by delivering threads: CAS push (release), swapped out under the lock (acquire). */
    private final AtomicReference<TimedCompletion> returned = new AtomicReference<>();

    private final LongAdder delivered = new LongAdder();
    private final LongAdder latenessNanos = new LongAdder();
    private final LongAdder refused = new LongAdder();
    /**
     * Set by {@link #close()}, read by every submit (volatile: a submit that starts after close
     * returned sees it). A submit racing close may still be accepted; the closed inner device
     * then fails it, and it completes with that error at its due time.
     */
    private volatile boolean closed;

    /** A timed device on the shared timer and the system clock. */
    public TimedDevice(final BlockDevice inner, final DeviceProfile profile)
    {
        this(inner, profile, CompletionTimer.shared());
    }

    /** A timed device on {@code timer} and its clock (a manual timer for tests). */
    public TimedDevice(final BlockDevice inner, final DeviceProfile profile, final CompletionTimer timer)
    {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.clock = timer.clock();
        final long capacity = profile.capacityBytes() > 0 ? profile.capacityBytes() >>> Bio.SECTOR_SHIFT : inner.sizeSectors();
        this.model = new ServiceModel(profile, capacity, profile.seed() * SEED_MIX + inner.name().hashCode());
    }

    /**
     * {@code inner} itself for the {@link DeviceProfile#NULL null} profile (today's devices, exactly),
     * else a timed device over it on the shared timer.
     */
    public static BlockDevice wrap(final BlockDevice inner, final DeviceProfile profile)
    {
        return profile.isNull() ? inner : new TimedDevice(inner, profile);
    }

    public BlockDevice inner()
    {
        return inner;
    }

    public DeviceProfile profile()
    {
        return profile;
    }

    @Override
    public String name()
    {
        return inner.name();
    }

    @Override
    public long sizeSectors()
    {
        return inner.sizeSectors();
    }

    @Override
    public int logicalBlockSize()
    {
        return inner.logicalBlockSize();
    }

    @Override
    public boolean supportsDiscard()
    {
        return inner.supportsDiscard();
    }

    @Override
    public void submit(final Bio bio)
    {
        final int check = closed ? BlkStatus.IOERR
            : BioChecks.check(bio, inner.sizeSectors(), inner.logicalBlockSize(), inner.supportsDiscard());
        if (check != BlkStatus.OK)
        {
            refused.increment();   // an invalid request costs no device time
            bio.complete(check);
            return;
        }
        final TimedCompletion entry;
        final long due;
        synchronized (lock)
        {
            // The clock is read under the lock, so arrivals reach the model in time order.
            due = model.admit(bio.op(), bio.sector(), bio.sectors(), clock.nanoTime());
            entry = takeEntry();
        }
        entry.bio = bio;
        entry.endIo = bio.endIo();
        entry.owner = bio.owner();
        entry.dueNanos = due;
        bio.endIo(entry, entry);
        inner.submit(bio);
    }

    /** The inner device completed {@code entry}'s bio (its completion context, any thread). */
    void innerCompleted(final TimedCompletion entry)
    {
        final long now = clock.nanoTime();
        if (entry.dueNanos <= now)
        {
            deliver(entry, now);
        }
        else
        {
            timer.schedule(entry);
        }
    }

    /** Complete the bio to its submitter and give the entry back (timer thread, or the inner's completion context). */
    void deliver(final TimedCompletion entry, final long now)
    {
        final Bio bio = entry.bio;
        final int status = entry.status;
        latenessNanos.add(now - entry.dueNanos);
        delivered.increment();
        entry.bio = null;
        entry.endIo = null;
        entry.owner = null;
        release(entry);
        bio.complete(status);
    }

    private TimedCompletion takeEntry()
    {
        TimedCompletion entry = pool;
        if (entry == null)
        {
            entry = returned.getAndSet(null);   // acquire: sees the links written before each push
        }
        if (entry == null)
        {
            pooled++;
            return new TimedCompletion(this);   // the pool grows to the most requests ever in flight
        }
        pool = entry.next;
        entry.next = null;
        return entry;
    }

    private void release(final TimedCompletion entry)
    {
        TimedCompletion top;
        do
        {
            top = returned.get();
            entry.next = top;   // plain write, published by the CAS (release)
        }
        while (!returned.compareAndSet(top, entry));
    }

    /** The model's accounting now, with the delivery counters. Any thread. */
    public TimedDeviceStats stats()
    {
        synchronized (lock)
        {
            return model.stats(delivered.sum(), latenessNanos.sum());
        }
    }

    /** Requests refused without timing (invalid, or after close). */
    public long refused()
    {
        return refused.sum();
    }

    /** Completion entries created so far: the most requests this device ever had in flight at once. */
    public int pooledEntries()
    {
        synchronized (lock)
        {
            return pooled;
        }
    }

    /** Closes the inner device; see the class comment for requests in flight. */
    @Override
    public void close()
    {
        closed = true;
        inner.close();
    }

    @Override
    public String toString()
    {
        return "timed " + inner.name() + " (" + profile.label() + ") over " + inner;
    }
}
