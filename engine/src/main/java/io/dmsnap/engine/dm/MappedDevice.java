package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioEndIo;
import io.dmsnap.engine.block.BioList;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.Errno;
import io.dmsnap.engine.concurrent.LockClass;
import io.dmsnap.engine.concurrent.LockDep;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A device-mapper device ({@code struct mapped_device}): a block device whose I/O is cut into
 * clones, one per target piece, and handed to the targets of its live table.
 *
 * <h2>I/O path ({@link #submit}, any thread, concurrently)</h2>
 * A submitted bio is counted in flight, then checked against the I/O gate. While the gate is
 * closed (suspended, internally suspended or removed) the bio is held and submitted again when it
 * opens. Otherwise it is split at target boundaries and at each target's {@link DmTarget#maxIoLen}
 * boundaries; each piece becomes a clone taken from the device's {@link ClonePool}, with its
 * sector made relative to the target, and goes to {@link Target#map}. A FLUSH becomes
 * {@link DmTarget#numFlushBios} empty clones for every target; a DISCARD piece becomes
 * {@link DmTarget#numDiscardBios} copies, or fails with NOTSUPP when the target takes none. The
 * submitted bio completes once, after its last clone, with the first error a clone reported.
 * Nothing is allocated per bio once the pool has warmed up.
 *
 * <h2>Per-bio fields used</h2>
 * On the submitted bio: {@code remaining} (clones outstanding plus one held by the splitter,
 * changed with atomic adds) and {@code splitStatus} (first error, set by CAS). On a clone:
 * {@code parent}, {@code mappedBy} (the {@link Target}) and {@code targetBioNr}. A bio that is
 * itself a clone of an upper device only has its {@code remaining} and {@code splitStatus}
 * used here, which the upper device never touches on its clones.
 *
 * <h2>Suspend and the in-flight count</h2>
 * The gate is the volatile {@code ioBlocked}. A submitter increments the {@link InFlightCounter}
 * (a volatile read-modify-write) and then reads {@code ioBlocked}; a suspender writes
 * {@code ioBlocked = true} and then waits for the count to reach zero. Both pairs are
 * sequentially consistent synchronisation actions, so either the submitter sees the gate closed
 * (it backs out and holds the bio) or the suspender sees its increment and waits for the bio to
 * complete: no bio slips through. The count covers each submitted bio until its last clone
 * completed, including clones a target holds as SUBMITTED.
 *
 * <p>Holding a bio races with the gate opening: the held list and the opening are both guarded
 * by {@code deferredLock}, and a submitter re-reads the gate under it, so a bio is either taken by
 * the opener or submitted again by its own submitter, never stranded.
 *
 * <h2>Control (one thread at a time per device)</h2>
 * Suspend, resume, internal suspend, load and remove serialise on {@code control}. The live table
 * changes only while the gate is closed and nothing is in flight, which is what protects the I/O
 * path's unlocked read of it. {@link #status} and {@link #message} run without {@code control}
 * (a suspended or suspending device still answers) under the read side of {@code tableReaders};
 * a table is destroyed only after a pass through its write side, so no reader still uses it.
 */
public final class MappedDevice implements BlockDevice
{
    private static final VarHandle REMAINING;
    private static final VarHandle SPLIT_STATUS;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            REMAINING = lookup.findVarHandle(Bio.class, "remaining", int.class);
            SPLIT_STATUS = lookup.findVarHandle(Bio.class, "splitStatus", int.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code control} as taken by the user's verbs (suspend, resume, load, clear, remove, info). */
    public static final LockClass CONTROL = LockClass.named("md control (dm verbs)");
    /**
     * {@code control} as taken by {@link #suspendInternal}/{@link #resumeInternal}, which a target
     * of another device calls while its own device's {@link #CONTROL} is held (a snapshot's resume
     * quiescing its origin): one mutex, two classes, so that nesting is an order and not a
     * self-deadlock report, as the kernel's lockdep subclasses do for {@code suspend_lock}.
     */
    public static final LockClass CONTROL_INTERNAL = LockClass.named("md control (internal suspend)");
    /** {@code deferredLock}: the held-bio list and the gate's opening; a leaf. */
    public static final LockClass DEFERRED_LOCK = LockClass.named("md deferredLock");
    /** {@code tableReaders}: status and message readers against the retirement of a table. */
    public static final LockClass TABLE_READERS = LockClass.named("md tableReaders");

    private final String name;
    private final DmLog log;
    private final ClonePool clones = new ClonePool();
    private final InFlightCounter inFlight = new InFlightCounter();
    private final BioEndIo cloneEndIo = this::cloneDone;

    /** The I/O gate: true while suspended (by the user or internally) or removed. */
    private volatile boolean ioBlocked;
    /** Guards {@link #held} and {@link #removed}, and every opening of the gate. */
    private final Object deferredLock = new Object();
    private final BioList held = new BioList();
    /** Set once by remove, under both {@link #control} and {@link #deferredLock}. */
    private boolean removed;

    /** The table I/O is mapped with; changed under {@link #control} while the gate is closed and drained. */
    private volatile DmTable live;
    /** The table loaded and not yet resumed; guarded by {@link #control}. */
    private DmTable inactive;
    private final ReentrantLock control = new ReentrantLock();
    private final Condition internalResumed = control.newCondition();
    private final ReentrantReadWriteLock tableReaders = new ReentrantReadWriteLock();
    /** Suspended by the user; written under {@link #control}, read anywhere. */
    private volatile boolean suspended;
    /** Nesting depth of {@link #suspendInternal}; guarded by {@link #control}. */
    private int internalSuspends;
    /** The event number and its waiters ({@code event_nr}, {@code eventq}); its own leaf lock. */
    private final DmEvents events = new DmEvents();

    MappedDevice(final String name, final DmLog log)
    {
        this.name = name;
        this.log = log;
    }

    @Override
    public String name()
    {
        return name;
    }

    /** Length of the live table; 0 without one. */
    @Override
    public long sizeSectors()
    {
        final DmTable t = live;
        return t == null ? 0 : t.length();
    }

    /** Largest logical block size among the devices the live table's targets opened; 512 if none. */
    @Override
    public int logicalBlockSize()
    {
        final DmTable t = live;
        return t == null ? Bio.SECTOR_SIZE : t.logicalBlockSize();
    }

    /** True when some target of the live table takes discards. */
    @Override
    public boolean supportsDiscard()
    {
        final DmTable t = live;
        return t != null && t.supportsDiscard();
    }

    /** Suspended by {@code DeviceMapper.suspend} (an internal suspend does not count). */
    public boolean isSuspended()
    {
        return suspended;
    }

    /** Whether {@link #suspendInternal} is in effect. */
    public boolean isSuspendedInternally()
    {
        lockControl(CONTROL);
        try
        {
            return internalSuspends > 0;
        }
        finally
        {
            unlockControl(CONTROL);
        }
    }

    /**
     * Submitted bios not completed yet (each until its last clone completed). Exact when no bio
     * is being submitted; otherwise a momentary upper bound.
     */
    public long inFlight()
    {
        return inFlight.sum();
    }

    /** Bios held because the device is suspended, waiting for the resume. */
    public int heldBios()
    {
        LockDep.acquire(DEFERRED_LOCK);
        try
        {
            synchronized (deferredLock)
            {
                return held.size();
            }
        }
        finally
        {
            LockDep.release(DEFERRED_LOCK);
        }
    }

    /** Clones allocated since creation; stays flat once the pool covers the peak of clones in flight. */
    public long clonesAllocated()
    {
        return clones.allocated();
    }

    // ------------------------------------------------------------------------------------------
    // I/O path
    // ------------------------------------------------------------------------------------------

    @Override
    public void submit(final Bio bio)
    {
        final int cell = inFlight.increment();      // volatile RMW, then the volatile read below
        if (ioBlocked)
        {
            inFlight.backOut(cell);
            hold(bio);
            return;
        }
        split(bio);
    }

    /** Keep {@code bio} until the gate opens; fail it when the device is gone. */
    private void hold(final Bio bio)
    {
        final boolean gone;
        LockDep.acquire(DEFERRED_LOCK);
        try
        {
            synchronized (deferredLock)
            {
                gone = removed;
                if (!gone && ioBlocked)
                {
                    held.add(bio);
                    return;
                }
            }
        }
        finally
        {
            LockDep.release(DEFERRED_LOCK);
        }
        if (gone)
        {
            bio.complete(BlkStatus.IOERR);
        }
        else
        {
            submit(bio);        // the gate opened meanwhile; its opener did not see this bio
        }
    }

    private void split(final Bio bio)
    {
        // Plain writes: the clones carrying bio to other threads are handed over through
        // submit/complete, which order these writes before any completer's atomic add.
        bio.remaining = 1;
        bio.splitStatus = BlkStatus.OK;
        final DmTable table = live;
        if (table == null)
        {
            fail(bio, BlkStatus.IOERR);
        }
        else if (bio.op() == BioOp.FLUSH)
        {
            sendFlush(bio, table);
        }
        else
        {
            final long sector = bio.sector();
            final int sectors = bio.sectors();
            if (sector < 0 || sectors < 0 || sector > table.length() - sectors)
            {
                fail(bio, BlkStatus.IOERR);
            }
            else if (sectors > 0)
            {
                sendRange(bio, table);
            }
        }
        drop(bio);      // the splitter's own reference
    }

    private void sendFlush(final Bio bio, final DmTable table)
    {
        for (int i = 0; i < table.size(); i++)
        {
            final DmTarget ti = table.target(i);
            for (int nr = 0; nr < ti.numFlushBios; nr++)
            {
                issue(bio, ti, BioOp.FLUSH, 0, 0, 0, nr, false);
            }
        }
    }

    private void sendRange(final Bio bio, final DmTable table)
    {
        final BioOp op = bio.op();
        final long end = bio.sector() + bio.sectors();
        long sector = bio.sector();
        int index = table.find(sector);
        while (sector < end)
        {
            while (table.end(index) <= sector)
            {
                index++;
            }
            final DmTarget ti = table.target(index);
            final long offset = sector - ti.begin();
            long len = Math.min(end, table.end(index)) - sector;
            final long maxIoLen = ti.maxIoLen;
            if (maxIoLen > 0)
            {
                len = Math.min(len, maxIoLen - offset % maxIoLen);
            }
            final int dataOffset = bio.data() == null
                ? 0 : bio.dataOffset() + (int) ((sector - bio.sector()) << Bio.SECTOR_SHIFT);
            if (op == BioOp.DISCARD)
            {
                final int copies = ti.numDiscardBios;
                if (copies == 0)
                {
                    fail(bio, BlkStatus.NOTSUPP);       // the rest is not sent, as in the kernel
                    return;
                }
                for (int nr = 0; nr < copies; nr++)
                {
                    issue(bio, ti, op, offset, (int) len, dataOffset, nr, false);
                }
                sector += len;
            }
            else
            {
                sector += issue(bio, ti, op, offset, (int) len, dataOffset, 0, true);
            }
        }
    }

    /**
     * Build one clone of {@code parent} for {@code ti} and map it. Returns the sectors the clone
     * covers (fewer than {@code len} when the target accepted only part of it).
     */
    private int issue(final Bio parent, final DmTarget ti, final BioOp op, final long targetSector, final int len,
                      final int dataOffset, final int targetBioNr, final boolean partialAllowed)
    {
        final Target target = ti.target();
        final Bio clone = clones.acquire();
        clone.init(op, targetSector, len, op == BioOp.FLUSH ? null : parent.data(), dataOffset, cloneEndIo, this);
        clone.flags(parent.flags());
        clone.parent = parent;
        clone.mappedBy = target;
        clone.targetBioNr = targetBioNr;
        int accepted = len;
        if (partialAllowed)
        {
            final int wanted = target.acceptLength(clone);
            if (wanted > 0 && wanted < len)
            {
                accepted = wanted;
                clone.sectors(wanted);
            }
        }
        REMAINING.getAndAdd(parent, 1);
        // From here the clone may complete on another thread at any time: only locals are used.
        final int result = target.map(clone);
        switch (result)
        {
            case DmMapResult.REMAPPED:
                if (clone.device() == null)
                {
                    log.err(name + ": " + ti.type().name() + ": remapped a bio without a device");
                    clone.complete(BlkStatus.IOERR);
                }
                else
                {
                    clone.device().submit(clone);
                }
                break;
            case DmMapResult.SUBMITTED:
                break;
            case DmMapResult.KILL:
            case DmMapResult.REQUEUE:
                // The target's endIo is not called: it never took the clone.
                cloneFinished(clone, BlkStatus.IOERR);
                break;
            default:
                log.err(name + ": " + ti.type().name() + ": " + DmMapResult.name(result));
                cloneFinished(clone, BlkStatus.IOERR);
                break;
        }
        return accepted;
    }

    /** Completion of a clone, on whichever thread completed it. */
    private void cloneDone(final Bio clone, final int status)
    {
        final Target target = (Target) clone.mappedBy;
        cloneFinished(clone, target.endIo(clone, status));
    }

    private void cloneFinished(final Bio clone, final int status)
    {
        final Bio parent = clone.parent;
        clones.release(clone);
        if (status != BlkStatus.OK)
        {
            fail(parent, status);
        }
        drop(parent);
    }

    /** Record {@code status} as the bio's result unless an earlier error was recorded. */
    private static void fail(final Bio bio, final int status)
    {
        SPLIT_STATUS.compareAndSet(bio, BlkStatus.OK, status);     // volatile CAS: first error wins
    }

    /** Release one reference on a submitted bio; the last one completes it. */
    private void drop(final Bio bio)
    {
        if ((int) REMAINING.getAndAdd(bio, -1) == 1)
        {
            // Every other reference was dropped by a volatile RMW ordered before ours, so their
            // splitStatus CASes are visible here.
            final int status = (int) SPLIT_STATUS.getVolatile(bio);
            inFlight.decrement();       // before the callback, which may submit to this device again
            bio.complete(status);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Control: called by DeviceMapper, and by targets for the internal suspend
    // ------------------------------------------------------------------------------------------

    /**
     * Quiesce I/O for a target's own purpose ({@code dm_internal_suspend_fast}): hold new bios and
     * wait for the in-flight ones, without calling presuspend or postsuspend hooks. Nests, and
     * leaves a user suspend alone: when the device is already suspended it only counts. A user
     * suspend or resume waits until the matching {@link #resumeInternal}. Any thread.
     */
    public void suspendInternal()
    {
        lockControl(CONTROL_INTERNAL);
        try
        {
            if (internalSuspends++ == 0 && !suspended)
            {
                ioBlocked = true;       // volatile write, then the reads of awaitZero
                inFlight.awaitZero();
            }
        }
        finally
        {
            unlockControl(CONTROL_INTERNAL);
        }
    }

    /** Undo one {@link #suspendInternal}; the last one lets held I/O go unless the user suspended too. */
    public void resumeInternal()
    {
        BioList release = null;
        lockControl(CONTROL_INTERNAL);
        try
        {
            if (internalSuspends == 0)
            {
                throw new IllegalStateException(name + ": not internally suspended");
            }
            if (--internalSuspends == 0)
            {
                if (!suspended && !removed)
                {
                    release = openGate();
                }
                internalResumed.signalAll();
            }
        }
        finally
        {
            unlockControl(CONTROL_INTERNAL);
        }
        resubmit(release);
    }

    /** User suspend ({@code dm_suspend}): presuspend hooks, hold new I/O, wait for in-flight, postsuspend hooks. */
    void suspend()
    {
        lockControl(CONTROL);
        try
        {
            awaitInternalResume();
            if (!suspended)
            {
                suspendLocked();
            }
        }
        finally
        {
            unlockControl(CONTROL);
        }
    }

    private void suspendLocked()
    {
        final DmTable t = live;
        if (t != null)
        {
            t.presuspend();
        }
        ioBlocked = true;           // volatile write, then the reads of awaitZero
        inFlight.awaitZero();
        if (t != null)
        {
            t.postsuspend();
        }
        suspended = true;
    }

    /**
     * User resume in the order of the kernel's {@code do_resume}: with an inactive table, suspend
     * if needed and swap it in; then preresume and resume the live targets and release held I/O;
     * the replaced table is destroyed last. A preresume failure keeps the device suspended (with
     * the new table live) and is rethrown.
     */
    void resume() throws DmException
    {
        DmTable old = null;
        BioList release = null;
        DmException failure = null;
        lockControl(CONTROL);
        try
        {
            awaitInternalResume();
            if (removed)
            {
                throw new DmException(name + ": device removed", Errno.ENXIO);
            }
            if (inactive != null)
            {
                if (!suspended)
                {
                    suspendLocked();
                }
                old = live;
                live = inactive;        // volatile write; the gate is closed and nothing is in flight
                inactive = null;
            }
            if (suspended)
            {
                try
                {
                    if (live != null)
                    {
                        live.resume(log, name);
                    }
                    suspended = false;
                    release = openGate();
                }
                catch (final DmException e)
                {
                    failure = e;
                }
            }
        }
        finally
        {
            unlockControl(CONTROL);
        }
        resubmit(release);
        if (old != null)
        {
            retire(old);
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    /** Make {@code table} the inactive table, destroying the one it replaces. */
    void loadInactive(final DmTable table) throws DmException
    {
        final DmTable replaced;
        lockControl(CONTROL);
        try
        {
            if (removed)
            {
                table.destroy();
                throw new DmException(name + ": device removed", Errno.ENXIO);
            }
            replaced = inactive;
            inactive = table;
        }
        finally
        {
            unlockControl(CONTROL);
        }
        if (replaced != null)
        {
            replaced.destroy();
        }
    }

    /** Drop the inactive table ({@code dmsetup clear}). */
    void clearInactive()
    {
        final DmTable replaced;
        lockControl(CONTROL);
        try
        {
            replaced = inactive;
            inactive = null;
        }
        finally
        {
            unlockControl(CONTROL);
        }
        if (replaced != null)
        {
            replaced.destroy();
        }
    }

    /**
     * Tear down, as the kernel's remove does: destroy the inactive table, suspend with hooks if
     * not suspended, destroy the live table, and fail the held bios and every later one with IOERR.
     */
    void remove()
    {
        final DmTable oldLive;
        final BioList failed = new BioList();
        lockControl(CONTROL);
        try
        {
            awaitInternalResume();
            if (removed)
            {
                return;
            }
            if (inactive != null)
            {
                inactive.destroy();
                inactive = null;
            }
            if (!suspended)
            {
                suspendLocked();
            }
            oldLive = live;
            live = null;
            LockDep.acquire(DEFERRED_LOCK);
            synchronized (deferredLock)
            {
                removed = true;
                held.moveTo(failed);
            }
            LockDep.release(DEFERRED_LOCK);
        }
        finally
        {
            unlockControl(CONTROL);
        }
        if (oldLive != null)
        {
            retire(oldLive);
        }
        for (Bio bio = failed.pop(); bio != null; bio = failed.pop())
        {
            bio.complete(BlkStatus.IOERR);
        }
    }

    boolean hasInactiveTable()
    {
        lockControl(CONTROL);
        try
        {
            return inactive != null;
        }
        finally
        {
            unlockControl(CONTROL);
        }
    }

    boolean hasLiveTable()
    {
        return live != null;
    }

    private void lockControl(final LockClass as)
    {
        LockDep.acquire(as);
        control.lock();
    }

    private void unlockControl(final LockClass as)
    {
        control.unlock();
        LockDep.release(as);
    }

    /** Wait while an internal suspend is in effect (the kernel waits for DMF_SUSPENDED_INTERNALLY). */
    private void awaitInternalResume()
    {
        while (internalSuspends > 0)
        {
            internalResumed.awaitUninterruptibly();
        }
    }

    /** Open the gate and take the held bios; caller holds {@link #control}. */
    private BioList openGate()
    {
        final BioList release = new BioList();
        LockDep.acquire(DEFERRED_LOCK);
        synchronized (deferredLock)
        {
            ioBlocked = false;
            held.moveTo(release);
        }
        LockDep.release(DEFERRED_LOCK);
        return release;
    }

    /** Submit the bios held while suspended, on the calling (control) thread, in arrival order. */
    private void resubmit(final BioList release)
    {
        if (release == null)
        {
            return;
        }
        for (Bio bio = release.pop(); bio != null; bio = release.pop())
        {
            submit(bio);
        }
    }

    /** Wait until no status or message reader can still see {@code old}, then destroy it. */
    private void retire(final DmTable old)
    {
        LockDep.acquire(TABLE_READERS);
        tableReaders.writeLock().lock();
        tableReaders.writeLock().unlock();
        LockDep.release(TABLE_READERS);
        old.destroy();
    }

    // ------------------------------------------------------------------------------------------
    // Status and messages (any thread, also while suspended)
    // ------------------------------------------------------------------------------------------

    /**
     * One line per target, {@code "<start> <length> <type> <target status>"}, joined with
     * {@code '\n'}, no final newline; like {@code dmsetup status|table}, the separator before the
     * target status is printed even when that is empty. Empty without a live table.
     */
    String status(final StatusType type)
    {
        LockDep.acquire(TABLE_READERS);
        tableReaders.readLock().lock();
        try
        {
            final DmTable t = live;
            if (t == null)
            {
                return "";
            }
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < t.size(); i++)
            {
                final DmTarget ti = t.target(i);
                if (i > 0)
                {
                    sb.append('\n');
                }
                sb.append(ti.begin()).append(' ').append(ti.length()).append(' ').append(ti.type().name())
                    .append(' ').append(ti.target().status(type));
            }
            return sb.toString();
        }
        finally
        {
            tableReaders.readLock().unlock();
            LockDep.release(TABLE_READERS);
        }
    }

    /** Send a message to the live target covering {@code sector} ({@code target_message}). */
    String message(final long sector, final String[] args) throws DmException
    {
        LockDep.acquire(TABLE_READERS);
        tableReaders.readLock().lock();
        try
        {
            final DmTable t = live;
            if (t == null || sector < 0 || sector >= t.length())
            {
                throw new DmException("Target message sector outside device.");
            }
            final String reply = t.target(t.find(sector)).target().message(args);
            return reply == null ? "" : reply;
        }
        finally
        {
            tableReaders.readLock().unlock();
            LockDep.release(TABLE_READERS);
        }
    }

    /** This device's event number and waiters ({@code dmsetup wait}); see {@link DmEvents}. */
    public DmEvents events()
    {
        return events;
    }

    /** The live target covering {@code sector}, or null; for tools and tests. */
    public Target targetAt(final long sector)
    {
        LockDep.acquire(TABLE_READERS);
        tableReaders.readLock().lock();
        try
        {
            final DmTable t = live;
            return t == null || sector < 0 || sector >= t.length() ? null : t.target(t.find(sector)).target();
        }
        finally
        {
            tableReaders.readLock().unlock();
            LockDep.release(TABLE_READERS);
        }
    }

    /**
     * The gate and its counts in one line, for watchdog dumps: read without any lock (a dump must
     * not wait on a device that is part of a hang), so a busy device's numbers are approximate.
     */
    public String describeState()
    {
        final int heldNow = held.size();
        return name + ": " + (removed ? "removed " : "") + (suspended ? "suspended " : "")
            + (internalSuspends > 0 ? "internally-suspended=" + internalSuspends + " " : "")
            + "ioBlocked=" + ioBlocked + " inFlight=" + inFlight.sum() + " held=" + heldNow;
    }

    @Override
    public String toString()
    {
        return "MappedDevice[" + name + "]";
    }
}
