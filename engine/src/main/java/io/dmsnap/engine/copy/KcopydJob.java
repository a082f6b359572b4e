package io.dmsnap.engine.copy;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioEndIo;
import io.dmsnap.engine.block.BlockDevice;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One copier job ({@code struct kcopyd_job}): a whole copy, zeroing or prepared callback, or one
 * piece of a split job. Pooled by its client and re-initialised per use; it owns the bios it issues.
 *
 * <p>Ownership: a submitter fills a job it took from the pool and hands it to the copier thread
 * through the client's inbox; from then on only the copier thread reads or writes the plain fields,
 * except that devices complete its bios ({@link #endIo}) on any thread. The inbox's offer/poll pair
 * orders the submitter's writes before the copier thread's reads.
 */
final class KcopydJob implements BioEndIo, Copier.PreparedCallback
{
    // ---- state: what the copier thread does when it next meets the job ----
    /** In the pool. */
    static final int FREE = 0;
    /** Accepted, not looked at yet: split it or queue it for buffers or I/O. */
    static final int NEW = 1;
    /** Has its buffer; the read is to be issued. */
    static final int READ_QUEUED = 2;
    /** The read is in the device; the job comes back through the inbox when it ends. */
    static final int READING = 3;
    /** The writes are to be issued (after the read, or at once when zeroing). */
    static final int WRITE_QUEUED = 4;
    /** The writes are in the devices; the job comes back through the inbox when all ended. */
    static final int WRITING = 5;
    /** Reserved by prepareCallback; waits for doCallback. */
    static final int PREPARED = 6;
    /** Only its callback is left to run (doCallback, or done). */
    static final int CALLBACK = 7;
    /** A split master: its pieces are running. */
    static final int SPLIT = 8;

    private static final VarHandle IO_PENDING;

    static
    {
        try
        {
            IO_PENDING = MethodHandles.lookup().findVarHandle(KcopydJob.class, "ioPending", int.class);
        }
        catch (ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Kcopyd client;
    final Bio readBio = new Bio();
    final Bio[] writeBios = new Bio[Kcopyd.MAX_REGIONS];
    final BlockDevice[] destDev = new BlockDevice[Kcopyd.MAX_REGIONS];
    final long[] destSector = new long[Kcopyd.MAX_REGIONS];

    int state = FREE;
    int destCount;
    /** Source device, or null when zeroing. */
    BlockDevice srcDev;
    long srcSector;
    long count;
    int flags;
    CopyCallback callback;
    Object context;
    int readErr;
    long writeErr;
    /** Byte offset of the buffer in the client's arena, or {@link CopyBufferPool#NO_BUFFER}. */
    int bufferOffset = CopyBufferPool.NO_BUFFER;
    /** Pages charged to the {@link CopierMemory} account for this copy or piece (0 when none). */
    int accountedPages;

    /** For a piece: the job it is a piece of; null otherwise. */
    KcopydJob master;
    /** For a master: sectors handed out to pieces so far. */
    long progress;
    /** For a master: pieces not finished yet. */
    int piecesActive;

    /** Link of the copier thread's private lists ({@link JobQueue}). */
    KcopydJob next;

    /**
     * Bios of the current I/O step still in a device. Set (volatile) by the copier thread before it
     * submits the first bio; decremented by each completion with a volatile getAndAdd, so the last
     * completer has seen every other completer's bio status (the decrements form one release
     * sequence) and hands the job on through the inbox.
     */
    private volatile int ioPending;

    KcopydJob(final Kcopyd client)
    {
        this.client = client;
        for (int i = 0; i < writeBios.length; i++)
        {
            writeBios[i] = new Bio();
        }
    }

    /** Fill a whole job (not a piece). Caller: the submitting thread, before the job is published. */
    void init(final BlockDevice src, final long srcSector, final long count, final int flags,
              final CopyCallback callback, final Object context)
    {
        this.srcDev = src;
        this.srcSector = srcSector;
        this.count = count;
        this.flags = flags;
        this.callback = callback;
        this.context = context;
        this.destCount = 0;
        this.readErr = 0;
        this.writeErr = 0;
        this.master = null;
        this.progress = 0;
        this.piecesActive = 0;
    }

    void addDestination(final BlockDevice dev, final long sector)
    {
        destDev[destCount] = dev;
        destSector[destCount] = sector;
        destCount++;
    }

    /** Make this job the piece of {@code m} at sector offset {@code offset}. Copier thread only. */
    void initPiece(final KcopydJob m, final long offset, final long sectors)
    {
        init(m.srcDev, m.srcDev == null ? 0 : m.srcSector + offset, sectors, m.flags, null, null);
        for (int i = 0; i < m.destCount; i++)
        {
            addDestination(m.destDev[i], m.destSector[i] + offset);
        }
        this.master = m;
        this.state = NEW;
    }

    /** Forget everything that refers to callers' objects before the job goes back to the pool. */
    void clear()
    {
        state = FREE;
        srcDev = null;
        callback = null;
        context = null;
        master = null;
        for (int i = 0; i < destCount; i++)
        {
            destDev[i] = null;
        }
        destCount = 0;
    }

    boolean isZero()
    {
        return srcDev == null;
    }

    boolean hasError()
    {
        return readErr != 0 || writeErr != 0;
    }

    boolean ignoresErrors()
    {
        return (flags & Kcopyd.IGNORE_ERROR) != 0;
    }

    /** Copier thread, immediately before submitting {@code bios} bios of one I/O step. */
    void expectCompletions(final int bios)
    {
        ioPending = bios;
    }

    /**
     * Completion of one of this job's bios, on whichever thread the device completes it. Does no
     * work here: the last completion of a step only queues the job for the copier thread, which
     * reads the bios' statuses there. So a callback never runs in a device's completion context and
     * an inline completion never recurses into the copier loop.
     */
    @Override
    public void endIo(final Bio bio, final int status)
    {
        if ((int) IO_PENDING.getAndAdd(this, -1) == 1)
        {
            client.ioStepDone(this);
        }
    }
}
