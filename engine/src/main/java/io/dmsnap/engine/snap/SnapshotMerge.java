package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioList;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.concurrent.LockClass;
import io.dmsnap.engine.concurrent.LockDep;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches.MergeFlush;
import io.dmsnap.engine.config.Switches.MergeProtect;
import io.dmsnap.engine.config.Switches.MergeRuns;
import io.dmsnap.engine.config.Switches.MergeWriteGuard;
import io.dmsnap.engine.copy.CopyCallback;
import io.dmsnap.engine.dm.DmMapResult;
import io.dmsnap.engine.exception.CompleteTable;
import io.dmsnap.engine.store.ChunkGeometry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The merge of one {@code snapshot-merge} target's snapshot back into its origin ({@code start_merge},
 * {@code stop_merge}, {@code snapshot_merge_next_chunks}, {@code merge_callback}, {@code origin_write_extent}):
 * the exceptions are taken from the end of the store a run of consecutive chunks at a time, each
 * run copied COW to origin by one copier job, the origin flushed, the run forgotten by the store
 * and then by the in-memory table, and the writes that waited for the run released.
 *
 * <p>Threads. {@link #start} runs the first step on the calling control thread (a resume); every
 * later step runs on the merging snapshot's copier thread, from the copy callback, so at most one
 * copy is in flight and the store's merge calls never run concurrently: the first step runs only
 * while {@code running} was clear, and the copier's job queue orders it before the callback.
 * {@link #stop} is called on control threads (presuspend, destructor, a handover of another
 * snapshot) and waits for the step in flight. {@link #queue} and {@link #isMerging} run in the
 * merge target's map, on submitters, with the snapshot's state lock held exclusively.
 *
 * <p>State. {@code running} and {@code shutdown} are the kernel's {@code RUNNING_MERGE} and
 * {@code SHUTDOWN_MERGE} bits: volatile, changed under this object's monitor (a leaf: nothing is
 * taken while it is held; {@link #stop} waits on it). The merging range and the queued writes are
 * guarded by the snapshot's state lock held exclusively. The current run ({@code runOld},
 * {@code runCount}) and the counters' writers belong to the thread running the step.
 */
final class SnapshotMerge
{
    /** The monitor of {@code RUNNING_MERGE}/{@code SHUTDOWN_MERGE}: a leaf. */
    static final LockClass MERGE_STATE = LockClass.named("merge state (RUNNING_MERGE)");

    private final Snapshot s;
    private final boolean flushOrigin;
    private final boolean protectOthers;
    private final boolean runs;
    private final boolean guardWrites;
    private final CopyCallback mergeCallback = this::mergeDone;
    private final long[] lastOldNew = new long[2];
    /** Reused by the origin flush of every step: the step's thread only, one flush at a time. */
    private final SyncIo.Waiter flushWaiter = new SyncIo.Waiter();
    private final Bio flushBio = new Bio();

    private volatile boolean running;    // RUNNING_MERGE; written under this monitor
    private volatile boolean shutdown;   // SHUTDOWN_MERGE; written under this monitor

    // Guarded by the snapshot's state lock held exclusively.
    private long firstMergingChunk;
    private int numMergingChunks;
    private final BioList queued = new BioList();

    // The run in flight: written by the step that issues the copy, read by its callback (the
    // copier's job hand-off orders the two).
    private long runOld;
    private int runCount;

    private final AtomicLong copyJobs = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong chunksMerged = new AtomicLong();
    private final AtomicLong largestRun = new AtomicLong();
    private final AtomicLong protectWaits = new AtomicLong();
    private final AtomicLong originFlushes = new AtomicLong();
    private volatile boolean completed;

    SnapshotMerge(final Snapshot s, final EngineConfig config)
    {
        this.s = s;
        this.flushOrigin = config.mergeFlush() == MergeFlush.FLUSH_ORIGIN;
        this.protectOthers = config.mergeProtect() == MergeProtect.TRIGGER_COW;
        this.runs = config.mergeRuns() == MergeRuns.RUNS;
        this.guardWrites = config.mergeWriteGuard() == MergeWriteGuard.QUEUE_AND_TRACK;
    }

    // ================================================================== control (start_merge, stop_merge)

    /**
     * {@code start_merge}: when no merge runs, mark it running and run the first step in this
     * thread (it may wait for the other snapshots' copies). Control thread.
     */
    void start()
    {
        LockDep.acquire(MERGE_STATE);
        try
        {
            synchronized (this)
            {
                if (running)
                {
                    return;
                }
                running = true;
            }
        }
        finally
        {
            LockDep.release(MERGE_STATE);
        }
        nextChunks();
    }

    /**
     * {@code stop_merge}: ask the merge to stop at its next step and wait until it did. Returns
     * whether a merge was running (a handover restarts it afterwards). Control thread.
     */
    boolean stop()
    {
        LockDep.acquire(MERGE_STATE);
        try
        {
            synchronized (this)
            {
                if (!running)
                {
                    return false;
                }
                shutdown = true;
                boolean interrupted = false;
                while (running)
                {
                    try
                    {
                        wait();
                    }
                    catch (final InterruptedException e)
                    {
                        interrupted = true;   // a stop must not return with a step in flight
                    }
                }
                shutdown = false;
                if (interrupted)
                {
                    Thread.currentThread().interrupt();
                }
                return true;
            }
        }
        finally
        {
            LockDep.release(MERGE_STATE);
        }
    }

    /** {@code merge_shutdown}: the merge stopped (finished, failed or asked to); wake {@link #stop}. */
    private void shutdown()
    {
        LockDep.acquire(MERGE_STATE);
        synchronized (this)
        {
            running = false;
            notifyAll();
        }
        LockDep.release(MERGE_STATE);
    }

    // ================================================================== one step (snapshot_merge_next_chunks)

    private void nextChunks()
    {
        if (shutdown)
        {
            shutdown();
            return;
        }
        if (!s.valid)
        {
            s.log.err("snapshots: Snapshot is invalid: can't merge");
            shutdown();
            return;
        }
        final int found = s.store.prepareMerge(lastOldNew);
        if (found < 0)
        {
            s.log.err("snapshots: Read error in exception store: shutting down merge");
            s.locking.lockExclusive();
            s.mergeFailed = true;
            s.locking.unlockExclusive();
            shutdown();
            return;
        }
        if (found == 0)
        {
            s.log.info("snapshots: Merge complete.");
            completed = true;
            shutdown();
            // The model raises a dm event when the merge ends, so that a waiter (dmsnap merge,
            // dmsetup wait) need not poll the status as lvm2 does.
            s.ti.tableEvent();
            return;
        }
        // 8a2d5286: the whole run of consecutive exceptions at once; before it, one chunk.
        final int n = runs ? found : 1;
        final long old = lastOldNew[0] + 1 - n;
        final long cowChunk = lastOldNew[1] + 1 - n;
        final ChunkGeometry geometry = s.store.geometry();
        final long io = (long) n << geometry.shift();
        final long dest = old << geometry.shift();
        final long count = Math.min(io, s.origin.sizeSectors() - dest);
        if (protectOthers)
        {
            protectOtherSnapshots(dest, io);
        }
        s.locking.lockExclusive();
        firstMergingChunk = old;
        numMergingChunks = n;
        s.locking.unlockExclusive();
        if (guardWrites)
        {
            for (int i = 0; i < n; i++)
            {
                s.tracked.waitForConflictingIo(old + i);   // 17aa0332: writes remapped to the COW
            }
        }
        runOld = old;
        runCount = n;
        copyJobs.incrementAndGet();
        s.copier.copy(s.cow, cowChunk << geometry.shift(), count, s.origin, dest, mergeCallback, null);
    }

    /**
     * 73dfd078: make every other snapshot of the origin copy the chunks the run will overwrite,
     * and wait (on the global done counter) until none of them has a copy in flight there.
     */
    private void protectOtherSnapshots(final long sector, final long sectors)
    {
        long seen = s.origins.pendingExceptionsDone();
        while (s.origins.originWriteExtent(s, sector, sectors))
        {
            protectWaits.incrementAndGet();
            try
            {
                seen = s.origins.awaitPendingExceptionDone(seen);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ================================================================== completion (merge_callback)

    /** {@code merge_callback}: copier thread. */
    private void mergeDone(final int readErr, final long writeErr, final Object context)
    {
        if (readErr != 0 || writeErr != 0)
        {
            s.log.err("snapshots: " + (readErr != 0 ? "Read" : "Write") + " error: shutting down merge.");
            failed();
            return;
        }
        if (flushOrigin)
        {
            // fcc42338: the merged data must be durable on the origin before the store forgets the run.
            originFlushes.incrementAndGet();
            flushBio.init(BioOp.FLUSH, 0, 0, null, 0, null, null);
            flushBio.flags(Bio.REQ_PREFLUSH);
            if (flushWaiter.submitAndWait(s.origin, flushBio) != BlkStatus.OK)
            {
                s.log.err("snapshots: Flush after merge failed: shutting down merge");
                failed();
                return;
            }
        }
        if (s.store.commitMerge(runCount) < 0)
        {
            s.log.err("snapshots: Write error in exception store: shutting down merge");
            failed();
            return;
        }
        commits.incrementAndGet();
        chunksMerged.addAndGet(runCount);
        largestRun.accumulateAndGet(runCount, Math::max);
        Bio release;
        s.locking.lockExclusive();
        try
        {
            // Highest chunk first: a run in the table shrinks from its end, never from the middle.
            for (long chunk = runOld + runCount - 1; chunk >= runOld; chunk--)
            {
                if (s.complete.removeChunk(chunk) == CompleteTable.REMOVE_FROM_MIDDLE)
                {
                    s.log.err("snapshots: Removal of chunk " + chunk + " from the middle of a run is not supported");
                    release = null;
                    failedLocked();
                    return;
                }
            }
            firstMergingChunk = 0;
            numMergingChunks = 0;
            release = queued.detach();
        }
        finally
        {
            s.locking.unlockExclusive();
        }
        // Straight to the origin device: the other snapshots were protected before the copy.
        while (release != null)
        {
            final Bio b = release;
            release = b.takeNext();
            b.submit();
        }
        nextChunks();
    }

    /** The fail path: Merge failed, queued writes fail with EIO, the merge stops; normal I/O continues. */
    private void failed()
    {
        s.locking.lockExclusive();
        try
        {
            failedLocked();
        }
        finally
        {
            s.locking.unlockExclusive();
        }
    }

    /** {@link #failed} with the state lock held exclusively; releases it before completing bios. */
    private void failedLocked()
    {
        s.mergeFailed = true;
        Bio fail = queued.detach();
        firstMergingChunk = 0;
        numMergingChunks = 0;
        s.locking.unlockExclusive();
        try
        {
            while (fail != null)
            {
                final Bio b = fail;
                fail = b.takeNext();
                b.complete(BlkStatus.IOERR);
            }
            shutdown();
        }
        finally
        {
            s.locking.lockExclusive();   // the caller's finally releases it
        }
    }

    // ================================================================== the merge target's map

    /**
     * A write to {@code chunk}, which has a complete record: queue it (pointed at the origin) when
     * the chunk is in the run being merged (9fe86254). Caller holds the state lock exclusively.
     * Returns SUBMITTED when queued, else REMAPPED (the caller sends it to the COW and tracks it).
     */
    int queueIfMerging(final Bio bio, final long chunk)
    {
        if (guardWrites && chunk >= firstMergingChunk && chunk < firstMergingChunk + numMergingChunks)
        {
            bio.device(s.origin);
            queued.add(bio);
            return DmMapResult.SUBMITTED;
        }
        return DmMapResult.REMAPPED;
    }

    /** Whether writes remapped to the COW are tracked so that the merge of their chunk waits (17aa0332). */
    boolean tracksWrites()
    {
        return guardWrites;
    }

    // ================================================================== introspection

    boolean isRunning()
    {
        return running;
    }

    MergeStats stats()
    {
        return new MergeStats(running, completed, s.mergeFailed, copyJobs.get(), commits.get(), chunksMerged.get(),
            largestRun.get(), protectWaits.get(), originFlushes.get());
    }
}
