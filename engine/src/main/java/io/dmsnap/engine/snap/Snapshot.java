package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioEndIo;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.Errno;
import io.dmsnap.engine.concurrent.LockClass;
import io.dmsnap.engine.concurrent.SpinLock;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches.CopyCompletion;
import io.dmsnap.engine.config.Switches.CopyErrorCommit;
import io.dmsnap.engine.config.Switches.FullChunkWrite;
import io.dmsnap.engine.config.Switches.HandoverMergeStop;
import io.dmsnap.engine.config.Switches.HandoverQuiesce;
import io.dmsnap.engine.config.Switches.Locking;
import io.dmsnap.engine.config.Switches.PeFree;
import io.dmsnap.engine.config.Switches.ReadTracking;
import io.dmsnap.engine.config.Switches.OriginRecheck;
import io.dmsnap.engine.config.Switches.PassdownTracking;
import io.dmsnap.engine.config.Switches.RecheckComplete;
import io.dmsnap.engine.copy.Copier;
import io.dmsnap.engine.copy.CopyCallback;
import io.dmsnap.engine.copy.Kcopyd;
import io.dmsnap.engine.dm.DeviceArea;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.DmLog;
import io.dmsnap.engine.dm.DmMapResult;
import io.dmsnap.engine.dm.DmTarget;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.dm.StatusType;
import io.dmsnap.engine.dm.Target;
import io.dmsnap.engine.exception.CompleteTable;
import io.dmsnap.engine.exception.PendingTable;
import io.dmsnap.engine.store.ChunkGeometry;
import io.dmsnap.engine.store.CommitCallback;
import io.dmsnap.engine.store.ExceptionStore;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One {@code snapshot} target instance ({@code struct dm_snapshot}): the snapshot's state, its
 * exception tables and store, and the snapshot side of the copy-on-write machinery ({@code snapshot_ctr},
 * {@code snapshot_map}, {@code pending_complete}, {@code snapshot_resume}, {@code snapshot_status}). Built by {@link SnapshotConstructor}.
 *
 * <p>Threads:
 * <ul>
 *   <li>{@link #map} and {@link #endIo}: any submitter or completion thread, concurrently.</li>
 *   <li>Origin writes reach {@link #pendingForOriginWrite} and {@link #startCopy} from
 *       {@link Origins#originWrite}, with {@code _origins_lock} held for reading.</li>
 *   <li>Copy callbacks, commits and {@code pending_complete} run on the thread holding this
 *       snapshot's copier role, never two at a time: the copier thread, or with
 *       {@code copyCompletion=SUBMITTER_WHEN_IDLE} a submitter that found the copier idle and runs its
 *       copy to completion ({@link #startCopyHere}). "Copier thread" below means that role.</li>
 *   <li>Lifecycle hooks (preresume, resume, destroy, status): the control thread.</li>
 * </ul>
 * State fields {@code valid}, {@code active}, {@code snapshotOverflowed} change only with the
 * state lock held exclusively and are volatile because some reads happen without locks (the
 * kernel's unlocked {@code valid} check at the start of map).
 */
public final class Snapshot implements Target
{
    /** {@code pe_allocation_lock}: a leaf under the bucket locks. */
    static final LockClass PE_ALLOCATION_LOCK = LockClass.named("pe_allocation_lock");

    final Origins origins;
    final DmTarget ti;
    final DmLog log;
    final BlockDevice origin;
    final BlockDevice cow;
    final SnapshotFeatures features;
    final boolean isMergeTarget;
    final long lengthSectors;

    // Swapped by handover, with both snapshots locked exclusively and their I/O quiesced.
    // The chunk geometry is the store's (ExceptionStore#geometry), read through this field, so it
    // swaps with the store. Plain fields, read without locks by map and the origin write path:
    // written only while no I/O reaches this snapshot (construction, handover), and the resume
    // that lets I/O in again orders those writes before it (the device's suspend gate).
    ExceptionStore store;
    CompleteTable complete;

    final PendingTable pending;
    final ChunkLocking locking;
    final CowThrottle throttle;
    final CompletionOrder order;
    final PendingCompletion completion;
    final TrackedChunks tracked = new TrackedChunks();
    final PendingExceptionPool pool;
    final Copier copier;
    /** The merge of a snapshot-merge target, else null; used by the control paths only. */
    final SnapshotMerge merge;

    /** {@code pe_allocation_lock}: store allocation + sequence numbers as one atomic step. */
    private final SpinLock allocationLock = new SpinLock(PE_ALLOCATION_LOCK);
    private long startSequence;   // guarded by allocationLock

    volatile boolean valid = true;
    volatile boolean active;
    volatile boolean snapshotOverflowed;
    volatile boolean mergeFailed;
    /** This table line's store asked for overflow semantics (PO); survives handover with this instance. */
    final boolean userspaceSupportsOverflow;

    /** Test hooks, or null (the default: one null check per hook point). */
    private final SnapshotHooks hooks;
    // Variant switches, captured from the configuration here so that no path reads it again:
    // read on the copy-on-write paths (never on the remapped path) and, for the last, at resume.
    private final boolean recheckComplete;
    /** {@code __origin_write}'s re-check after the allocation looks up pending before complete. */
    private final boolean originRechecksPendingFirst;
    /** A passdown discard in flight on the origin is tracked like a snapshot read (2e602385). */
    private final boolean trackPassdown;
    private final boolean trackReads;
    private final boolean freePeEarly;
    /** A snapshot write covering a whole new chunk skips the origin read (a6e50b40). */
    private final boolean fullChunkWriteSkipsCopy;
    /** A failed copy is committed as invalid (385277bf), not skipped. */
    private final boolean commitCopyErrors;
    /**
     * copyCompletion=SUBMITTER_WHEN_IDLE: a copy the submitter starts with no lock held runs to
     * completion on its thread when the copier is idle ({@link #startCopyHere}).
     */
    final boolean runToCompletion;
    /** A handover suspends the origin device internally around the swap (b735fede). */
    private final boolean handoverQuiescesOrigin;
    /** With no origin target, a handover suspends the merge target's device and stops its merge (09ee96b2). */
    private final boolean handoverStopsMerge;

    private final AtomicLong tableEvents = new AtomicLong();
    private volatile boolean destroyed;

    // Callbacks built once so that the I/O path allocates nothing.
    private final CopyCallback copyCallback = this::copyDone;
    private final CopyCallback zeroCallback = this::zeroDone;
    private final CommitCallback commitCallback = this::committed;
    private final BioEndIo fullBioEndIo = this::fullBioDone;
    /** Asked by the copier with the role held, when the in-order stage is the asker's alone. */
    private final Copier.IdleCheck orderIdle = this::nothingParked;
    private final long[] usage = new long[3];   // status INFO only, under the exclusive lock

    Snapshot(final SnapshotConstructor c)
    {
        this.origins = c.origins;
        this.ti = c.ti;
        this.log = c.origins.log;
        this.origin = c.origin;
        this.cow = c.cow;
        this.features = c.features;
        this.isMergeTarget = c.isMergeTarget;
        this.lengthSectors = c.ti.length();
        this.store = c.store;
        this.userspaceSupportsOverflow = c.store.userspaceSupportsOverflow();
        this.complete = c.complete;
        this.pending = c.pending;
        final EngineConfig config = c.config;
        this.locking = config.locking() == Locking.FINE
            ? new FineChunkLocking(this) : new GlobalChunkLocking();
        this.throttle = CowThrottle.create(config.throttle(), c.parameters.cowThresholdParameter());
        this.order = CompletionOrder.create(config.commitOrder(), this::completeException);
        this.completion = PendingCompletion.create(config.completeOrder());
        this.pool = new PendingExceptionPool(this, c.pending);
        this.copier = c.copier;
        this.hooks = c.origins.hooks();
        this.recheckComplete = config.recheckComplete() == RecheckComplete.RECHECK;
        this.originRechecksPendingFirst = config.originRecheck() == OriginRecheck.PENDING_FIRST;
        this.trackPassdown = config.passdownTracking() == PassdownTracking.ON;
        this.trackReads = config.readTracking() == ReadTracking.ON;
        this.freePeEarly = config.peFree() == PeFree.EARLY;
        this.fullChunkWriteSkipsCopy = config.fullChunkWrite() == FullChunkWrite.SKIP_ORIGIN_READ;
        this.commitCopyErrors = config.copyErrorCommit() == CopyErrorCommit.COMMIT_INVALID;
        this.handoverQuiescesOrigin = config.handoverQuiesce() == HandoverQuiesce.SUSPEND_ORIGIN;
        this.runToCompletion = config.copyCompletion() == CopyCompletion.SUBMITTER_WHEN_IDLE;
        this.handoverStopsMerge = config.handoverMergeStop() == HandoverMergeStop.STOP_RESTART;
        this.merge = c.isMergeTarget ? new SnapshotMerge(this, config) : null;
    }

    /** The mapped device this target belongs to. */
    public String name()
    {
        final MappedDevice md = ti.mappedDevice();
        return md == null ? "snapshot" : md.name();
    }

    // ================================================================== map (snapshot_map)

    @Override
    public int map(final Bio bio)
    {
        final BioOp op = bio.op();
        if (op == BioOp.FLUSH)
        {
            bio.device(cow);   // flushes only the COW; no metadata is written (494b3ee7)
            return DmMapResult.REMAPPED;
        }
        final ChunkGeometry geometry = store.geometry();
        final long chunk = bio.sector() >>> geometry.shift();
        if (!valid)
        {
            return DmMapResult.KILL;
        }
        final boolean writeDirection = op.isWriteDirection();
        if (writeDirection && throttle.waitsBeforeLocking())
        {
            while (throttle.waitForInProgress(null))
            {
                Thread.onSpinWait();   // slept: check again before taking any lock
            }
        }
        locking.lockChunk(chunk);
        if (!valid || (snapshotOverflowed && writeDirection))
        {
            locking.unlockChunk(chunk);
            return DmMapResult.KILL;
        }
        if (op == BioOp.DISCARD && features.discardPassdownOrigin() && bio.targetBioNr != 0)
        {
            // Passdown copy: straight to the origin device, tracked, without any COW (snapshot_map with
            // discard_passdown_origin, 2e602385): an origin write to the chunk waits for it (S18).
            bio.device(origin);
            if (trackPassdown)
            {
                tracked.track(bio, chunk);
            }
            locking.unlockChunk(chunk);
            return DmMapResult.REMAPPED;
        }
        final long cowChunk = complete.lookup(chunk);
        if (cowChunk != CompleteTable.NOT_FOUND)
        {
            remap(bio, cowChunk, geometry);
            if (op == BioOp.DISCARD && bio.sectors() == geometry.sectors())
            {
                locking.unlockChunk(chunk);
                zeroException(bio, cowChunk);
                return DmMapResult.SUBMITTED;
            }
            locking.unlockChunk(chunk);
            return DmMapResult.REMAPPED;
        }
        if (op == BioOp.DISCARD)
        {
            // No copy yet: never trigger one for a discard; it is a no-op.
            locking.unlockChunk(chunk);
            bio.complete(BlkStatus.OK);
            return DmMapResult.SUBMITTED;
        }
        if (op == BioOp.WRITE)
        {
            return mapWriteNeedingCopy(bio, chunk, geometry);
        }
        // READ of a chunk that is not copied yet (state A or B): served by the origin, tracked
        // so that the copy's completion waits for it before releasing origin writes.
        bio.device(origin);
        if (trackReads)
        {
            tracked.track(bio, chunk);
        }
        locking.unlockChunk(chunk);
        return DmMapResult.REMAPPED;
    }

    /** A write to a chunk without a complete record; called with the chunk locked, returns unlocked. */
    private int mapWriteNeedingCopy(final Bio bio, final long chunk, final ChunkGeometry geometry)
    {
        PendingException pe = (PendingException) pending.lookup(chunk);
        if (pe == null)
        {
            pe = findPendingException(chunk, false);
            if (pe == INVALID_MEANWHILE)
            {
                locking.unlockChunk(chunk);
                return DmMapResult.KILL;
            }
            if (pe == STORE_FULL)
            {
                locking.unlockChunk(chunk);
                storeFullOnSnapshotWrite();
                return DmMapResult.KILL;
            }
            if (pe == COMPLETED_MEANWHILE)
            {
                final long cowChunk = complete.lookup(chunk);
                remap(bio, cowChunk, geometry);
                locking.unlockChunk(chunk);
                return DmMapResult.REMAPPED;
            }
        }
        remap(bio, pe.newChunk, geometry);
        if (!pe.started && bio.sectors() == geometry.sectors() && fullChunkWriteSkipsCopy)
        {
            pe.started = true;
            locking.unlockChunk(chunk);
            startFullBio(pe, bio);
            return DmMapResult.SUBMITTED;
        }
        pe.snapshotBios.add(bio);
        if (!pe.started)
        {
            pe.started = true;
            locking.unlockChunk(chunk);
            startCopyHere(pe);   // no lock held: the copy may run to completion on this thread
        }
        else
        {
            locking.unlockChunk(chunk);
        }
        return DmMapResult.SUBMITTED;
    }

    private void remap(final Bio bio, final long cowChunk, final ChunkGeometry geometry)
    {
        bio.remap(cow, (cowChunk << geometry.shift()) + (bio.sector() & geometry.mask()));
    }

    /** Store full during a snapshot write: overflow with PO, else invalidate ({@code snapshot_map}, 76c44f6d). */
    private void storeFullOnSnapshotWrite()
    {
        locking.lockExclusive();
        try
        {
            if (userspaceSupportsOverflow)
            {
                if (valid && !snapshotOverflowed)
                {
                    snapshotOverflowed = true;
                    log.err("snapshots: Snapshot overflowed: Unable to allocate exception.");
                }
            }
            else
            {
                invalidateLocked(Errno.ENOMEM);
            }
        }
        finally
        {
            locking.unlockExclusive();
        }
    }

    // ================================================================== pending exceptions (__find_pending_exception)

    /** Returned by {@link #findPendingException}: a complete record appeared meanwhile (state D). */
    private static final PendingException COMPLETED_MEANWHILE = new PendingException(null);
    /** Returned by {@link #findPendingException}: the snapshot became invalid meanwhile. */
    private static final PendingException INVALID_MEANWHILE = new PendingException(null);
    /** Returned by {@link #findPendingException}: the store has no free chunk. */
    private static final PendingException STORE_FULL = new PendingException(null);

    /**
     * {@code __find_pending_exception}: with the chunk locked and no pending record found, drop the
     * bucket locks, allocate, re-take them and re-check. Returns a pending exception (new, or
     * another thread's) or one of the markers {@link #COMPLETED_MEANWHILE},
     * {@link #INVALID_MEANWHILE}, {@link #STORE_FULL}. Returns with the chunk still locked.
     *
     * <p>The re-check order differs by path, as in the kernel. {@code snapshot_map} looks up
     * complete first: a chunk copied meanwhile is remapped to its COW chunk. {@code __origin_write}
     * looks up pending first: while the bucket locks were dropped the chunk may have reached state
     * C, its complete record inserted but its pending exception still waiting in
     * {@code pending_complete} for snapshot reads sent to the origin; the origin write must queue on
     * that exception, or it would overwrite the origin under those reads (S43).
     *
     * @param originWrite whether the caller is the origin write path
     */
    private PendingException findPendingException(final long chunk, final boolean originWrite)
    {
        locking.unlockBuckets(chunk);
        if (hooks != null)
        {
            hooks.at(SnapshotHooks.Point.AFTER_DROP_BUCKET_LOCK_BEFORE_ALLOC, this, chunk);
        }
        final PendingException pe = pool.alloc();
        locking.lockBuckets(chunk);
        if (!valid)
        {
            pool.free(pe);
            return INVALID_MEANWHILE;
        }
        if (originWrite && originRechecksPendingFirst)
        {
            final PendingException other = (PendingException) pending.lookup(chunk);   // state B or C
            if (other != null)
            {
                pool.free(pe);
                return other;
            }
        }
        if (recheckComplete && complete.lookup(chunk) != CompleteTable.NOT_FOUND)
        {
            pool.free(pe);   // the re-check of 35bf659b: never two exceptions for one chunk
            return COMPLETED_MEANWHILE;
        }
        final PendingException other = (PendingException) pending.lookup(chunk);
        if (other != null)
        {
            pool.free(pe);
            return other;
        }
        pe.init(chunk);
        allocationLock.lock();
        final long newChunk = store.prepareException(chunk);
        if (newChunk == ExceptionStore.FULL)
        {
            allocationLock.unlock();
            pool.free(pe);
            return STORE_FULL;
        }
        pe.newChunk = newChunk;
        pe.sequence = startSequence++;
        allocationLock.unlock();
        pending.insert(pe);
        return pe;
    }

    /**
     * Origin write, one snapshot, one chunk (the body of the loop in {@code __origin_write}).
     * Returns the pending exception to wait on with the chunk still locked, or null (nothing to do
     * for this snapshot; unlocked).
     */
    PendingException pendingForOriginWrite(final long chunk)
    {
        locking.lockChunk(chunk);
        if (!valid || !active)
        {
            locking.unlockChunk(chunk);
            return null;
        }
        PendingException pe = (PendingException) pending.lookup(chunk);   // pending first: state C waits
        if (pe != null)
        {
            return pe;
        }
        if (complete.lookup(chunk) != CompleteTable.NOT_FOUND)
        {
            locking.unlockChunk(chunk);
            return null;
        }
        pe = findPendingException(chunk, true);
        if (pe == STORE_FULL)
        {
            locking.unlockChunk(chunk);
            invalidate(Errno.ENOMEM);   // origin writes always invalidate, PO or not
            return null;
        }
        if (pe == COMPLETED_MEANWHILE || pe == INVALID_MEANWHILE)
        {
            locking.unlockChunk(chunk);
            return null;
        }
        return pe;
    }

    // ================================================================== copies (start_copy, start_full_bio)

    /**
     * Queue the copy origin -> COW for {@code pe} on the copier; no snapshot lock may be held
     * ({@code _origins_lock} may: the origin write path starts copies under it).
     */
    void startCopy(final PendingException pe)
    {
        final ChunkGeometry geometry = store.geometry();
        final long src = pe.oldChunk() << geometry.shift();
        final long count = Math.min(geometry.sectors(), origin.sizeSectors() - src);
        throttle.accountStartCopy();
        copier.copy(origin, src, count, cow, pe.newChunk << geometry.shift(), copyCallback, pe);
    }

    /**
     * Start the copy for {@code pe} from a submitter that holds no lock at all: neither a snapshot
     * lock nor {@code _origins_lock}. With run-to-completion it may perform the copy and the whole
     * completion on this thread; else as {@link #startCopy}.
     */
    void startCopyHere(final PendingException pe)
    {
        throttle.accountStartCopy();
        copyAccountedHere(pe);
    }

    /**
     * The copy of {@code pe}, whose throttle start is already accounted ({@code doOrigin} counts it
     * under {@code _origins_lock}, where {@link #startCopy} would, then calls this after releasing
     * the lock). No lock may be held by the caller.
     *
     * <p>Run-to-completion ({@code copyCompletion=SUBMITTER_WHEN_IDLE}). When the copier is idle the
     * calling thread takes the copier role ({@link Copier#tryCopyHere}) and runs, in this order and on
     * this thread: the copy, {@link #copyDone} (the in-order stage, the store commit,
     * {@code pending_complete}, which releases this very bio and any other waiting on {@code pe}),
     * and the throttle's end. Why that keeps the copier thread's guarantees:
     * <ul>
     *   <li>single-threaded callbacks, {@code CompletionOrder} and the store's commit state: they are
     *       only ever run by the role's holder, and the role is a mutex (see {@code Kcopyd});</li>
     *   <li>the lock order: the caller holds no lock, so every lock {@code pending_complete} and the
     *       retried origin writes take is taken from the top of the order, as on the copier thread;
     *       no lock is held while copying; {@code _origins_lock} in particular is not held, so the
     *       origin writes that {@code releaseBios} retries through {@code doOrigin} take it afresh
     *       (taking it again on top of a held read side would deadlock behind a waiting writer);</li>
     *   <li>the pending exception: {@code started} was set under the chunk lock by this thread,
     *       so no other thread copies it; its bio lists are detached only after its pending record
     *       left the table under the bucket lock, exactly as on the copier thread;</li>
     *   <li>the COW throttle counts the copy from before it is handed over to the end of its
     *       callback, as for a queued copy;</li>
     *   <li>re-entrancy: whatever the completion submits (retried origin writes, snapshot bios that a
     *       synchronous device completes and whose owner submits again) reaches this method or
     *       {@link Copier#copy} with the role already held by this thread: {@code tryCopyHere} fails
     *       its CAS and the copy is queued, so nothing recurses;</li>
     *   <li>ordering: {@code tryCopyHere} runs only when no copier job is in flight and nothing is
     *       parked in the in-order stage ({@link #nothingParked}, asked with the role held), so
     *       this copy's callback is the next the stage could commit unless an earlier exception's copy
     *       has not been submitted yet, in which case it parks, as on the copier thread.</li>
     * </ul>
     */
    void copyAccountedHere(final PendingException pe)
    {
        final ChunkGeometry geometry = store.geometry();
        final long src = pe.oldChunk() << geometry.shift();
        final long count = Math.min(geometry.sectors(), origin.sizeSectors() - src);
        final long dst = pe.newChunk << geometry.shift();
        if (!runToCompletion || !copier.tryCopyHere(origin, src, count, cow, dst, copyCallback, pe, orderIdle))
        {
            copier.copy(origin, src, count, cow, dst, copyCallback, pe);
        }
    }

    /** Role holder (the in-order stage is its own): true when no finished copy waits for a predecessor. */
    private boolean nothingParked()
    {
        return order.parked() == 0;
    }

    /**
     * Full-chunk snapshot write (a6e50b40): write the bio to the new COW chunk, no origin read. No
     * lock may be held. With run-to-completion, a bio that completes before its submit returns (a
     * synchronous device) leaves the copy callback to this thread, which runs it here when the
     * copier is idle ({@link Copier#doCallbackHere}); the same guarantees as for a copy hold (see
     * {@link #copyAccountedHere}), and the callback never runs inside the device's completion.
     */
    private void startFullBio(final PendingException pe, final Bio bio)
    {
        pe.fullBio = bio;
        pe.fullBioEndIo = bio.endIo();
        pe.fullBioOwner = bio.owner();
        throttle.accountStartCopy();
        pe.fullBioJob = copier.prepareCallback(copyCallback, pe);
        bio.endIo(fullBioEndIo, pe);
        if (!runToCompletion)
        {
            bio.submit();
            return;
        }
        pe.fullBioSubmitting();
        bio.submit();
        if (pe.fullBioLeftToSubmitter())
        {
            copier.doCallbackHere(pe.fullBioJob, 0, pe.fullBioStatus == BlkStatus.OK ? 0 : 1, orderIdle);
        }
    }

    private void fullBioDone(final Bio bio, final int status)
    {
        final PendingException pe = (PendingException) bio.owner();
        if (runToCompletion && pe.fullBioDoneForSubmitter(status))
        {
            return;   // the submitter is still in submit and runs the callback after it
        }
        copier.doCallback(pe.fullBioJob, 0, status == BlkStatus.OK ? 0 : 1);
    }

    /** {@code copy_callback}: copier thread. */
    private void copyDone(final int readErr, final long writeErr, final Object context)
    {
        final PendingException pe = (PendingException) context;
        pe.copyError = readErr != 0 || writeErr != 0;
        order.copyDone(pe);
        throttle.accountEndCopy();   // counts copies in flight, even for a parked exception
    }

    /** {@code complete_exception}: hand a copied exception to the store (copier thread, in order). */
    void completeException(final PendingException pe)
    {
        if (pe.copyError && !commitCopyErrors)
        {
            // Pre-385277bf: the store never sees the commit matching its prepare.
            completion.pendingComplete(pe, false);
            return;
        }
        store.commitException(pe.oldChunk(), pe.newChunk, !pe.copyError, commitCallback, pe);
    }

    private void committed(final Object context, final boolean success)
    {
        final PendingException pe = (PendingException) context;
        if (hooks != null)
        {
            hooks.at(SnapshotHooks.Point.BEFORE_PENDING_COMPLETE, this, pe.oldChunk());
        }
        completion.pendingComplete(pe, success);
    }

    /**
     * The tail of {@code pending_complete} (22aa66a3: bios released, origin writes retried, the exception freed last), after the pending record left
     * the table: release the waiting bios, retry the origin writes, free the exception last.
     * Copier thread only. With {@code peFree=EARLY} (before 22aa66a3) the exception is freed
     * first; the destructor may then finish while this code still uses the snapshot, and every
     * such use is recorded as a use after free.
     */
    void releaseBios(final PendingException pe, final boolean error)
    {
        final long chunk = pe.oldChunk();
        final Bio full = pe.fullBio;
        if (full != null)
        {
            full.endIo(pe.fullBioEndIo, pe.fullBioOwner);
            pe.fullBio = null;
        }
        Bio snapshotBios = pe.snapshotBios.detach();
        Bio originBios = pe.originBios.detach();
        origins.pendingExceptionDone();
        if (freePeEarly)
        {
            pool.free(pe);
            if (hooks != null)
            {
                hooks.at(SnapshotHooks.Point.AFTER_EARLY_FREE_PE, this, chunk);
            }
            checkAlive("pending_complete after an early free");
        }
        if (full != null)
        {
            full.complete(error ? BlkStatus.IOERR : BlkStatus.OK);
        }
        while (snapshotBios != null)
        {
            final Bio b = snapshotBios;
            snapshotBios = b.takeNext();
            if (error)
            {
                b.complete(BlkStatus.IOERR);
            }
            else
            {
                b.submit();
            }
        }
        while (originBios != null)
        {
            final Bio b = originBios;
            originBios = b.takeNext();
            // Re-run the origin write through every snapshot, without throttling: this is the
            // copier thread, and sleeping here could deadlock.
            if (origins.doOrigin(b, false) == DmMapResult.REMAPPED)
            {
                b.submit();
            }
        }
        if (!freePeEarly)
        {
            if (hooks != null)
            {
                hooks.at(SnapshotHooks.Point.BEFORE_FREE_PE, this, chunk);
            }
            pool.free(pe);   // last: the destructor may free everything once the count reaches 0
        }
        else
        {
            checkAlive("retry of origin bios after an early free");
        }
    }

    /** Record a use after free when this snapshot's destructor already finished. */
    private void checkAlive(final String what)
    {
        if (destroyed)
        {
            origins.recordUseAfterFree(this, what);
        }
    }

    // ================================================================== discards (zero_exception; 2e602385, 3ee25485)

    private void zeroException(final Bio bio, final long cowChunk)
    {
        throttle.accountStartCopy();
        final ChunkGeometry geometry = store.geometry();
        copier.zero(cow, cowChunk << geometry.shift(), geometry.sectors(), zeroCallback, bio);
    }

    private void zeroDone(final int readErr, final long writeErr, final Object context)
    {
        throttle.accountEndCopy();
        ((Bio) context).complete(readErr != 0 || writeErr != 0 ? BlkStatus.IOERR : BlkStatus.OK);
    }

    @Override
    public int endIo(final Bio bio, final int status)
    {
        if (bio.trackedChunk >= 0)
        {
            tracked.untrack(bio);
        }
        return status;
    }

    // ================================================================== invalidation (__invalidate_snapshot)

    void invalidate(final int err)
    {
        locking.lockExclusive();
        try
        {
            invalidateLocked(err);
        }
        finally
        {
            locking.unlockExclusive();
        }
    }

    /** {@code __invalidate_snapshot}; caller holds the state lock exclusively. */
    void invalidateLocked(final int err)
    {
        if (!valid)
        {
            return;
        }
        log.err("snapshots: Invalidating snapshot: "
            + (err == Errno.ENOMEM ? "Unable to allocate exception." : "Error reading/writing."));
        store.dropSnapshot();
        valid = false;
        tableEvents.incrementAndGet();
        // dm_table_event: dmsetup wait and dmeventd see the invalidation. The kernel raises no
        // event for an overflow (snapshot_map only sets snapshot_overflowed), so neither does this.
        if (ti.mappedDevice() != null)
        {
            ti.tableEvent();
        }
    }

    // ================================================================== lifecycle (snapshot_preresume, snapshot_resume, snapshot_dtr)

    @Override
    public void preresume() throws DmException
    {
        origins.read.lock();
        try
        {
            final Origins.CowSharing sh = origins.findSnapshotsSharingCow(this);
            if (sh.source() != null && sh.dest() != null)
            {
                if (sh.source() == this)
                {
                    log.err("snapshots: Unable to resume snapshot source until handover completes.");
                    throw new DmException("Unable to resume snapshot source until handover completes.");
                }
                final MappedDevice src = sh.source().ti.mappedDevice();
                if (src != null && !src.isSuspended())
                {
                    log.err("snapshots: Unable to perform snapshot handover until source is suspended.");
                    throw new DmException("Unable to perform snapshot handover until source is suspended.");
                }
            }
        }
        finally
        {
            origins.read.unlock();
        }
    }

    @Override
    public void resume()
    {
        // 1. Find the device whose origin I/O must be quiesced for a handover (b735fede): the
        // origin target, or with none the merge target of this origin (09ee96b2).
        MappedDevice quiesce = null;
        SnapshotMerge mergeToStop = null;
        origins.read.lock();
        try
        {
            final OriginTarget ot = origins.originTarget(origin);
            if (ot != null)
            {
                quiesce = ot.ti.mappedDevice();
            }
            else if (handoverStopsMerge)
            {
                final Snapshot m = origins.mergingSnapshot(origin);
                if (m != null)
                {
                    quiesce = m.ti.mappedDevice();
                    mergeToStop = m.merge;
                }
            }
            if (quiesce == ti.mappedDevice())
            {
                quiesce = null;
                mergeToStop = null;
            }
        }
        finally
        {
            origins.read.unlock();
        }
        final Origins.CowSharing pair = handoverPair();
        if (pair == null || !handoverQuiescesOrigin)
        {
            quiesce = null;   // nothing to hand over (or the pre-b735fede variant): origin I/O keeps running
            mergeToStop = null;
        }
        boolean restartMerge = false;
        if (quiesce != null)
        {
            // 2. Without _origins_lock: hold the device's I/O, then stop its merge (the step in
            // flight finishes first, releasing the writes it queued).
            quiesce.suspendInternal();
            restartMerge = mergeToStop != null && mergeToStop.stop();
        }
        try
        {
            if (pair != null)
            {
                origins.read.lock();
                try
                {
                    final Origins.CowSharing sh = origins.findSnapshotsSharingCow(this);
                    if (sh.source() != null && sh.dest() != null)
                    {
                        handover(sh.source(), sh.dest());
                    }
                }
                finally
                {
                    origins.read.unlock();
                }
            }
            // Re-sort by the final chunk size and go active BEFORE origin I/O flows again. The
            // kernel resumes the origin first (snapshot_resume after b735fede) and relies on its deferred bios
            // being resubmitted later from a workqueue; here a resume resubmits held bios at once
            // on this thread, and a held origin write would find the source already invalid and
            // this instance not yet active: it would skip both and overwrite uncopied data.
            origins.reregister(this);
            locking.lockExclusive();
            active = true;
            locking.unlockExclusive();
        }
        finally
        {
            if (restartMerge)
            {
                mergeToStop.start();
            }
            if (quiesce != null)
            {
                quiesce.resumeInternal();
            }
        }
    }

    private Origins.CowSharing handoverPair()
    {
        origins.read.lock();
        try
        {
            final Origins.CowSharing sh = origins.findSnapshotsSharingCow(this);
            return sh.source() != null && sh.dest() != null ? sh : null;
        }
        finally
        {
            origins.read.unlock();
        }
    }

    /** {@code __handover_exceptions}: source lock, then destination lock, both exclusive. */
    private static void handover(final Snapshot src, final Snapshot dest)
    {
        src.locking.lockExclusive();
        dest.locking.lockExclusive();
        try
        {
            final CompleteTable t = src.complete;
            src.complete = dest.complete;
            dest.complete = t;
            final ExceptionStore st = src.store;
            src.store = dest.store;
            dest.store = st;
            dest.ti.maxIoLen(dest.store.chunkSize());   // the geometry moved with the store
            dest.valid = src.valid;
            dest.snapshotOverflowed = src.snapshotOverflowed;
            src.valid = false;
        }
        finally
        {
            dest.locking.unlockExclusive();
            src.locking.unlockExclusive();
        }
    }

    @Override
    public void destroy()
    {
        origins.read.lock();
        try
        {
            final Origins.CowSharing sh = origins.findSnapshotsSharingCow(this);
            if (sh.source() == this && sh.dest() != null)
            {
                final Snapshot dest = sh.dest();
                dest.locking.lockExclusive();
                dest.valid = false;
                dest.locking.unlockExclusive();
                log.err("snapshots: Cancelling snapshot handover.");
            }
        }
        finally
        {
            origins.read.unlock();
        }
        origins.unregister(this);
        while (pool.outstanding() > 0)
        {
            LockSupport.parkNanos(1_000_000L);   // in-flight exceptions of a removed snapshot (879129d2)
        }
        // From here on the kernel frees the snapshot's state: nothing may touch it any more.
        // (Java would not crash on a late access, so late accesses are counted instead.)
        destroyed = true;
        throttle.close();
        copier.close();
        complete.close();
        pending.close();
        store.close();
        if (throttle.inFlight() != 0)
        {
            log.warn("snapshots: COW throttle still counts " + throttle.inFlight() + " copies in flight");
        }
    }

    /**
     * The origin from sector 0, for the target's length ({@code snapshot_iterate_devices}); the
     * kernel also visits the whole COW device, an area that always fits, so it is left out.
     */
    @Override
    public void iterateDevices(final DeviceArea fn) throws DmException
    {
        fn.visit(origin, 0, lengthSectors);
    }

    // ================================================================== status (snapshot_status)

    @Override
    public String status(final StatusType type)
    {
        if (type == StatusType.TABLE)
        {
            // No snapshot lock: asking for the table of a suspended device must never block (94e76572).
            return origin.name() + " " + cow.name() + " " + store.typeName()
                + (userspaceSupportsOverflow ? "O" : "") + " " + store.chunkSize() + features.status();
        }
        if (type == StatusType.IMA)
        {
            // snapshot_status's IMA branch reads the flags without the snapshot lock; they are volatile here.
            return StatusType.imaNameVersion(ti.type()) + ",snap_origin_name=" + origin.name()
                + ",snap_cow_name=" + cow.name() + ",snap_valid=" + yesNo(valid)
                + ",snap_merge_failed=" + yesNo(mergeFailed) + ",snapshot_overflowed=" + yesNo(snapshotOverflowed) + ";";
        }
        locking.lockExclusive();
        try
        {
            if (!valid)
            {
                return "Invalid";
            }
            if (mergeFailed)
            {
                return "Merge failed";
            }
            if (snapshotOverflowed)
            {
                return "Overflow";
            }
            store.usage(usage);
            return Long.toUnsignedString(usage[0]) + "/" + Long.toUnsignedString(usage[1]) + " "
                + Long.toUnsignedString(usage[2]);
        }
        finally
        {
            locking.unlockExclusive();
        }
    }

    private static char yesNo(final boolean flag)
    {
        return flag ? 'y' : 'n';
    }

    // ================================================================== introspection

    /** Snapshot of counters and state for tools, tests and watchdog dumps. */
    public SnapshotStats stats()
    {
        return new SnapshotStats(name(), valid, active, snapshotOverflowed, store.chunkSize(), pool.outstanding(),
            throttle.inFlight(), throttle.peakInFlight(), throttle.waiters(), throttle.limit(), order.parked(),
            tracked.count(), copier.jobsInFlight(), copier.peakJobsInFlight(), copierBytes(), tableEvents.get(),
            locking.lockWaits(), copier instanceof Kcopyd ? ((Kcopyd) copier).copiesRunHere() : 0);
    }

    /** What this snapshot's copier client holds in the kernel's terms now (see {@code CopierMemory}). */
    private long copierBytes()
    {
        return copier instanceof Kcopyd ? ((Kcopyd) copier).accountedBytes() : 0;
    }

    /**
     * One line per lock and queue: who holds and waits for what (watchdog dumps). {@code seq=a/c}
     * is the next sequence number to allocate and the next one the in-order stage commits: equal
     * when every allocated exception got past its copy, smaller c with nothing parked when a copy
     * never came back; {@code storePending} counts prepared exceptions the store has not made
     * durable (see {@link ExceptionStore#pendingCount()}). Both are read without their locks: a
     * dump must not wait, and a stale value only misleads a running snapshot, not a stuck one.
     */
    public String describeState()
    {
        return name() + ": " + locking.describe() + "; " + throttle.describe() + "; pending=" + pool.outstanding()
            + " parked=" + order.parked() + " seq=" + startSequence + "/" + order.completeSequence()
            + " storePending=" + store.pendingCount() + " tracked=" + tracked.count()
            + " copierJobs=" + copier.jobsInFlight() + "; " + origins.describeLock()
            + (pool.outstanding() > 0 ? "\n    outstanding:" + pool.describeOutstanding(8) : "");
    }

    public boolean isValid()
    {
        return valid;
    }

    public boolean isActive()
    {
        return active;
    }

    public boolean isOverflowed()
    {
        return snapshotOverflowed;
    }

    public boolean isDestroyed()
    {
        return destroyed;
    }

    /** The chunk size of the current store, in sectors. */
    public int chunkSize()
    {
        return store.chunkSize();
    }

    public ExceptionStore store()
    {
        return store;
    }

    /** Buckets of the complete table (for sizing tests). */
    public int completeBuckets()
    {
        return complete.buckets();
    }

    public int pendingBuckets()
    {
        return pending.buckets();
    }

    /** COW chunk of {@code chunk} if it is remapped, else -1 (takes the chunk's locks). */
    public long lookup(final long chunk)
    {
        locking.lockChunk(chunk);
        try
        {
            return complete.lookup(chunk);
        }
        finally
        {
            locking.unlockChunk(chunk);
        }
    }

    /** Visit all complete records (old, new, extra consecutive); only while the snapshot is idle. */
    public void forEachRecord(final CompleteTable.RecordVisitor visitor)
    {
        complete.forEachRecord(visitor);
    }

    /** Number of table events raised (invalidation). */
    public long tableEvents()
    {
        return tableEvents.get();
    }
}
