package io.dmsnap.engine.copy;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.DirectMemory;
import io.dmsnap.engine.concurrent.IdlePolicy;
import io.dmsnap.engine.concurrent.SingleWaiter;

import org.jctools.queues.MpmcUnboundedXaddArrayQueue;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

/**
 * A copier client modelled on dm-kcopyd ({@code dm_kcopyd_copy}, {@code dm_kcopyd_zero}, {@code do_work}): region copies, zeroing and deferred callbacks,
 * all finished on one worker thread, {@code kcopyd/<name>}, which is the only thread that runs
 * callbacks.
 *
 * <p><b>Flow.</b> Submitters, device completions and {@link #doCallback} only put a job on the
 * inbox, a lock-free MPSC queue, and wake the worker. Each pass of the worker loop mirrors {@code do_work}:
 * <ol>
 *   <li>drain the inbox and sort each job by its state: finished jobs and prepared callbacks to
 *       <i>complete</i>, new copies to <i>pages</i> (or split them first), new zeroings and finished
 *       reads to <i>io</i>;</li>
 *   <li>run <i>complete</i> in FIFO order: return the buffer, run the callback (a piece instead
 *       reports to its master, which queues itself on <i>complete</i> after its last piece);</li>
 *   <li>give buffers to <i>pages</i> jobs in order, stopping at the first that does not fit;</li>
 *   <li>issue the read or the writes of every <i>io</i> job.</li>
 * </ol>
 * The three lists are private to the worker and intrusive, so the loop allocates nothing.
 *
 * <p><b>Inbox.</b> {@link MpscUnboundedXaddArrayQueue}: producers claim a slot with one atomic
 * getAndAdd (wait-free, no CAS retry loop under contention from many submitters and completion
 * threads), it never refuses an element (the unthrottled variant must be able to queue any number
 * of jobs, and a device completion must never block or fail), and consumed chunks are recycled
 * (up to {@link #POOLED_CHUNKS}), so a steady state allocates nothing. A bounded
 * {@code MpscArrayQueue} would need an overflow path on the completion side.
 *
 * <p><b>Wake-up.</b> An idle worker watches its inbox for {@link IdlePolicy#SPIN_NANOS}, then
 * parks through a {@link SingleWaiter}: it announces the park ({@link SingleWaiter#prepareToPark},
 * a volatile write), then checks the inbox ({@code isEmpty()} is a volatile load of the producer
 * index) and parks only if it is empty. A producer first publishes its job ({@code offer()} advances
 * the producer index with a volatile getAndAdd), then calls {@link SingleWaiter#wake} (a volatile
 * load of the announcement). These four accesses are synchronization actions and so totally
 * ordered: either the producer's getAndAdd comes first and the worker sees a non-empty inbox, or
 * the worker's announcement comes first and the producer unparks it (a permit given before
 * {@code park} makes it return at once). A wake-up cannot be lost; producers skip the unpark
 * while the worker runs.
 *
 * <p><b>Jobs.</b> Job objects come from an unbounded lock-free pool ({@link MpmcUnboundedXaddArrayQueue}:
 * many submitters take, the worker returns) and are created only when the pool is empty, so the
 * pool grows to the largest number of jobs ever alive and then stops allocating. Nothing limits
 * that number here; the snapshot's COW throttle does ({@code snapshot_cow_threshold}, 721b1d98). {@link #jobObjectsAllocated()}
 * and {@link #jobMemoryBytes()} measure it.
 *
 * <p><b>Buffers.</b> A copy reads into a buffer from a {@link CopyBufferPool} of
 * {@link KcopydConfig#bufferPoolBytes()} and writes every destination from it; a job that finds
 * no room waits on <i>pages</i> until a finished job returns its buffer. Zeroing writes from one
 * shared, never-written zero buffer and needs no room. The pool bounds the model's real memory
 * and the copies it has at the devices at once; it is not the kernel's (which takes fresh pages
 * for every job), so it is kept out of the accounting below and never makes a submitter wait.
 *
 * <p><b>Memory accounting.</b> Every job is counted in a {@link CopierMemory} the way the kernel
 * allocates for it: a job object from submission (or {@link #prepareCallback}) until just before
 * its callback, the pages of a copy or piece from the moment the worker routes it to
 * <i>pages</i> until it completes, and the client's reserves for its life. With no COW limit and
 * slow devices the account grows with the queued copies, as the kernel's slab did (721b1d98).
 * Clients of one module share one account ({@link KcopydConfig#memory()}).
 *
 * <p><b>Copy throttle.</b> With a {@link KcopydThrottle} ({@link KcopydConfig#throttle()}), the worker
 * calls {@link KcopydThrottle#ioJobStart()} just before it issues each read and each write of a job,
 * and may sleep there (blocking this client's worker, as in the kernel); the completion of a step's
 * last bio calls {@link KcopydThrottle#ioJobFinish()} before it hands the job back.
 *
 * <p><b>Splitting.</b> A job longer than {@link KcopydConfig#subJobSectors()} becomes a master
 * with up to {@link #SPLIT_COUNT} pieces in flight; a finished piece takes the next range while no
 * error was seen (or errors are ignored). A job of at most one piece, such as a COW copy of one
 * chunk, is never split.
 *
 * <p><b>The copier role and run-to-completion copies</b> ({@link KcopydConfig#runToCompletion()}).
 * Everything above called "the worker's" (the three lists, the buffer pool, the statistics written
 * with a plain read and a release store, and running callbacks) belongs to whoever holds the
 * <i>copier role</i>: the token {@code roleHolder}, taken with a CAS from null to the taking thread
 * and given back with a volatile store of null. Without run-to-completion the worker owns it for
 * good and never touches the token. With it, the worker takes the role around each pass of its
 * loop (drain, complete, pages, io) and gives it back before it spins or parks, and a submitter may
 * take it in {@link #tryCopyHere}:
 * <ul>
 *   <li><i>Exclusion and visibility.</i> The role is a mutex: one CAS from null succeeds at a time,
 *       and its holder's plain accesses are ordered before the next holder's by the release store
 *       and the next successful CAS (a volatile read of that store). So callbacks never overlap,
 *       {@code CompletionOrder} and a store's commit state, which only callbacks touch, stay
 *       single-threaded, and the single-writer statistics keep one writer at a time.</li>
 *   <li><i>Idle only.</i> The submitter goes on only when, with the role held, nothing is in flight
 *       ({@code inFlight == 0}: no job queued, in a device, waiting for a buffer or a prepared
 *       callback) and the caller's own check agrees (the snapshot: nothing parked in its in-order
 *       stage). Else it gives the role back and the caller queues the copy. So the lists are empty
 *       and the whole buffer pool is free while the submitter works, and the callback it runs is
 *       the only one whose job has finished: finish order holds.</li>
 *   <li><i>The job.</i> A normal pooled job, accounted as a queued one (in flight, job object,
 *       pages, buffer, the copy throttle's start and finish per step, bytes copied), driven through
 *       its read and write steps on the submitter's thread. A step whose bios complete on the
 *       submitting thread itself (memory, file and null devices) or within the spin budget
 *       ({@link IdlePolicy#SPIN_NANOS}) continues at once; one that does not is handed to the worker
 *       with a CAS on the job ({@link KcopydJob#handToWorker}), and the worker finishes it as any
 *       queued job. The submitter then runs the callback (or leaves it to the worker) and gives the
 *       role back.</li>
 *   <li><i>The worker meanwhile.</i> Jobs that arrive while a submitter holds the role wake the
 *       worker as usual; it finds the role taken and waits for it: it sets {@code roleWaiter}
 *       (volatile), announces its park, re-reads the role and parks only if it is still held. The
 *       releasing submitter stores null (volatile), then reads {@code roleWaiter} and wakes the
 *       worker when it is set. Both pairs are synchronization actions, so either the worker sees the
 *       role free or the releaser sees the waiter: no wake-up is lost, and a worker parked on an
 *       empty inbox is not woken by a release (that unpark is what the submitter saves).</li>
 *   <li><i>Re-entrancy.</i> The role is not re-entrant: a callback that submits (an origin write
 *       retried by {@code pending_complete}, a snapshot bio a synchronous device completes on the
 *       same thread) fails the CAS and queues, exactly as on the worker. Nothing ever blocks
 *       waiting for the role except the worker, which holds nothing then.</li>
 * </ul>
 */
public final class Kcopyd implements Copier
{
    /** Most destinations per job ({@code DM_KCOPYD_MAX_REGIONS}). */
    public static final int MAX_REGIONS = 8;
    /** Pieces of a split job in flight at once ({@code SPLIT_COUNT}). */
    public static final int SPLIT_COUNT = 8;
    /** Job flag: record errors but carry on (a read error still writes, a piece error still continues). */
    public static final int IGNORE_ERROR = 1;

    /**
     * Approximate heap bytes of one job object with compressed oops: the job (~136), its three
     * 8-element arrays (~176) and its nine bios (~88 each).
     */
    public static final long JOB_BYTES_ESTIMATE = 136 + 176 + 9 * 88;

    static final int INBOX_CHUNK = 1024;
    static final int POOLED_CHUNKS = 4;
    /** Inbox elements handled per pass before the other steps get a turn. */
    private static final int DRAIN_LIMIT = 4096;

    private static final VarHandle IN_FLIGHT;
    private static final VarHandle ROLE;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            IN_FLIGHT = lookup.findVarHandle(Kcopyd.class, "inFlight", long.class);
            ROLE = lookup.findVarHandle(Kcopyd.class, "roleHolder", Thread.class);
        }
        catch (ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final int subJobSectors;
    /** The shared I/O throttle record, or null. */
    private final KcopydThrottle throttle;
    /** The account this client's memory is counted in (possibly shared). */
    private final CopierMemory memory;
    private final Thread worker;
    private final MpscUnboundedXaddArrayQueue<KcopydJob> inbox =
        new MpscUnboundedXaddArrayQueue<>(INBOX_CHUNK, POOLED_CHUNKS);
    private final MpmcUnboundedXaddArrayQueue<KcopydJob> jobPool =
        new MpmcUnboundedXaddArrayQueue<>(INBOX_CHUNK, POOLED_CHUNKS);
    private final CopyBufferPool buffers;
    /** Shared source of every zeroing write; never written after construction. */
    private final ByteBuffer zeroBuffer;

    // ---- the worker's private lists (do_work's complete_jobs, pages_jobs, io_jobs) ----
    private final JobQueue complete = new JobQueue();
    private final JobQueue pages = new JobQueue();
    private final JobQueue io = new JobQueue();

    /** The worker's park and its wakers; see the class comment for the ordering. */
    private final SingleWaiter parking;
    /** Worker thread only: its spin phase before parking. */
    private final IdlePolicy idle = new IdlePolicy();

    // ---- the copier role (run-to-completion clients only); see the class comment ----
    /** Whether submitters may take the role ({@link KcopydConfig#runToCompletion()}); else the worker keeps it. */
    private final boolean sharedRole;
    /** The role's holder, or null: CAS null to holder (acquire), volatile store of null (release). */
    @SuppressWarnings("unused")   // accessed through ROLE
    private volatile Thread roleHolder;
    /** Set by the worker while it waits for the role; read by a releasing submitter after its store. */
    private volatile boolean roleWaiter;
    /** Role holder only: a run-to-completion driver's spin while a step's bios are in a device. */
    private final IdlePolicy driverIdle = new IdlePolicy();
    /** Copies a submitter ran in {@link #tryCopyHere}; role holder writes (release), anyone reads (acquire). */
    private final AtomicLong copiesRunHere = new AtomicLong();
    /** Of those, copies whose step outlasted the spin and went to the worker; as above. */
    private final AtomicLong copiesHandedOver = new AtomicLong();
    /** Accepted jobs not called back yet; volatile getAndAdd by submitters (+1) and the worker (-1). */
    private volatile long inFlight;
    private final AtomicLong peakInFlight = new AtomicLong();
    private final AtomicLong jobObjects = new AtomicLong();

    // ---- statistics: written only by the role holder (plain read, release write), read by anyone (acquire) ----
    private final AtomicLong bytesCopied = new AtomicLong();
    private final AtomicLong jobsCompleted = new AtomicLong();
    private final AtomicLong bufferBytesInUse = new AtomicLong();
    private final AtomicLong peakBufferBytes = new AtomicLong();
    private final AtomicLong bufferWaits = new AtomicLong();
    /** Pages this client's running copies hold in the account. */
    private final AtomicLong pagesHeld = new AtomicLong();
    private final AtomicLong callbackFailures = new AtomicLong();
    /** The first exception a callback threw; written once by the worker, volatile for readers. */
    private volatile Throwable firstCallbackFailure;
    /** Told of every callback that threw, on the worker thread; set by the owner before the first job. */
    private volatile Consumer<Throwable> callbackFailureListener;

    // ---- shutdown: closeWaiter/inFlight form the same Dekker pair as parking/inbox ----
    private volatile boolean closed;
    private volatile Thread closeWaiter;
    private volatile boolean stopping;

    public Kcopyd(final String name)
    {
        this(name, KcopydConfig.defaults());
    }

    public Kcopyd(final String name, final KcopydConfig config)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.subJobSectors = config.subJobSectors();
        this.throttle = config.throttle();
        this.memory = config.memory() == null ? new CopierMemory() : config.memory();
        final int pieceBytes = subJobSectors << Bio.SECTOR_SHIFT;
        this.buffers = new CopyBufferPool(config.bufferPoolBytes(), pieceBytes);
        this.zeroBuffer = ByteBuffer.allocateDirect(pieceBytes);
        final Runnable loop = this::runWorker;
        final Thread t = config.threadFactory() == null ? new Thread(loop) : config.threadFactory().newThread(loop);
        if (config.threadFactory() == null)
        {
            t.setDaemon(true);   // an unclosed client must not keep the JVM alive
        }
        t.setName("kcopyd/" + name);
        this.worker = t;
        this.parking = new SingleWaiter(t);
        this.sharedRole = config.runToCompletion();
        memory.clientCreated(subJobSectors);
        t.start();
    }

    public String name()
    {
        return name;
    }

    // =====================================================================================
    // Submission: any thread, including a callback on the worker
    // =====================================================================================

    /** Single destination; allocates nothing once the job pool has warmed up. */
    @Override
    public void copy(final BlockDevice src, final long srcSector, final long count, final BlockDevice dst,
                     final long dstSector, final CopyCallback callback, final Object context)
    {
        checkRange(srcSector, count);
        checkRange(dstSector, count);
        final KcopydJob job = takeJob();
        job.init(Objects.requireNonNull(src, "src"), srcSector, count, 0, callback, context);
        job.addDestination(Objects.requireNonNull(dst, "dst"), dstSector);
        accept(job);
    }

    /**
     * Copy {@code src} to up to {@link #MAX_REGIONS} destinations of the same length; bit {@code i}
     * of the callback's {@code writeErr} is destination {@code i}.
     *
     * @param flags 0 or {@link #IGNORE_ERROR}
     */
    public void copy(final Region src, final Region[] dests, final int flags, final CopyCallback callback,
                     final Object context)
    {
        checkDestinations(dests, src.count());
        final KcopydJob job = takeJob();
        job.init(src.dev(), src.sector(), src.count(), flags, callback, context);
        for (final Region d : dests)
        {
            job.addDestination(d.dev(), d.sector());
        }
        accept(job);
    }

    @Override
    public void zero(final BlockDevice dst, final long sector, final long count, final CopyCallback callback,
                     final Object context)
    {
        checkRange(sector, count);
        final KcopydJob job = takeJob();
        job.init(null, 0, count, 0, callback, context);
        job.addDestination(Objects.requireNonNull(dst, "dst"), sector);
        accept(job);
    }

    /** Zero up to {@link #MAX_REGIONS} regions of the same length. */
    public void zero(final Region[] dests, final int flags, final CopyCallback callback, final Object context)
    {
        if (dests.length == 0)
        {
            throw new IllegalArgumentException("no destination");
        }
        final long count = dests[0].count();
        checkDestinations(dests, count);
        final KcopydJob job = takeJob();
        job.init(null, 0, count, flags, callback, context);
        for (final Region d : dests)
        {
            job.addDestination(d.dev(), d.sector());
        }
        accept(job);
    }

    /** Never blocks: the job pool is unbounded, so job memory is never short here. */
    @Override
    public PreparedCallback prepareCallback(final CopyCallback callback, final Object context)
    {
        checkOpen();
        final KcopydJob job = takeJob();
        job.init(null, 0, 0, 0, callback, context);
        job.state = KcopydJob.PREPARED;
        countAccepted();
        memory.jobSubmitted();
        return job;
    }

    /**
     * Any thread, any context; never blocks. The job's fields are written here and published to the
     * worker by the inbox's offer (a release store of the element) and poll (an acquire load).
     */
    @Override
    public void doCallback(final PreparedCallback prepared, final int readErr, final long writeErr)
    {
        final KcopydJob job = pendingPrepared(prepared);
        job.readErr = readErr;
        job.writeErr = writeErr;
        job.state = KcopydJob.CALLBACK;
        enqueue(job);
    }

    /** {@code prepared} as a prepared job of this client that waits for its doCallback. */
    private KcopydJob pendingPrepared(final PreparedCallback prepared)
    {
        if (!(prepared instanceof KcopydJob) || ((KcopydJob) prepared).client != this
            || ((KcopydJob) prepared).state != KcopydJob.PREPARED)
        {
            throw new IllegalArgumentException("not a pending prepared callback of " + worker.getName());
        }
        return (KcopydJob) prepared;
    }

    /**
     * With the role taken and {@code inFlight == 1} (a volatile read after the CAS), the prepared
     * job is the only job of the client, so no other job has finished and waits for its callback:
     * running this one now keeps finish order. Otherwise, or when the role is held, it is queued.
     */
    @Override
    public boolean doCallbackHere(final PreparedCallback prepared, final int readErr, final long writeErr,
                                  final IdleCheck callerIdle)
    {
        final KcopydJob job = pendingPrepared(prepared);
        if (sharedRole && (boolean) ROLE.compareAndSet(this, null, Thread.currentThread()))
        {
            if (inFlight == 1 && callerIdle.idle())
            {
                job.readErr = readErr;
                job.writeErr = writeErr;
                job.state = KcopydJob.CALLBACK;
                copiesRunHere.setRelease(copiesRunHere.getPlain() + 1);
                callBack(job);
                releaseRole();
                return true;
            }
            releaseRole();
        }
        doCallback(prepared, readErr, writeErr);
        return false;
    }

    /**
     * Without run-to-completion, the worker thread. With it, the role's holder: a plain-strength
     * read suffices, because only the calling thread ever stores itself in {@code roleHolder}, so the
     * read sees itself exactly when it holds the role (its own program order), and any other value
     * (null or another thread) otherwise.
     */
    @Override
    public boolean isCopierThread()
    {
        final Thread self = Thread.currentThread();
        return sharedRole ? ROLE.getOpaque(this) == self : self == worker;
    }

    // =====================================================================================
    // Run-to-completion: a submitter holding the copier role (see the class comment)
    // =====================================================================================

    @Override
    public boolean tryCopyHere(final BlockDevice src, final long srcSector, final long count, final BlockDevice dst,
                               final long dstSector, final CopyCallback callback, final Object context,
                               final IdleCheck callerIdle)
    {
        if (!sharedRole || count <= 0 || count > subJobSectors)
        {
            return false;   // a zero-length or split job goes the usual way
        }
        checkRange(srcSector, count);
        checkRange(dstSector, count);
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        checkOpen();
        if (!(boolean) ROLE.compareAndSet(this, null, Thread.currentThread()))
        {
            return false;   // the worker runs a pass, another submitter copies, or this thread is in a callback
        }
        // Role held. inFlight is a volatile read after the CAS: 0 means no job anywhere (every job
        // is counted from acceptance to the end of its callback), so the lists are empty and the
        // whole buffer pool is free. A job accepted right after this read is queued and waits in
        // the inbox until the role is given back: its callback runs after ours, and it finished later.
        if (inFlight != 0 || !callerIdle.idle())
        {
            releaseRole();
            return false;
        }
        final KcopydJob job = takeJob();
        job.init(src, srcSector, count, 0, callback, context);
        job.addDestination(dst, dstSector);
        job.state = KcopydJob.NEW;
        countAccepted();
        memory.jobSubmitted();
        copiesRunHere.setRelease(copiesRunHere.getPlain() + 1);
        chargePages(job);
        if (!giveBuffer(job))
        {
            // Cannot happen: nothing is in flight, and the pool holds at least one whole piece.
            throw new IllegalStateException(worker.getName() + ": no copy buffer with nothing in flight");
        }
        job.state = KcopydJob.READ_QUEUED;
        runHere(job);
        releaseRole();
        return true;
    }

    /**
     * Drive {@code job} through its steps on this thread (role held): issue a step, wait for it
     * within the spin budget, decide as {@link #readDone} and {@link #writeDone} do, and at the end
     * run the callback as the worker would. Returns early, the job handed to the worker, when a
     * step outlasts the spin.
     */
    private void runHere(final KcopydJob job)
    {
        while (true)
        {
            job.driveStep();
            issueStep(job);
            driverIdle.reset();
            while (!job.drivenStepDone())
            {
                if (!driverIdle.spin() && job.handToWorker())
                {
                    // The job is the worker's now: its completion queues it. Nothing of it is touched here.
                    copiesHandedOver.setRelease(copiesHandedOver.getPlain() + 1);
                    return;
                }
            }
            if (job.state == KcopydJob.READING)
            {
                if (!afterRead(job))
                {
                    break;   // a read error skips the writes
                }
            }
            else
            {
                afterWrite(job);
                break;
            }
        }
        freeBuffer(job);
        callBack(job);   // in flight drops after the callback returned, as on the worker
    }

    /** Give the role back; wake the worker if it waits for it. See the class comment for the pairing. */
    private void releaseRole()
    {
        ROLE.setVolatile(this, null);   // release, and a synchronization action before the read below
        if (roleWaiter)                 // volatile read
        {
            parking.wake();
        }
    }

    private void accept(final KcopydJob job)
    {
        checkOpen();
        job.state = KcopydJob.NEW;
        countAccepted();
        memory.jobSubmitted();
        enqueue(job);
    }

    private void countAccepted()
    {
        final long now = (long) IN_FLIGHT.getAndAdd(this, 1L) + 1;
        long peak = peakInFlight.get();
        while (now > peak && !peakInFlight.compareAndSet(peak, now))
        {
            peak = peakInFlight.get();
        }
    }

    private KcopydJob takeJob()
    {
        final KcopydJob job = jobPool.poll();
        if (job != null)
        {
            return job;
        }
        jobObjects.incrementAndGet();
        return new KcopydJob(this);
    }

    /**
     * The last bio of a job's read or write step completed (any thread): the end of one I/O job
     * for the throttle, then back to the worker.
     */
    void ioStepDone(final KcopydJob job)
    {
        if (throttle != null)
        {
            throttle.ioJobFinish();
        }
        if (sharedRole && job.stepEndedForDriver())
        {
            return;   // a run-to-completion driver waits for this step and continues the job itself
        }
        enqueue(job);
    }

    /** Hand a job to the worker; see the class comment for why a wake-up cannot be lost. */
    void enqueue(final KcopydJob job)
    {
        inbox.offer(job);   // volatile getAndAdd of the producer index: publishes the job
        parking.wake();     // volatile load of the worker's announcement, after the offer
    }

    /**
     * After {@link #close()} began, only callbacks may still submit: their jobs are part of the work
     * close waits for (the callback's job is counted before its own job is uncounted).
     */
    private void checkOpen()
    {
        if (closed && !isCopierThread())
        {
            throw new IllegalStateException(worker.getName() + " is closed");
        }
    }

    private static void checkRange(final long sector, final long count)
    {
        if (sector < 0 || count < 0)
        {
            throw new IllegalArgumentException("negative sector or count: " + sector + "+" + count);
        }
    }

    private static void checkDestinations(final Region[] dests, final long count)
    {
        if (dests.length == 0 || dests.length > MAX_REGIONS)
        {
            throw new IllegalArgumentException("1.." + MAX_REGIONS + " destinations, not " + dests.length);
        }
        for (final Region d : dests)
        {
            if (d.count() != count)
            {
                throw new IllegalArgumentException("destination " + d + " is not " + count + " sectors long");
            }
        }
    }

    // =====================================================================================
    // The worker
    // =====================================================================================

    private void runWorker()
    {
        // Run-to-completion: a pass is run only for new work, so that an idle worker never holds the
        // role (at its start, or after a spurious wake-up) when a submitter comes. Skipping a pass
        // is safe when the last one did nothing and the inbox is empty: the lists then change only
        // through the inbox (a submitter holding the role finds them empty and leaves them so).
        boolean lastPassBusy = !sharedRole;
        while (true)
        {
            if (lastPassBusy || !inbox.isEmpty())
            {
                if (sharedRole && !(boolean) ROLE.compareAndSet(this, null, worker))
                {
                    awaitRole();
                    continue;
                }
                boolean busy = drainInbox();
                busy |= runComplete();
                busy |= runPages();
                busy |= runIo();
                if (sharedRole)
                {
                    // Given back before spinning or parking, so that a submitter can find the copier
                    // idle. No wake needed: only the worker waits for the role.
                    ROLE.setVolatile(this, null);
                    lastPassBusy = busy;
                }
                if (busy)
                {
                    continue;
                }
            }
            if (stopping && inbox.isEmpty())
            {
                break;
            }
            if (spinUntilWork())
            {
                continue;
            }
            parking.prepareToPark();   // volatile write, then the re-check of the inbox
            if (inbox.isEmpty() && !stopping)
            {
                parking.park();
                // A stray interrupt (say, from a callback) would make every later park return at
                // once; the worker has no use for interrupts, so drop it.
                Thread.interrupted();
            }
            parking.parkDone();
        }
    }

    /**
     * The worker has work but a submitter holds the role: spin, then park until the holder gives it
     * back (the holder wakes it only while {@code roleWaiter} is set; see the class comment).
     */
    private void awaitRole()
    {
        idle.reset();
        while (ROLE.getVolatile(this) != null)
        {
            if (idle.spin())
            {
                continue;
            }
            roleWaiter = true;          // volatile write, then the announcement and the re-read of the role
            parking.prepareToPark();
            if (ROLE.getVolatile(this) != null)
            {
                parking.park();
                Thread.interrupted();   // as in runWorker: the worker has no use for interrupts
            }
            parking.parkDone();
            roleWaiter = false;
            idle.reset();
        }
    }

    /**
     * Before parking, watch the inbox for a short while: at low load (one request in flight) the
     * next job usually arrives within microseconds, and a park/unpark round trip costs tens of
     * microseconds of wake-up latency on every copy. Bounded by {@link IdlePolicy#SPIN_NANOS}, so
     * an idle client still parks and a busy machine loses at most that much CPU per idle period.
     */
    private boolean spinUntilWork()
    {
        idle.reset();
        while (inbox.isEmpty())
        {
            if (stopping || !idle.spin())
            {
                return false;
            }
        }
        return true;
    }

    /** Step 1: sort what producers handed over. */
    private boolean drainInbox()
    {
        int n = 0;
        KcopydJob job;
        while (n < DRAIN_LIMIT && (job = inbox.poll()) != null)
        {
            n++;
            switch (job.state)
            {
                case KcopydJob.NEW:
                    start(job);
                    break;
                case KcopydJob.READING:
                    readDone(job);
                    break;
                case KcopydJob.WRITING:
                    writeDone(job);
                    break;
                case KcopydJob.CALLBACK:
                    complete.add(job);
                    break;
                default:
                    throw new IllegalStateException("job in state " + job.state + " on the inbox");
            }
        }
        return n > 0;
    }

    private void start(final KcopydJob job)
    {
        if (job.count == 0)
        {
            job.state = KcopydJob.CALLBACK;   // a zero-length job only needs its callback
            complete.add(job);
        }
        else if (job.count > subJobSectors)
        {
            job.state = KcopydJob.SPLIT;
            for (int i = 0; i < SPLIT_COUNT && job.progress < job.count; i++)
            {
                job.piecesActive++;
                startPiece(job, takeJob());
            }
        }
        else
        {
            route(job);
        }
    }

    /** Give {@code piece} the next range of {@code master} and queue it. */
    private void startPiece(final KcopydJob master, final KcopydJob piece)
    {
        final long sectors = Math.min(subJobSectors, master.count - master.progress);
        piece.initPiece(master, master.progress, sectors);
        master.progress += sectors;
        route(piece);
    }

    private void route(final KcopydJob job)
    {
        if (job.isZero())
        {
            job.state = KcopydJob.WRITE_QUEUED;
            io.add(job);
        }
        else
        {
            chargePages(job);
            pages.add(job);
        }
    }

    /**
     * The kernel gives the job its pages as soon as the worker reaches it; charge them now, whether
     * or not the model's own buffer pool has room yet. Role holder.
     */
    private void chargePages(final KcopydJob job)
    {
        final int n = CopierMemory.pagesFor(job.count);
        job.accountedPages = n;
        pagesHeld.setRelease(pagesHeld.getPlain() + n);
        memory.pagesTaken(n);
    }

    private void readDone(final KcopydJob job)
    {
        if (afterRead(job))
        {
            io.add(job);
        }
        else
        {
            complete.add(job);
        }
    }

    /** The read ended: WRITE_QUEUED and true, or CALLBACK and false when a read error skips the writes. */
    private static boolean afterRead(final KcopydJob job)
    {
        if (job.readBio.status() != BlkStatus.OK)
        {
            job.readErr = 1;
            if (!job.ignoresErrors())
            {
                job.state = KcopydJob.CALLBACK;
                return false;
            }
        }
        job.state = KcopydJob.WRITE_QUEUED;
        return true;
    }

    private void writeDone(final KcopydJob job)
    {
        afterWrite(job);
        complete.add(job);
    }

    /** The writes ended: fold their errors in; only the callback is left. */
    private static void afterWrite(final KcopydJob job)
    {
        for (int i = 0; i < job.destCount; i++)
        {
            if (job.writeBios[i].status() != BlkStatus.OK)
            {
                job.writeErr |= 1L << i;
            }
        }
        job.state = KcopydJob.CALLBACK;
    }

    /** Step 2: finished jobs in FIFO order. */
    private boolean runComplete()
    {
        boolean any = false;
        KcopydJob job;
        while ((job = complete.pop()) != null)
        {
            any = true;
            freeBuffer(job);
            if (job.master != null)
            {
                pieceDone(job);
            }
            else
            {
                callBack(job);
            }
        }
        return any;
    }

    /**
     * A piece finished: fold its errors into the master, then give the slot the next range, or
     * retire the slot. After the last slot the master is queued on <i>complete</i>; its callback
     * therefore runs from this loop like any other, never from an I/O completion.
     */
    private void pieceDone(final KcopydJob piece)
    {
        final KcopydJob master = piece.master;
        master.readErr |= piece.readErr;
        master.writeErr |= piece.writeErr;
        releaseAccount(piece, 0);
        if (!piece.hasError())
        {
            countBytes(piece.count);
        }
        if (master.progress < master.count && (!master.hasError() || master.ignoresErrors()))
        {
            startPiece(master, piece);
            return;
        }
        recycle(piece);
        if (--master.piecesActive == 0)
        {
            master.state = KcopydJob.CALLBACK;
            complete.add(master);
        }
    }

    /**
     * Run one job's callback. The job goes back to the pool first (so the callback may reuse it for
     * a new submission), and the in-flight count drops only after the callback returned, so
     * {@link #close()} cannot stop the thread under a running callback.
     */
    private void callBack(final KcopydJob job)
    {
        final CopyCallback callback = job.callback;
        final Object context = job.context;
        final int readErr = job.readErr;
        final long writeErr = job.writeErr;
        if (job.count > 0 && job.count <= subJobSectors && !job.hasError())
        {
            countBytes(job.count);   // an unsplit job; a master's bytes were counted per piece
        }
        releaseAccount(job, 1);   // the kernel frees the job and its pages before the callback
        recycle(job);
        try
        {
            if (callback != null)
            {
                callback.copyDone(readErr, writeErr, context);
            }
        }
        catch (RuntimeException | Error e)
        {
            // The worker must survive a failing callback, or every later job would hang.
            callbackFailures.setRelease(callbackFailures.getPlain() + 1);
            if (firstCallbackFailure == null)
            {
                firstCallbackFailure = e;
            }
            reportCallbackFailure(e);
        }
        jobsCompleted.setRelease(jobsCompleted.getPlain() + 1);
        if ((long) IN_FLIGHT.getAndAdd(this, -1L) == 1)
        {
            final Thread waiter = closeWaiter;
            if (waiter != null)
            {
                LockSupport.unpark(waiter);
            }
        }
    }

    /** Return a job's pages (and its job object when {@code jobObjects} is 1) to the account. */
    private void releaseAccount(final KcopydJob job, final int jobObjects)
    {
        final int n = job.accountedPages;
        job.accountedPages = 0;
        if (n != 0)
        {
            pagesHeld.setRelease(pagesHeld.getPlain() - n);
        }
        if (n != 0 || jobObjects != 0)
        {
            memory.released(jobObjects, n);
        }
    }

    private void recycle(final KcopydJob job)
    {
        job.clear();
        jobPool.offer(job);
    }

    /** Step 3: buffers for waiting jobs, in order; stop at the first that does not fit. */
    private boolean runPages()
    {
        boolean any = false;
        KcopydJob job;
        while ((job = pages.peek()) != null)
        {
            if (!giveBuffer(job))
            {
                bufferWaits.setRelease(bufferWaits.getPlain() + 1);
                break;
            }
            pages.pop();
            any = true;
            job.state = KcopydJob.READ_QUEUED;
            io.add(job);
        }
        return any;
    }

    /** A buffer from the pool for {@code job}, or false when it has no room. Role holder. */
    private boolean giveBuffer(final KcopydJob job)
    {
        final int offset = buffers.allocate(bytes(job.count));
        if (offset == CopyBufferPool.NO_BUFFER)
        {
            return false;
        }
        job.bufferOffset = offset;
        final long inUse = buffers.bytesInUse();
        bufferBytesInUse.setRelease(inUse);
        if (inUse > peakBufferBytes.getPlain())
        {
            peakBufferBytes.setRelease(inUse);
        }
        return true;
    }

    private void freeBuffer(final KcopydJob job)
    {
        if (job.bufferOffset != CopyBufferPool.NO_BUFFER)
        {
            buffers.free(job.bufferOffset, bytes(job.count));
            job.bufferOffset = CopyBufferPool.NO_BUFFER;
            bufferBytesInUse.setRelease(buffers.bytesInUse());
        }
    }

    /**
     * Step 4: issue I/O. After the last bio of a job is submitted the job may already be back on
     * the inbox (inline completion), so nothing of it is touched after that point.
     */
    private boolean runIo()
    {
        boolean any = false;
        KcopydJob job;
        while ((job = io.pop()) != null)
        {
            any = true;
            issueStep(job);
        }
        return any;
    }

    /**
     * Issue the read or the writes of one job (role holder). For a queued job nothing of it is
     * touched after its last bio is submitted; a run-to-completion driver keeps it until its
     * completer hands the step back ({@link KcopydJob#stepEndedForDriver}).
     */
    private void issueStep(final KcopydJob job)
    {
        final int sectors = (int) job.count;
        if (throttle != null)
        {
            throttle.ioJobStart();   // may sleep while the group is over its budget
        }
        if (job.state == KcopydJob.READ_QUEUED)
        {
            job.state = KcopydJob.READING;
            final Bio bio = job.readBio.init(BioOp.READ, job.srcSector, sectors, buffers.arena(),
                job.bufferOffset, job, job);
            bio.device(job.srcDev);
            job.expectCompletions(1);
            bio.submit();
        }
        else
        {
            job.state = KcopydJob.WRITING;
            final ByteBuffer data = job.isZero() ? zeroBuffer : buffers.arena();
            final int offset = job.isZero() ? 0 : job.bufferOffset;
            final int n = job.destCount;
            for (int i = 0; i < n; i++)
            {
                job.writeBios[i].init(BioOp.WRITE, job.destSector[i], sectors, data, offset, job, job)
                    .device(job.destDev[i]);
            }
            job.expectCompletions(n);
            final Bio[] bios = job.writeBios;
            for (int i = 0; i < n; i++)
            {
                bios[i].submit();
            }
        }
    }

    private void countBytes(final long sectors)
    {
        bytesCopied.setRelease(bytesCopied.getPlain() + (sectors << Bio.SECTOR_SHIFT));
    }

    private static int bytes(final long sectors)
    {
        return (int) (sectors << Bio.SECTOR_SHIFT);
    }

    // =====================================================================================
    // Shutdown and statistics
    // =====================================================================================

    /**
     * Wait for every accepted job to be called back, then stop the worker and drop the buffers.
     * Called once by the owner after it stopped submitting; not from a callback, on the worker or
     * on a submitter holding the role (it would wait for itself). A second call returns at once.
     */
    @Override
    public void close()
    {
        if (isCopierThread())
        {
            throw new IllegalStateException("close() from the copier thread would wait for itself");
        }
        if (closed)
        {
            return;
        }
        closed = true;
        closeWaiter = Thread.currentThread();   // volatile write, then volatile reads of inFlight
        boolean interrupted = false;
        while (jobsInFlight() > 0)
        {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        stopping = true;
        LockSupport.unpark(worker);
        while (true)
        {
            try
            {
                worker.join();
                break;
            }
            catch (InterruptedException e)
            {
                interrupted = true;
            }
        }
        buffers.release();
        DirectMemory.free(zeroBuffer);   // jobs that zero read it; none is left
        memory.clientClosed(subJobSectors);
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long jobsInFlight()
    {
        return inFlight;
    }

    @Override
    public long peakJobsInFlight()
    {
        return peakInFlight.get();
    }

    /** Job objects ever created; stops growing once the pool covers the peak number of live jobs. */
    public long jobObjectsAllocated()
    {
        return jobObjects.get();
    }

    /** Approximate heap held by job objects ({@link #JOB_BYTES_ESTIMATE} each); they are never freed. */
    public long jobMemoryBytes()
    {
        return jobObjectsAllocated() * JOB_BYTES_ESTIMATE;
    }

    /** Sectors of source (or zeroes) written without error, in bytes, counted once per job or piece. */
    public long bytesCopied()
    {
        return bytesCopied.getAcquire();
    }

    /**
     * Copies a submitter ran itself in {@link #tryCopyHere} (with the callback on its own thread,
     * unless the copy is also counted in {@link #copiesHandedOver()}), and prepared callbacks it ran
     * in {@link #doCallbackHere}.
     */
    public long copiesRunHere()
    {
        return copiesRunHere.getAcquire();
    }

    /** Run-to-completion copies whose read or write outlasted the spin and that the worker finished. */
    public long copiesHandedOver()
    {
        return copiesHandedOver.getAcquire();
    }

    /** Callbacks run (including those of prepared jobs). */
    public long jobsCompleted()
    {
        return jobsCompleted.getAcquire();
    }

    public long bufferBytesInUse()
    {
        return bufferBytesInUse.getAcquire();
    }

    /** Most buffer bytes in use at once; never above {@link #bufferPoolCapacity()}. */
    public long peakBufferBytes()
    {
        return peakBufferBytes.getAcquire();
    }

    public long bufferPoolCapacity()
    {
        return buffers.capacityBytes();
    }

    /** Times the pages step stopped because the buffer pool had no room for the next job. */
    public long bufferWaits()
    {
        return bufferWaits.getAcquire();
    }

    /** The account this client's memory is counted in (shared with the other clients of its module). */
    public CopierMemory memory()
    {
        return memory;
    }

    /** The copy throttle record this client obeys, or null. */
    public KcopydThrottle throttle()
    {
        return throttle;
    }

    /** The piece size of split jobs, fixed when the client was created. */
    public int subJobSectors()
    {
        return subJobSectors;
    }

    /**
     * What this client alone holds in the account now: its reserves, a job object per job in
     * flight and the pages of its running copies. Any thread (two acquire reads, not one instant).
     */
    public long accountedBytes()
    {
        return CopierMemory.reserveBytes(subJobSectors) + jobsInFlight() * CopierMemory.JOB_OBJECT_BYTES
            + CopierMemory.pageBytes(pagesHeld.getAcquire());
    }

    /**
     * Be told of every callback that throws. A callback that throws has left its caller's state half
     * done (a pending exception never freed, a bio never completed), so the owner should make it
     * loud; the worker itself carries on so that later jobs still complete.
     */
    public void onCallbackFailure(final Consumer<Throwable> listener)
    {
        this.callbackFailureListener = listener;
    }

    private void reportCallbackFailure(final Throwable e)
    {
        final Consumer<Throwable> listener = callbackFailureListener;
        if (listener != null)
        {
            try
            {
                listener.accept(e);
            }
            catch (RuntimeException | Error ignored)
            {
                // The listener's own failure must not take the worker down either.
            }
        }
    }

    /** Callbacks that threw; the worker carries on after one. */
    public long callbackFailures()
    {
        return callbackFailures.getAcquire();
    }

    /** The first exception a callback threw, or null. */
    public Throwable firstCallbackFailure()
    {
        return firstCallbackFailure;
    }

    @Override
    public String toString()
    {
        return worker.getName() + " inFlight=" + jobsInFlight() + " jobs=" + jobObjectsAllocated();
    }
}
