package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioEndIo;
import io.dmsnap.engine.block.BioList;
import io.dmsnap.engine.copy.Copier;
import io.dmsnap.engine.exception.PendingEntry;

/**
 * A pending exception ({@code struct dm_snap_pending_exception}): a chunk whose copy into the COW
 * device is in flight (a pending record, with or without the complete record since 65fc7c37), the bios waiting for it, and its place in the
 * in-order commit stage. Objects are pooled per snapshot ({@link PendingExceptionPool}) and reused.
 *
 * <p>Which thread touches what:
 * <ul>
 *   <li>{@code oldChunk}, {@code newChunk}, {@code sequence}: written once under the pending-bucket
 *       lock (and {@code pe_allocation_lock}) before insertion; read-only while inserted.</li>
 *   <li>{@code started}, {@code originBios}, {@code snapshotBios}: guarded by the pending-bucket
 *       lock (GLOBAL: the snapshot lock) while the exception is in the pending table; owned by
 *       the copier thread after {@code pending_complete} removed it.</li>
 *   <li>{@code copyError}, the reorder links: copier thread only.</li>
 *   <li>the full-bio fields: set by the submitter before the bio is issued, read by the copier
 *       thread after the device completed it (the completion publishes them).</li>
 * </ul>
 */
final class PendingException extends PendingEntry
{
    final Snapshot snap;

    long newChunk;
    long sequence;
    boolean started;
    boolean copyError;

    final BioList originBios = new BioList();
    final BioList snapshotBios = new BioList();

    // full-chunk write path (a6e50b40)
    Bio fullBio;
    BioEndIo fullBioEndIo;
    Object fullBioOwner;
    Copier.PreparedCallback fullBioJob;

    // out-of-order structure links (copier thread only)
    PendingException rbLeft;
    PendingException rbRight;
    PendingException rbParent;
    boolean rbRed;
    PendingException listPrev;
    PendingException listNext;

    /** Free-list link of the pool. */
    PendingException poolNext;
    /** Taken from the pool and not given back; written under the pool's lock, read racily by dumps. */
    boolean inUse;

    PendingException(final Snapshot snap)
    {
        this.snap = snap;
    }

    /** Prepare for a new life: called with the buckets held, just before insertion. */
    void init(final long oldChunk)
    {
        this.oldChunk = oldChunk;
        this.newChunk = 0;
        this.sequence = -1;
        this.started = false;
        this.copyError = false;
        this.fullBio = null;
        this.fullBioEndIo = null;
        this.fullBioOwner = null;
        this.fullBioJob = null;
        this.rbLeft = this.rbRight = this.rbParent = null;
        this.rbRed = false;
        this.listPrev = this.listNext = null;
    }

    /** Everything a watchdog dump needs to tell where this exception stopped (racy reads). */
    String describe()
    {
        return "pe{" + oldChunk + "->" + newChunk + " seq " + sequence + (started ? " started" : "")
            + (copyError ? " copyError" : "") + (fullBio != null ? " fullBio" : "")
            + " originBios=" + originBios.size() + " snapshotBios=" + snapshotBios.size()
            + (snap.isDestroyed() ? " destroyed" : snap.pending.lookup(oldChunk) == this ? " inTable" : " notInTable") + "}";
    }

    @Override
    public String toString()
    {
        return "pe{" + oldChunk + "->" + newChunk + " seq " + sequence + (started ? " started" : "") + "}";
    }
}
