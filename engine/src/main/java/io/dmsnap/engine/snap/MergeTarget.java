package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.dm.DeviceArea;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.DmMapResult;
import io.dmsnap.engine.dm.StatusType;
import io.dmsnap.engine.dm.Target;
import io.dmsnap.engine.exception.CompleteTable;
import io.dmsnap.engine.store.ChunkGeometry;

/**
 * The {@code snapshot-merge} target: a {@link Snapshot} (same constructor, same status) whose
 * exceptions are merged back into the origin while the target stands in for the origin device
 * ({@code snapshot_merge_map}, {@code snapshot_merge_presuspend}, {@code snapshot_merge_resume}).
 * The merge itself is {@link SnapshotMerge}.
 *
 * <p>A separate target class, so that the snapshot and origin I/O paths carry no merge check:
 * the origin write path skips the merging snapshot through one plain read of its origin's
 * {@code merging} field, and the snapshot's map is not this one.
 *
 * <p>Threads: {@link #map} and {@link #endIo} on submitters and completion threads; every bio
 * takes the snapshot's state lock exclusively, as in the kernel. Lifecycle hooks on the control
 * thread.
 */
public final class MergeTarget implements Target
{
    private final Snapshot s;
    private final SnapshotMerge merge;

    MergeTarget(final Snapshot s)
    {
        this.s = s;
        this.merge = s.merge;
        // Flushes: copy 0 to the origin, copy 1 to the COW (10b8106a). Discards: as the table line's
        // features say (the constructor set them), and map completes them without effect (3ee25485).
        s.ti.numFlushBios(2);
    }

    /** The merging snapshot. */
    public Snapshot snapshot()
    {
        return s;
    }

    /** What the merge has done so far. */
    public MergeStats mergeStats()
    {
        return merge.stats();
    }

    @Override
    public int map(final Bio bio)
    {
        final BioOp op = bio.op();
        if (op == BioOp.FLUSH)
        {
            bio.device(bio.targetBioNr == 0 ? s.origin : s.cow);
            return DmMapResult.REMAPPED;
        }
        if (op == BioOp.DISCARD)
        {
            bio.complete(BlkStatus.OK);   // discards do nothing during a merge (3ee25485)
            return DmMapResult.SUBMITTED;
        }
        final ChunkGeometry geometry = s.store.geometry();
        final long chunk = bio.sector() >>> geometry.shift();
        s.locking.lockExclusive();
        // An invalid snapshot: everything goes to the origin (d2fdb776).
        final long cowChunk = s.valid ? s.complete.lookup(chunk) : CompleteTable.NOT_FOUND;
        if (cowChunk != CompleteTable.NOT_FOUND)
        {
            if (op == BioOp.WRITE && merge.queueIfMerging(bio, chunk) == DmMapResult.SUBMITTED)
            {
                s.locking.unlockExclusive();
                return DmMapResult.SUBMITTED;   // released after the run's commit (9fe86254)
            }
            bio.remap(s.cow, (cowChunk << geometry.shift()) + (bio.sector() & geometry.mask()));
            if (op == BioOp.WRITE && merge.tracksWrites())
            {
                s.tracked.track(bio, chunk);   // the merge of this chunk waits for it (17aa0332)
            }
            s.locking.unlockExclusive();
            return DmMapResult.REMAPPED;
        }
        bio.device(s.origin);
        s.locking.unlockExclusive();
        if (op == BioOp.WRITE)
        {
            // Copy-on-write in the other snapshots, unthrottled; the merging one is skipped.
            return s.origins.doOrigin(bio, false);
        }
        return DmMapResult.REMAPPED;
    }

    @Override
    public int endIo(final Bio bio, final int status)
    {
        return s.endIo(bio, status);
    }

    @Override
    public void presuspend()
    {
        merge.stop();
    }

    @Override
    public void preresume() throws DmException
    {
        s.preresume();
    }

    /** The snapshot's resume (handover), then the origin's minimum chunk size as max I/O, then the merge. */
    @Override
    public void resume()
    {
        s.resume();
        s.ti.maxIoLen(s.origins.minimumChunkSizeOf(s.origin));
        merge.start();
    }

    @Override
    public void iterateDevices(final DeviceArea fn) throws DmException
    {
        s.iterateDevices(fn);
    }

    @Override
    public String status(final StatusType type)
    {
        return s.status(type);
    }

    @Override
    public void destroy()
    {
        merge.stop();
        s.destroy();
    }
}
