package io.dmsnap.engine.block;

import io.dmsnap.engine.concurrent.CompletionStack;

import java.nio.ByteBuffer;

/**
 * One I/O request ({@code struct bio}): an operation, a sector range, a data buffer and a
 * completion callback.
 *
 * <p>Bios are mutable and meant to be reused: a submitter keeps a pool of them and re-initialises
 * one per request with {@link #init}, so that the I/O path allocates nothing. The layers a bio
 * passes through (device-mapper core, a target, a device) own it in turn; whoever owns it may
 * change {@link #device()} and {@link #sector()} (a remap) and the link and per-bio fields below.
 * Ownership passes on {@link BlockDevice#submit(Bio)} and comes back on completion.
 *
 * <p>Data: {@code data} holds the payload starting at byte {@code dataOffset}; its
 * {@code sectors * 512} bytes are read or written with absolute accessors, so the buffer's
 * position and limit are never touched and one buffer can back many bios (a split shares it). A
 * {@code null} buffer means the payload is not modelled: devices then keep no data for the write
 * (null_blk style) and transfer nothing on a read.
 *
 * <p>Thread safety: none. A bio is handed from thread to thread through submit and completion,
 * which are the only synchronisation points.
 */
public final class Bio implements CompletionStack.Node<Bio>
{
    public static final int SECTOR_SHIFT = 9;
    public static final int SECTOR_SIZE = 1 << SECTOR_SHIFT;

    /** Force unit access: the write is durable when it completes. */
    public static final int REQ_FUA = 1;
    /** Flush the device's volatile cache before this request is executed. */
    public static final int REQ_PREFLUSH = 1 << 1;

    private BioOp op;
    private int flags;
    private long sector;
    private int sectors;
    private ByteBuffer data;
    private int dataOffset;
    private BlockDevice device;
    private BioEndIo endIo;
    private Object owner;
    private int status;

    /**
     * The {@code bi_next} link for intrusive FIFO lists ({@link BioList}). Owned by whoever has
     * queued the bio; never touched while the bio is in a device.
     */
    Bio next;

    // ---- per-bio data of the device-mapper core (struct dm_io / dm_target_io) ----
    /** For a dm clone: the bio it was cloned from; null for an original bio. */
    public Bio parent;
    /** For a bio split by dm: clones not completed yet, plus one held by the splitter. */
    public int remaining;
    /** For a dm clone: the target instance that mapped it (its end_io hook runs on completion). */
    public Object mappedBy;
    /**
     * For a bio split by dm: the first error status one of its clones reported ({@link BlkStatus#OK}
     * while none did). Set once with a CAS by whichever thread completes the failing clone.
     */
    public int splitStatus;

    // ---- per-bio data of the snapshot target (struct dm_snap_tracked_chunk) ----
    /** Chunk this bio is tracked under, or -1 when it is not tracked. */
    public long trackedChunk = -1;
    /** Link in the snapshot's tracked-chunk hash bucket, guarded by its tracked_chunk_lock. */
    public Bio trackedNext;
    /** Which copy of a request a target sees when it asked for several (dm's target_bio_nr). */
    public int targetBioNr;

    // ---- per-bio data of devices (owned by the device the bio was submitted to, until it completes) ----
    /** When a delaying device completes the bio, in {@link System#nanoTime()} units. */
    long deviceDeadline;
    /**
     * Link in a device's lock-free completion queue (a {@link CompletionStack}). Written by the
     * submitter before the bio is published with a CAS on the stack's top, read by the device's
     * completion thread after it took the stack with an atomic swap, so both sides see it through
     * that happens-before edge.
     */
    Bio deviceNext;

    /** The {@link CompletionStack} link: {@link #deviceNext}, owned by the device holding the bio. */
    @Override
    public Bio stackNext()
    {
        return deviceNext;
    }

    @Override
    public void stackNext(final Bio next)
    {
        deviceNext = next;
    }

    /** Unlink and return the bio chained behind this one by {@link BioList#detach()} (null at the end). */
    public Bio takeNext()
    {
        final Bio n = next;
        next = null;
        return n;
    }

    /** Re-initialise for a new request; clears every per-bio field. */
    public Bio init(final BioOp op, final long sector, final int sectors, final ByteBuffer data,
                    final int dataOffset, final BioEndIo endIo, final Object owner)
    {
        this.op = op;
        this.flags = 0;
        this.sector = sector;
        this.sectors = sectors;
        this.data = data;
        this.dataOffset = dataOffset;
        this.device = null;
        this.endIo = endIo;
        this.owner = owner;
        this.status = BlkStatus.OK;
        this.next = null;
        this.parent = null;
        this.remaining = 0;
        this.mappedBy = null;
        this.splitStatus = BlkStatus.OK;
        this.trackedChunk = -1;
        this.trackedNext = null;
        this.targetBioNr = 0;
        this.deviceDeadline = 0;
        this.deviceNext = null;
        return this;
    }

    /** Point the bio at another device and sector ({@code bio_set_dev} + {@code bi_sector}). */
    public Bio remap(final BlockDevice device, final long sector)
    {
        this.device = device;
        this.sector = sector;
        return this;
    }

    /**
     * End the I/O ({@code bio_endio}): record the status and run the completion callback. Must be
     * called exactly once per submission by the bio's current owner.
     */
    public void complete(final int status)
    {
        this.status = status;
        endIo.endIo(this, status);
    }

    /** Submit to {@link #device()} ({@code submit_bio_noacct}). */
    public void submit()
    {
        device.submit(this);
    }

    public BioOp op()
    {
        return op;
    }

    public Bio op(final BioOp op)
    {
        this.op = op;
        return this;
    }

    public int flags()
    {
        return flags;
    }

    public Bio flags(final int flags)
    {
        this.flags = flags;
        return this;
    }

    public boolean hasFlag(final int flag)
    {
        return (flags & flag) != 0;
    }

    public long sector()
    {
        return sector;
    }

    public Bio sector(final long sector)
    {
        this.sector = sector;
        return this;
    }

    public int sectors()
    {
        return sectors;
    }

    public Bio sectors(final int sectors)
    {
        this.sectors = sectors;
        return this;
    }

    public long bytes()
    {
        return (long) sectors << SECTOR_SHIFT;
    }

    public ByteBuffer data()
    {
        return data;
    }

    public int dataOffset()
    {
        return dataOffset;
    }

    public Bio data(final ByteBuffer data, final int dataOffset)
    {
        this.data = data;
        this.dataOffset = dataOffset;
        return this;
    }

    public BlockDevice device()
    {
        return device;
    }

    public Bio device(final BlockDevice device)
    {
        this.device = device;
        return this;
    }

    public BioEndIo endIo()
    {
        return endIo;
    }

    /** Replace the completion callback (used to interpose, as {@code bi_end_io} is swapped). */
    public Bio endIo(final BioEndIo endIo, final Object owner)
    {
        this.endIo = endIo;
        this.owner = owner;
        return this;
    }

    /** The completion callback's context ({@code bi_private}). */
    public Object owner()
    {
        return owner;
    }

    public int status()
    {
        return status;
    }

    @Override
    public String toString()
    {
        return op + " " + sector + "+" + sectors + (device == null ? "" : " @" + device.name());
    }
}
