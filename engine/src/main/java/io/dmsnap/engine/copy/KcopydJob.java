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
 * orders the submitter's writes before the copier thread's reads. A run-to-completion job
 * ({@link Kcopyd#tryCopyHere}) belongs to the submitter that holds the copier role until its callback
 * ran, or until the submitter hands it to the worker mid-way ({@link #handToWorker}); from then on
 * it is a queued job like any other.
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

    // ---- driver: who continues the job when its current I/O step ends ----
    /** The worker, through the inbox (every queued job, and a run-to-completion job handed over). */
    static final int TO_WORKER = 0;
    /** A run-to-completion driver waits for the current step on its own thread. */
    static final int DRIVEN = 1;
    /** The step the driver waits for has ended; the driver continues the job. */
    static final int DRIVEN_DONE = 2;

    private static final VarHandle IO_PENDING;
    private static final VarHandle DRIVER;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            IO_PENDING = lookup.findVarHandle(KcopydJob.class, "ioPending", int.class);
            DRIVER = lookup.findVarHandle(KcopydJob.class, "driver", int.class);
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

    /**
     * {@link #TO_WORKER}, {@link #DRIVEN} or {@link #DRIVEN_DONE}: whether the end of the current I/O
     * step goes to the inbox or to a run-to-completion driver. The driver (holding the copier role)
     * writes DRIVEN before the step's {@link #expectCompletions} and submission; the last completer
     * moves DRIVEN to DRIVEN_DONE with a CAS, or the driver, tired of waiting, moves DRIVEN to
     * TO_WORKER with a CAS. Exactly one of the two CASes succeeds, so the step's end is taken by
     * exactly one of the driver and the worker. Volatile: see {@link #stepEndedForDriver}.
     */
    @SuppressWarnings("unused")   // accessed through DRIVER
    private volatile int driver;

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
        // Plain: the pool's offer (release) and poll (acquire) publish it to the next taker.
        DRIVER.set(this, TO_WORKER);
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

    /**
     * Run-to-completion driver (role holder), before {@link #expectCompletions} of a step it waits
     * for. A volatile write ordered before the volatile write of {@code ioPending}, which every
     * completer's getAndAdd reads: a completer of this step therefore sees DRIVEN (or later).
     */
    void driveStep()
    {
        DRIVER.setVolatile(this, DRIVEN);
    }

    /**
     * Last completer of a step: true when a driver waits for it (the CAS DRIVEN to DRIVEN_DONE
     * succeeded, a volatile write after every bio status of the step, which the getAndAdd chain of
     * {@link #endIo} made visible here), so the caller must not queue the job; false for a job the
     * worker continues. The volatile read first keeps queued jobs to one load.
     */
    boolean stepEndedForDriver()
    {
        return (int) DRIVER.getVolatile(this) == DRIVEN && DRIVER.compareAndSet(this, DRIVEN, DRIVEN_DONE);
    }

    /** Driver: whether the step ended (a volatile read that pairs with the completer's CAS). */
    boolean drivenStepDone()
    {
        return (int) DRIVER.getVolatile(this) == DRIVEN_DONE;
    }

    /**
     * Driver, giving up on the step: true when the job now belongs to the worker (the completer will
     * queue it; the driver must not touch it again), false when the step ended meanwhile.
     */
    boolean handToWorker()
    {
        return DRIVER.compareAndSet(this, DRIVEN, TO_WORKER);
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
