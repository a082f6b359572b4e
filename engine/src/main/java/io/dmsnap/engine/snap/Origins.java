package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.concurrent.EventCount;
import io.dmsnap.engine.concurrent.LockClass;
import io.dmsnap.engine.concurrent.RwSemaphore;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.DmMapResult;
import io.dmsnap.engine.dm.DmLog;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The module-wide state of dm-snapshot in one {@link DeviceMapper}: the origin registry and the
 * registry of origin targets, both under {@code _origins_lock}, the global count of completed
 * pending exceptions, and the origin write path ({@code do_origin}, {@code __origin_write}).
 *
 * <p>{@code _origins_lock} is an {@link RwSemaphore}: once a writer waits, new readers queue
 * behind it, as with the kernel's rw_semaphore. The 4-party deadlock of
 * the semaphore throttle (b2155578) depends on exactly that, so it must stay fair.
 *
 * <p>Nothing blocks while the write lock is held (60c856c8): objects are allocated before it is
 * taken, and no I/O or wait happens under it.
 */
public final class Origins
{
    /** {@code _origins_lock}: the outermost lock of dm-snapshot's I/O paths. */
    public static final LockClass ORIGINS_LOCK = LockClass.named("_origins_lock");
    /** The monitor of the done counter's wait queue: a leaf, only ever taken to wait or wake. */
    public static final LockClass PENDING_EXCEPTIONS_DONE = LockClass.named("_pending_exceptions_done");

    private final RwSemaphore originsLock = new RwSemaphore(ORIGINS_LOCK);
    /** {@code _origins_lock} as the read and write sides, for the lock/unlock call sites. */
    final Side read = new Side(false);
    final Side write = new Side(true);
    /** Releases the read side: handed to the COW throttle, which drops the lock before sleeping. */
    private final Runnable readUnlock = originsLock::readUnlock;

    private final IdentityHashMap<BlockDevice, Origin> origins = new IdentityHashMap<>();         // origins lock
    private final IdentityHashMap<BlockDevice, OriginTarget> dmOrigins = new IdentityHashMap<>(); // origins lock

    private volatile SnapshotHooks hooks;
    private final AtomicLong useAfterFree = new AtomicLong();
    private final AtomicLong callbackFailures = new AtomicLong();
    private final AtomicReference<Throwable> firstCallbackFailure = new AtomicReference<>();

    /**
     * {@code _pending_exceptions_done_count} and its wait queue: every pending_complete of every
     * snapshot advances it (one atomic add, no lock); a merge waits for it to move. The monitor is
     * taken only while a waiter is registered (see {@link EventCount}).
     */
    private final EventCount pendingExceptionsDone = new EventCount(PENDING_EXCEPTIONS_DONE);

    final DeviceMapper dm;
    final DmLog log;

    Origins(final DeviceMapper dm)
    {
        this.dm = dm;
        this.log = dm.log();
    }

    /** The module state of {@code dm}, created on first use. */
    public static Origins of(final DeviceMapper dm)
    {
        return dm.moduleState(Origins.class, Origins::new);
    }

    /** Install test hooks for snapshots constructed from now on (null removes them). */
    public void installHooks(final SnapshotHooks hooks)
    {
        this.hooks = hooks;
    }

    SnapshotHooks hooks()
    {
        return hooks;
    }

    /**
     * Accesses to a snapshot after its destructor finished (the 22aa66a3 use-after-free, made
     * visible: Java would not crash, so the engine counts what the kernel would have touched).
     */
    public long useAfterFree()
    {
        return useAfterFree.get();
    }

    /**
     * A copier callback of snapshot {@code name} threw: an engine bug that leaves a pending exception
     * or a bio behind (the kernel would oops). Logged with its cause; the first one is kept for
     * stress tools, which turn it into a violation with its stack trace.
     */
    void recordCallbackFailure(final String name, final Throwable e)
    {
        // The count moves last: a reader that saw it sees the first failure and the log line too.
        firstCallbackFailure.compareAndSet(null, new IllegalStateException("copier callback of " + name + " threw " + e, e));
        log.err("snapshots: copier callback of " + name + " failed: " + e);
        callbackFailures.incrementAndGet();
    }

    /** Copier callbacks that threw, over every snapshot since this module state was created. */
    public long callbackFailures()
    {
        return callbackFailures.get();
    }

    /** The first copier callback failure (its cause is what the callback threw), or null. */
    public Throwable firstCallbackFailure()
    {
        return firstCallbackFailure.get();
    }

    void recordUseAfterFree(final Snapshot s, final String what)
    {
        useAfterFree.incrementAndGet();
        log.err("snapshots: use after free: " + what + " touched destroyed snapshot " + s.name());
    }

    // ---------------------------------------------------------------- origin write path

    /** From {@link #originWrite(Origin, long, Bio, boolean)}: no copy to wait for, the write goes on. */
    private static final PendingException WRITE_THROUGH = new PendingException(null);
    /** From {@link #originWrite(Origin, long, Bio, boolean)}: the bio waits on a copy already started. */
    private static final PendingException QUEUED = new PendingException(null);

    /**
     * {@code do_origin}: run an origin write through every snapshot of its origin. With
     * {@code limit} (only from the origin target's map) the COW throttle is applied first, for
     * every snapshot, releasing the origins lock while waiting and starting over after any wait,
     * because the snapshot list may have changed meanwhile.
     *
     * <p>The caller holds no lock. When the copy the bio waits on belongs to a snapshot with
     * run-to-completion copies, it is started only after {@code _origins_lock} is released
     * ({@link Snapshot#copyAccountedHere}), so that it may run to completion on this thread.
     */
    int doOrigin(final Bio bio, final boolean limit)
    {
        while (true)
        {
            read.lock();
            final Origin o = origins.get(bio.device());
            if (o == null)
            {
                read.unlock();
                return DmMapResult.REMAPPED;
            }
            if (limit && throttleWaits(o))
            {
                continue;   // the wait released the read lock
            }
            final PendingException last = originWrite(o, bio.sector(), bio, true);
            read.unlock();
            if (last == WRITE_THROUGH)
            {
                return DmMapResult.REMAPPED;
            }
            if (last != QUEUED)
            {
                // Accounted, marked started and holding the bio, under the lock; nobody else starts it.
                last.snap.copyAccountedHere(last);
            }
            return DmMapResult.SUBMITTED;
        }
    }

    /** Wait on every snapshot's throttle; true (read lock already released) when any wait slept. */
    private boolean throttleWaits(final Origin o)
    {
        final ArrayList<Snapshot> snaps = o.snapshots;
        for (int i = 0; i < snaps.size(); i++)
        {
            final CowThrottle t = snaps.get(i).throttle;
            if (t.waitsBeforeLocking() && t.waitForInProgress(readUnlock))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code __origin_write}: for each snapshot, make sure the chunk at {@code sector}
     * is being copied or already copied; queue {@code bio} (if any) on the first pending exception
     * found, which is the one of the largest chunk size. Copies for the other snapshots start at
     * once; the one the bio waits on starts last. Caller holds the origins lock for reading.
     *
     * The merging snapshot, if any, is skipped (3452c2a1): it never creates exceptions. That costs
     * one plain read of {@link Origin#merging} per call, null unless a merge target is registered.
     *
     * @return SUBMITTED when the bio was queued or some copy had to be waited for, else REMAPPED
     */
    int originWrite(final Origin o, final long sector, final Bio bio)
    {
        return originWrite(o, sector, bio, false) == WRITE_THROUGH ? DmMapResult.REMAPPED : DmMapResult.SUBMITTED;
    }

    /**
     * {@link #originWrite(Origin, long, Bio)}, returning {@link #WRITE_THROUGH} for REMAPPED and
     * {@link #QUEUED} for SUBMITTED, except with {@code leaveLast} when the copy the bio waits on
     * belongs to a run-to-completion snapshot: that copy is then accounted with the throttle and
     * marked started here, but returned unstarted, for the caller to start once it released
     * {@code _origins_lock}. Caller holds the origins lock for reading.
     */
    private PendingException originWrite(final Origin o, final long sector, final Bio bio, final boolean leaveLast)
    {
        final ArrayList<Snapshot> snaps = o.snapshots;
        final Snapshot merging = o.merging;
        int r = DmMapResult.REMAPPED;
        boolean queued = bio == null;
        PendingException startLast = null;
        for (int i = 0; i < snaps.size(); i++)
        {
            final Snapshot s = snaps.get(i);
            if (s == merging || sector >= s.lengthSectors)
            {
                continue;
            }
            final PendingException pe = s.pendingForOriginWrite(sector >>> s.store.geometry().shift());
            if (pe == null)
            {
                continue;
            }
            // s.pendingForOriginWrite returned with the chunk locked.
            r = DmMapResult.SUBMITTED;
            PendingException startNow = null;
            if (!queued)
            {
                pe.originBios.add(bio);
                queued = true;
                if (!pe.started)
                {
                    pe.started = true;
                    startLast = pe;
                }
            }
            if (!pe.started)
            {
                pe.started = true;
                startNow = pe;
            }
            s.locking.unlockChunk(pe.oldChunk());
            if (startNow != null)
            {
                s.startCopy(startNow);
            }
        }
        if (startLast != null)
        {
            final Snapshot s = startLast.snap;
            if (leaveLast && s.runToCompletion)
            {
                s.throttle.accountStartCopy();   // where startCopy counts it: before the copy, under the lock
                return startLast;
            }
            s.startCopy(startLast);
        }
        return r == DmMapResult.SUBMITTED ? QUEUED : WRITE_THROUGH;
    }

    /**
     * {@code origin_write_extent} (73dfd078): run {@code __origin_write} without a bio for every
     * minimum-chunk step of {@code sectors} from {@code sector}, so that every other snapshot of the
     * merging snapshot's origin copies those chunks. Returns true when some snapshot had or started
     * a copy there (the merge must wait for the done counter to move and try again). The step is
     * the merging target's max I/O length, never 0 (7ee06ddc). Takes {@code _origins_lock} for reading.
     */
    boolean originWriteExtent(final Snapshot merging, final long sector, final long sectors)
    {
        final long step = Math.max(1, merging.ti.maxIoLen);
        boolean mustWait = false;
        read.lock();
        try
        {
            final Origin o = origins.get(merging.origin);
            if (o == null)
            {
                return false;
            }
            for (long k = 0; k < sectors; k += step)
            {
                if (originWrite(o, sector + k, null) == DmMapResult.SUBMITTED)
                {
                    mustWait = true;
                }
            }
        }
        finally
        {
            read.unlock();
        }
        return mustWait;
    }

    // ---------------------------------------------------------------- done counter

    /**
     * Every pending_complete of every snapshot counts here and wakes the waiters (merge), if any:
     * copier thread; wait-free while nobody waits.
     */
    void pendingExceptionDone()
    {
        pendingExceptionsDone.advance();
    }

    long pendingExceptionsDone()
    {
        return pendingExceptionsDone.get();
    }

    /** Wait until the done counter differs from {@code seen}; returns the new value. */
    long awaitPendingExceptionDone(final long seen) throws InterruptedException
    {
        return pendingExceptionsDone.await(seen);
    }

    // ---------------------------------------------------------------- registration

    /** Which snapshots share {@code s}'s COW device on its origin ({@code __find_snapshots_sharing_cow}). Caller holds the origins lock. */
    CowSharing findSnapshotsSharingCow(final Snapshot s)
    {
        final Origin o = origins.get(s.origin);
        Snapshot source = null;
        Snapshot dest = null;
        Snapshot merge = null;
        int count = 0;
        if (o != null)
        {
            for (int i = 0; i < o.snapshots.size(); i++)
            {
                final Snapshot x = o.snapshots.get(i);
                if (x.isMergeTarget)
                {
                    merge = x;
                }
                if (x.cow != s.cow)
                {
                    continue;
                }
                if (x.active)
                {
                    source = x;
                }
                else
                {
                    dest = x;
                }
                count++;
            }
        }
        return new CowSharing(source, dest, merge, count);
    }

    /** Result of {@link #findSnapshotsSharingCow}. */
    record CowSharing(Snapshot source, Snapshot dest, Snapshot merge, int count)
    {
    }

    /**
     * {@code register_snapshot}: validate the handover state and insert {@code s} into its origin's
     * list. Returns true when {@code s} is a handover destination.
     */
    boolean register(final Snapshot s) throws DmException
    {
        final Origin fresh = new Origin(s.origin);   // allocated before taking the lock (60c856c8)
        write.lock();
        try
        {
            final boolean dest = validateHandover(s);
            Origin o = origins.get(s.origin);
            if (s.isMergeTarget && o != null && o.merging != null)
            {
                // 9d3b15c4, also without a live source to hand over from: one merge per origin.
                throw new DmException("A snapshot is already merging.");
            }
            if (o == null)
            {
                o = fresh;
                origins.put(s.origin, o);
            }
            o.insertSorted(s);
            if (s.isMergeTarget)
            {
                o.merging = s;
            }
            return dest;
        }
        finally
        {
            write.unlock();
        }
    }

    /** {@code __validate_exception_handover} (c1f0c183); caller holds the write lock. */
    private boolean validateHandover(final Snapshot s) throws DmException
    {
        final CowSharing sharing = findSnapshotsSharingCow(s);
        if (sharing.count() == 2 || sharing.dest() != null)
        {
            throw new DmException("Snapshot cow pairing for exception table handover failed");
        }
        if (sharing.source() == null)
        {
            return false;
        }
        if (s.isMergeTarget)
        {
            if (sharing.merge() != null && sharing.merge() != s)
            {
                throw new DmException("A snapshot is already merging.");
            }
            if (!sharing.source().store.supportsMerge())
            {
                throw new DmException("Snapshot exception store does not support snapshot-merge.");
            }
        }
        return true;
    }

    void unregister(final Snapshot s)
    {
        write.lock();
        try
        {
            final Origin o = origins.get(s.origin);
            if (o != null)
            {
                o.snapshots.remove(s);
                if (o.merging == s)
                {
                    o.merging = null;
                }
                if (o.snapshots.isEmpty())
                {
                    origins.remove(s.origin);
                }
            }
        }
        finally
        {
            write.unlock();
        }
    }

    /** Remove and insert again, re-sorting by the now-final chunk size. */
    void reregister(final Snapshot s)
    {
        write.lock();
        try
        {
            final Origin o = origins.get(s.origin);
            if (o != null && o.snapshots.remove(s))
            {
                o.insertSorted(s);
            }
        }
        finally
        {
            write.unlock();
        }
    }

    /** Origin target resume: publish it for handover quiescing. */
    void registerOriginTarget(final OriginTarget t)
    {
        write.lock();
        try
        {
            dmOrigins.put(t.originDev, t);
        }
        finally
        {
            write.unlock();
        }
    }

    void unregisterOriginTarget(final OriginTarget t)
    {
        write.lock();
        try
        {
            dmOrigins.remove(t.originDev, t);
        }
        finally
        {
            write.unlock();
        }
    }

    /** Caller holds the origins lock. */
    OriginTarget originTarget(final BlockDevice originDev)
    {
        return dmOrigins.get(originDev);
    }

    /** The merging snapshot of {@code originDev}, or null (caller holds the origins lock). */
    Snapshot mergingSnapshot(final BlockDevice originDev)
    {
        final Origin o = origins.get(originDev);
        return o == null ? null : o.merging;
    }

    /** {@link #minimumChunkSize} under the read lock ({@code get_origin_minimum_chunksize}). */
    long minimumChunkSizeOf(final BlockDevice originDev)
    {
        read.lock();
        try
        {
            return minimumChunkSize(originDev);
        }
        finally
        {
            read.unlock();
        }
    }

    /** Smallest chunk size among the snapshots of {@code originDev}, 2^31 if none (caller holds the lock). */
    long minimumChunkSize(final BlockDevice originDev)
    {
        final Origin o = origins.get(originDev);
        return o == null ? 1L << 31 : o.minimumChunkSize();
    }

    /** Snapshots of {@code originDev} in list order (a copy; for status, tests and tools). */
    public List<String> snapshotOrder(final BlockDevice originDev)
    {
        read.lock();
        try
        {
            final Origin o = origins.get(originDev);
            final List<String> names = new ArrayList<>();
            if (o != null)
            {
                for (final Snapshot s : o.snapshots)
                {
                    names.add(s.name());
                }
            }
            return names;
        }
        finally
        {
            read.unlock();
        }
    }

    /**
     * One line per registered snapshot with its locks, throttle, pending exceptions and copier
     * jobs, plus the origins lock (watchdog dumps). Does not take {@code _origins_lock}: a dump
     * must work while that lock is part of a deadlock, so the registry is read racily.
     */
    public String describeAll()
    {
        final StringBuilder sb = new StringBuilder(describeLock()).append('\n');
        for (final Snapshot s : snapshots())
        {
            sb.append("  ").append(s.describeState()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Every snapshot registered now: a racy copy taken without {@code _origins_lock} (see
     * {@link #describeAll()}); a registration racing with the copy makes it retry.
     */
    public List<Snapshot> snapshots()
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                final List<Snapshot> list = new ArrayList<>();
                for (final Object o : origins.values().toArray())
                {
                    for (final Object s : ((Origin) o).snapshots.toArray())
                    {
                        list.add((Snapshot) s);
                    }
                }
                return list;
            }
            catch (final java.util.ConcurrentModificationException | IndexOutOfBoundsException e)
            {
                if (attempt == 10)
                {
                    return List.of();
                }
                Thread.onSpinWait();
            }
        }
    }

    /** Whether {@code _origins_lock} is held for writing now (racy; for scenarios and dumps). */
    public boolean isOriginsLockWriteLocked()
    {
        return originsLock.isWriteLocked();
    }

    /** Who holds and waits for {@code _origins_lock} (watchdog dumps). */
    public String describeLock()
    {
        return "_origins_lock: " + originsLock.describe();
    }

    /** One side of {@code _origins_lock}, with the lock/unlock vocabulary of the call sites. */
    final class Side
    {
        private final boolean write;

        Side(final boolean write)
        {
            this.write = write;
        }

        void lock()
        {
            if (write)
            {
                originsLock.writeLock();
            }
            else
            {
                originsLock.readLock();
            }
        }

        void unlock()
        {
            if (write)
            {
                originsLock.writeUnlock();
            }
            else
            {
                originsLock.readUnlock();
            }
        }
    }
}
