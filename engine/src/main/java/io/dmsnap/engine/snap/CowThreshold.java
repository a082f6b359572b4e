package io.dmsnap.engine.snap;

import io.dmsnap.engine.concurrent.LockClass;
import io.dmsnap.engine.concurrent.LockDep;
import io.dmsnap.engine.config.ModuleParameter;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The module parameter {@code snapshot_cow_threshold}: one value for every snapshot of a
 * {@code DeviceMapper}, as the kernel's parameter is one variable for the whole dm-snapshot module,
 * writable while I/O runs.
 *
 * <p>Who reads it when: the in-progress throttle (b2155578) reads it at every check, in the
 * writer's wait and at the end of every copy, so a change applies to every snapshot from its next
 * check on. The semaphore throttle (721b1d98) reads it once, when a snapshot is constructed, to
 * size the snapshot's semaphore; a later change reaches only snapshots constructed after it. No
 * throttle ({@code NONE}) never reads it.
 *
 * <p>Wake-ups: a {@link #set} wakes the writers waiting in every in-progress throttle whose copies
 * in flight are now within the value, so raising the threshold lets them go at once. The kernel
 * does not do that (writing the parameter wakes nobody; a sleeper notices at the next end of a
 * copy of its snapshot); the model does, so that a raise takes effect even while every copy in
 * flight is stalled. Lowering it holds back writers from their next check; copies already in
 * flight are not affected.
 *
 * <p>Threads and ordering: {@link #get} is a volatile read, from any thread. {@link #set} runs on a
 * control thread; setters are serialised by this object's monitor, which nothing else takes. The
 * setter's volatile write of the value comes before its reads of each throttle's waiter count,
 * and a waiter's write of that count comes before its read of the value (see
 * {@link InProgressCowThrottle}); these are synchronization actions, so either the waiter sees the
 * new value or the setter sees the waiter and notifies it. The list of throttles is copy-on-write:
 * it changes only when a snapshot is constructed or destroyed.
 */
public final class CowThreshold
{
    /** The monitor {@link #set} holds while it wakes the throttles (outside their monitors). */
    static final LockClass MONITOR = LockClass.named("CowThreshold monitor");

    private volatile int value;
    private final CopyOnWriteArrayList<InProgressCowThrottle> readers = new CopyOnWriteArrayList<>();

    /**
     * @throws IllegalArgumentException for a value outside 0..{@link Integer#MAX_VALUE}
     */
    public CowThreshold(final int initial)
    {
        this.value = ModuleParameter.COW_THRESHOLD.check(initial);
    }

    /** The value now (volatile read). */
    public int get()
    {
        return value;
    }

    /**
     * Change the value for every snapshot that reads it live, and wake their waiting writers that
     * are now within it.
     *
     * @throws IllegalArgumentException for a value outside 0..{@link Integer#MAX_VALUE}
     */
    public void set(final long newValue)
    {
        final int checked = ModuleParameter.COW_THRESHOLD.check(newValue);
        LockDep.acquire(MONITOR);
        synchronized (this)
        {
            value = checked;
            for (final InProgressCowThrottle t : readers)
            {
                t.thresholdChanged();
            }
        }
        LockDep.release(MONITOR);
    }

    /** Parse and {@link #set} a value given as text (a command line or a control message). */
    public void set(final String text)
    {
        set(ModuleParameter.COW_THRESHOLD.parse(text));
    }

    void register(final InProgressCowThrottle throttle)
    {
        readers.add(throttle);
    }

    void unregister(final InProgressCowThrottle throttle)
    {
        readers.remove(throttle);
    }

    /** Throttles that read the value live now (tests and diagnostics). */
    int liveReaders()
    {
        return readers.size();
    }

    @Override
    public String toString()
    {
        return "snapshot_cow_threshold=" + value;
    }
}
