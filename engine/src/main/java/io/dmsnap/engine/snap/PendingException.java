package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioEndIo;
import io.dmsnap.engine.block.BioList;
import io.dmsnap.engine.copy.Copier;
import io.dmsnap.engine.exception.PendingEntry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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
 *   <li>{@code fullBioHandoff} and {@code fullBioStatus} (run-to-completion only): see
 *       {@link #fullBioSubmitting}.</li>
 * </ul>
 */
final class PendingException extends PendingEntry
{
    /** The full bio's completion goes to the copier ({@code doCallback}); also the value between uses. */
    private static final int FULL_TO_COPIER = 0;
    /** The submitter is inside the full bio's submit and will look at its completion afterwards. */
    private static final int FULL_SUBMITTING = 1;
    /** The full bio completed while {@link #FULL_SUBMITTING}: the submitter runs the callback. */
    private static final int FULL_DONE_FOR_SUBMITTER = 2;

    private static final VarHandle FULL_BIO_HANDOFF;

    static
    {
        try
        {
            FULL_BIO_HANDOFF = MethodHandles.lookup().findVarHandle(PendingException.class, "fullBioHandoff", int.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

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
    /** Who runs the full bio's callback: {@link #FULL_TO_COPIER} and the two others, via CAS. */
    @SuppressWarnings("unused")   // accessed through FULL_BIO_HANDOFF
    private volatile int fullBioHandoff;
    /** The full bio's status, written by its completer before a successful CAS to FULL_DONE_FOR_SUBMITTER. */
    int fullBioStatus;

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
        FULL_BIO_HANDOFF.set(this, FULL_TO_COPIER);   // plain: published with the exception (pending table)
        this.rbLeft = this.rbRight = this.rbParent = null;
        this.rbRed = false;
        this.listPrev = this.listNext = null;
    }

    /**
     * Submitter, right before it submits the full bio with run-to-completion: a volatile write, so
     * that the completer, which reads it after the bio was submitted, sees it. Exactly one of
     * {@link #fullBioDoneForSubmitter} (the completer) and {@link #fullBioLeftToSubmitter} (the
     * submitter after submit returned) wins its CAS from FULL_SUBMITTING: the completion goes either
     * to the submitter, which then runs the callback (never in the device's completion context), or
     * to the copier as usual. Whoever loses must not touch the exception again unless it won.
     */
    void fullBioSubmitting()
    {
        FULL_BIO_HANDOFF.setVolatile(this, FULL_SUBMITTING);
    }

    /**
     * Completer of the full bio: true when the submitter is still in submit and takes the
     * completion; {@code status} is stored first (plain) and published by the CAS (volatile).
     */
    boolean fullBioDoneForSubmitter(final int status)
    {
        fullBioStatus = status;
        return FULL_BIO_HANDOFF.compareAndSet(this, FULL_SUBMITTING, FULL_DONE_FOR_SUBMITTER);
    }

    /**
     * Submitter, after the full bio's submit returned: true when the bio completed meanwhile and left
     * the callback to it (the failed CAS read FULL_DONE_FOR_SUBMITTER, so {@link #fullBioStatus} is
     * visible); false when the completion will go to the copier (the exception is not the
     * submitter's any more).
     */
    boolean fullBioLeftToSubmitter()
    {
        return !FULL_BIO_HANDOFF.compareAndSet(this, FULL_SUBMITTING, FULL_TO_COPIER);
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
