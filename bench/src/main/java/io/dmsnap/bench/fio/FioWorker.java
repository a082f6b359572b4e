package io.dmsnap.bench.fio;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioEndIo;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.concurrent.CompletionStack;
import io.dmsnap.engine.concurrent.IdlePolicy;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One fio worker (one of a job's numjobs): a thread that keeps up to {@code depth} bios in flight
 * on its region of the device, refilling a slot as soon as its bio completes.
 *
 * <p>Slots: {@code depth} pre-built {@link Slot}s, each with its own {@link Bio}, data buffer and
 * timestamps, so that the I/O path allocates nothing. A sync engine is the same loop with one slot:
 * submit, park until the completion arrives, submit the next.
 *
 * <p>Completions: {@link #endIo} runs on whichever thread completes the bio (inline inside
 * {@code submit}, the snapshot's copier, or a device thread). It writes the status into the slot
 * (plain writes) and pushes the slot onto {@link #completed}, a {@link CompletionStack}, whose CAS
 * publishes those writes: the same two steps as the JMH benchmarks' I/O window, no clock read and
 * no counter, so the completing thread pays nothing for fio's bookkeeping. The worker takes the
 * whole stack with one atomic swap (acquire), so it sees every field written before each push,
 * and does the rest (time stamp, latency recording, verification, refilling) on its own thread.
 * An empty stack makes the worker spin, then park (the stack's wake-up protocol and
 * {@link IdlePolicy}, as the JMH window); each park is bounded by {@link IdlePolicy#PARK_NANOS},
 * so stop requests are seen promptly.
 *
 * <p>Per batch of completions reaped, not per I/O: one clock read (the batch's completion time),
 * one critical section of the {@link LatencyRecorder} (two atomic increments) around recording
 * every latency of the batch, one ordered store per counter the runner reads. Per I/O: one clock
 * read at its submit (see below), plain histogram increments.
 *
 * <p>Per I/O shape ({@link JobShape}): offsets are in units of the job's smallest block size (its
 * grain); each I/O's length is drawn from its direction's {@link BlockSizeSpec} and shortened to
 * fit the region; random offsets come from the {@link BlockSequence} or, for a non-uniform
 * {@code random_distribution}, from a {@link RandomDistribution} (no random map, as in fio). A pass
 * ends when the region's bytes were issued; {@code loops} passes make the job. A
 * {@link RateLimiter} holds an I/O back until its direction's schedule allows it; with
 * {@code fsync=N}/{@code fdatasync=N} every N-th write is followed, once the I/O in flight has
 * completed, by an empty FLUSH bio (a flush covers completed writes only), and {@code end_fsync}
 * adds one at the end. All of it is allocation-free per I/O.
 *
 * <p>Latency, as fio measures it: an asynchronous engine stamps the time before {@code submit}
 * and after it returns; slat is the time in {@code submit} (where a writer waits on the snapshot's
 * copy throttle), clat the time from its return to the completion, lat = slat + clat. The
 * completion time is when the worker reaps the bio, one clock read for each batch it takes off the
 * stack, as fio reads the clock once for the events one {@code io_getevents} returned; so clat
 * includes the worker's wake-up, as an application's does. Within one issue phase the clock read
 * after a submit returns is also the next I/O's submit time (so picking its block and setting up
 * its bio, tens of nanoseconds, count into its slat; a verify fill or a rate wait starts a fresh
 * read). A bio that completes inside its own {@code submit} on the worker thread has its slat end
 * at the return of submit and clat 0. A sync engine has no slat (fio records none for its sync
 * engines) and lat = clat = reap time - stamp before submit. Each goes into the worker's
 * {@link LatencyRecorder}; the runner thread takes interval histograms from it. I/O completing
 * before the end of ramp_time is not recorded. Also counted on the worker thread (plain fields, read after
 * exit): the depth at each submit (fio's IO depths), completions reaped per wake-up (complete),
 * and the thread's CPU time and context switches ({@link ThreadUsage}).
 *
 * <p>Which thread touches what: the constructor and {@link #start} run on the runner thread before
 * the worker thread starts (Thread.start orders them before {@link #run}); {@link #requestStop} and
 * {@link #abandon} may be called from any thread; the result getters are read by the runner after
 * the exit callback, which must publish (a latch, a semaphore: a happens-before edge) everything the
 * worker wrote; {@link #exited} is a volatile flag the runner may poll.
 */
final class FioWorker implements BioEndIo, Runnable
{
    static final int READ = 0;
    static final int WRITE = 1;
    private final FioJob job;
    private final BlockDevice device;
    private final int index;
    private final long regionStart;
    private final long regionBlocks;
    private final int blockSize;
    private final int depth;
    private final Slot[] slots;
    /** Worker thread only: indexes of free slots (a stack). */
    private final int[] free;
    private int freeCount;
    private final BlockSequence sequence;
    private final BlockVerifier verifier;
    /** Blocks written successfully (only with verify); worker thread only. */
    private final long[] written;
    private final boolean verifyPassAfterWrites;
    /** clat, slat, lat and flush latencies; the worker records, the runner takes intervals. */
    private final LatencyRecorder latencies;
    private final JobShape shape;
    private final boolean fixedSize;
    private final RandomDistribution distribution;
    private final RateLimiter rate;
    /** Bytes of one pass over the region. */
    private final long regionBytes;
    /** I/Os completed in the main phase, ramp included; single writer (lazySet), read by the progress thread. */
    private final AtomicLong completedIos = new AtomicLong();
    /**
     * Bytes completed per direction after ramp (verify reads included): single writer (the worker,
     * lazySet: an ordered store, no CAS), read by the runner's sampling (a volatile read).
     */
    private final AtomicLongArray measuredBytes = new AtomicLongArray(2);
    private final Runnable onExit;
    /** Per-I/O log entries for the runner, or null when no log is per I/O. */
    private final IoLogRing ioLog;
    private final boolean async;

    private final CompletionStack<Slot> completed = new CompletionStack<>();
    private volatile boolean stop;
    private volatile boolean abandoned;
    /**
     * The worker thread, written by the runner before {@code Thread.start} (which orders the write
     * before the thread's run, and so before every bio it submits and every completion of one).
     */
    private Thread owner;

    // ---- worker thread state ----
    /** The slot inside {@code device.submit} now, or null: tells an inline completion (worker thread only). */
    private Slot submitting;
    /** Whether {@link #chainNanos} may stamp the next submit (see {@link #issue}). */
    private boolean chained;
    /** The clock read that ended the previous submit of this issue phase. */
    private long chainNanos;
    /** Per direction: bytes and I/Os of the batch being reaped, published once per batch. */
    private final long[] batchBytes = new long[2];
    private long batchIos;
    private long startNanos;
    private long rampEndNanos;
    private long mixState;
    private long issued;
    private long generation;
    private long pendingBlock = -1;
    private BioOp pendingOp;
    private long verifyCursor;
    private long endNanos;
    private long sizeState;
    private long issuedBytes;
    /** Sequential offset within the region with varying block sizes, in grains. */
    private long seqCursor;
    private long writesSinceFlush;
    private boolean flushDue;
    /** nanoTime at which an I/O held back by the rate limit may go, 0 when none is held. */
    private long rateDueNanos;
    private long flushes;
    private int inFlightNow;

    // ---- results, read after the done latch ----
    private long errors;
    private int firstErrorStatus = BlkStatus.OK;
    private long firstErrorOffset = -1;
    private long verifyFailures;
    private String firstVerifyFailure;
    private long verifiedBlocks;
    /** Submits by depth after the submit: 1, 2, 3-4, 5-8, 9-16, 17-32, >= 33 (fio's "IO depths"). */
    private final long[] depthLevels = new long[FioDepths.LEVELS];
    /** Completion wake-ups by I/Os reaped: 0, 1-4, 5-8, 9-16, 17-32, 33-64, > 64 (fio's "complete"). */
    private final long[] completeBatches = new long[FioDepths.LEVELS];
    private long submits;
    private ThreadUsage usage = ThreadUsage.NONE;
    private volatile boolean exited;

    /**
     * @param regionStart first byte of the worker's region
     * @param regionBlocks blocks of {@code job.blockSize()} in the region
     */
    FioWorker(final FioJob job, final BlockDevice device, final int index, final long regionStart,
              final long regionBlocks, final long seed, final IoLogRing ioLog, final Runnable onExit)
    {
        this.job = job;
        this.device = device;
        this.index = index;
        this.regionStart = regionStart;
        this.regionBlocks = regionBlocks;
        this.blockSize = job.blockSize();
        this.shape = job.shape();
        this.fixedSize = shape.fixedBlockSize();
        this.regionBytes = regionBlocks * blockSize;
        this.distribution = shape.distribution().isUniform() ? null
            : new RandomDistribution(shape.distribution(), regionBlocks, seed ^ 0x3C6EF372FE94F82BL);
        this.rate = shape.rateLimited() ? new RateLimiter(new long[] {shape.rateBytes(READ), shape.rateBytes(WRITE)},
            shape.quiesceForRate()) : null;
        this.sizeState = BlockSequence.mix64(seed ^ 0x2545F4914F6CDD1DL);
        this.depth = job.iodepth();
        this.onExit = onExit;
        this.ioLog = ioLog;
        this.async = job.isAsync();
        // verify reads count as reads, so a write-only job with a verify pass records reads too
        this.latencies = new LatencyRecorder(new boolean[] {job.rw().hasReads() || job.verify() != VerifyMode.NONE,
            job.rw().hasWrites()}, async);
        final BlockSequence.Order order = !job.rw().isRandom() ? BlockSequence.Order.SEQUENTIAL
            : job.norandommap() ? BlockSequence.Order.RANDOM : BlockSequence.Order.RANDOM_MAP;
        this.sequence = new BlockSequence(order, regionBlocks, seed);
        this.mixState = BlockSequence.mix64(seed ^ 0x5DEECE66DL);
        final boolean verify = job.verify() != VerifyMode.NONE;
        this.verifier = verify ? new BlockVerifier(job.verify()) : null;
        this.written = verify && job.rw().hasWrites() ? new long[(int) ((regionBlocks + 63) >>> 6)] : null;
        this.verifyPassAfterWrites = verify && !job.rw().hasReads() && shape.doVerify();
        this.slots = new Slot[depth];
        this.free = new int[depth];
        long fill = seed;
        for (int i = 0; i < depth; i++)
        {
            final ByteBuffer buf = ByteBuffer.allocateDirect(shape.maxBlockSize());
            for (int at = 0; at < buf.capacity(); at += 8)
            {
                fill += 0x9E3779B97F4A7C15L;
                buf.putLong(at, BlockSequence.mix64(fill));   // fio fills write buffers with random data once
            }
            slots[i] = new Slot(i, buf);
            free[freeCount++] = i;
        }
    }

    /** Runner thread, before the thread starts: the common start time of the job's workers. */
    void start(final long startNanos, final Thread thread)
    {
        this.startNanos = startNanos;
        this.rampEndNanos = startNanos + job.rampNanos();
        if (rate != null)
        {
            rate.start(startNanos);
        }
        this.owner = thread;
        completed.bind(thread);   // a volatile write, ordered before the start by Thread.start
        thread.start();
    }

    /** Any thread: stop issuing new I/O (runtime is over); in-flight I/O is still collected. */
    void requestStop()
    {
        stop = true;          // volatile write, before the unpark: the worker sees it when it wakes
        completed.unparkOwner();
    }

    /** Any thread: give up on I/O still in flight (a device that never completes) and return. */
    void abandon()
    {
        abandoned = true;
        requestStop();
    }

    @Override
    public void run()
    {
        final ThreadUsage before = ThreadUsage.current();
        try
        {
            loop(false);
            if (shape.endFsync() && errors == 0 && !abandoned)
            {
                flush();
            }
            // fio's runtime is the job's elapsed time, not the time of its last completion: a
            // worker descheduled across the deadline stops without completing anything after it.
            endNanos = Math.max(endNanos, System.nanoTime());
            if (verifyPassAfterWrites && errors == 0 && !abandoned)
            {
                loop(true);   // verify reads count as reads, as in fio
                endNanos = Math.max(endNanos, System.nanoTime());
            }
        }
        finally
        {
            usage = ThreadUsage.current().minus(before);
            exited = true;   // volatile write: the runner's poll sees the counters written before it
            onExit.run();
        }
    }

    /**
     * Completion callback, any thread: publish the slot to the worker, as the JMH window does. No
     * clock is read here: the worker stamps a whole batch when it reaps it (fio's completion time),
     * so the completing thread (the snapshot's copier, a device) pays nothing for the measurement.
     * {@link Slot#inline} marks a bio that completed inside its own submit on the worker thread
     * ({@link #submitting} is read on the worker thread only).
     */
    @Override
    public void endIo(final Bio bio, final int status)
    {
        final Slot slot = (Slot) bio.owner();
        slot.status = status;   // plain writes, published by the push's CAS (release)
        slot.inline = Thread.currentThread() == owner && submitting == slot;
        completed.push(slot);
    }

    /** The main phase ({@code verifyPass == false}) or the read-back after a write-only job. */
    private void loop(final boolean verifyPass)
    {
        int inFlight = 0;
        pendingBlock = -1;   // a block held back at the end of the main phase is not issued
        pendingOp = null;
        while (true)
        {
            rateDueNanos = 0;
            chained = false;   // an issue phase starts with a clock read of its own
            while (inFlight < depth && canIssue(verifyPass))
            {
                if (flushDue)
                {
                    if (inFlight > 0)
                    {
                        break;   // a flush covers completed writes: let the I/O in flight finish first
                    }
                    flush();
                    continue;
                }
                BioOp op = verifyPass ? BioOp.READ : pendingOp != null ? pendingOp : nextOp();
                pendingOp = null;
                if (rate != null && !verifyPass && pendingBlock < 0)
                {
                    op = rateDirection(op);
                    final long due = rate.nextIssueNanos(op == BioOp.WRITE ? WRITE : READ);
                    if (due - System.nanoTime() > 0)
                    {
                        pendingOp = op;   // held back: ahead of the schedule
                        rateDueNanos = due;
                        break;
                    }
                    chained = false;   // the schedule's wait is not the next I/O's submission time
                }
                final long block = nextBlock(verifyPass);
                if (block < 0)
                {
                    break;
                }
                if (verifier != null && inFlight > 0 && conflicts(block))
                {
                    // Overlapping I/O to one block could read a half-written block: wait for the other one.
                    pendingBlock = block;
                    pendingOp = op;
                    break;
                }
                inFlight++;
                inFlightNow = inFlight;
                issue(slots[free[--freeCount]], block, op, verifyPass);
            }
            if (rateDueNanos != 0 && (inFlight == 0 || !rate.quiesceBeforeWait()))
            {
                if (inFlight == 0)
                {
                    // Nothing to reap: sleep towards the schedule, a bounded slice at a time to see stop requests.
                    LockSupport.parkNanos(Math.min(IdlePolicy.PARK_NANOS, rateDueNanos - System.nanoTime()));
                    continue;
                }
            }
            if (inFlight == 0)
            {
                return;
            }
            Slot list = completed.takeAll();   // acquire: sees the fields of every pushed slot
            if (list == null)
            {
                if (abandoned)
                {
                    return;
                }
                final long wait = rateDueNanos != 0 && !rate.quiesceBeforeWait()
                    ? Math.max(1, Math.min(IdlePolicy.PARK_NANOS, rateDueNanos - System.nanoTime())) : IdlePolicy.PARK_NANOS;
                list = completed.await(wait);
                if (list == null)
                {
                    continue;   // a stop request or the bounded park: look at the flags again
                }
            }
            // fio's completion time: one clock read for the batch reaped, taken before any of it
            // is processed (fio's io_getevents, then one fio_gettime for the events it returned).
            final long reapNanos = System.nanoTime();
            final LatencyRecorder.Interval interval = latencies.begin();   // one critical section per batch
            int reaped = 0;
            while (list != null)
            {
                reaped++;
                final Slot slot = list;
                list = slot.next;
                slot.next = null;   // the link belongs to the stack only while the slot is pushed
                slot.completeNanos = slot.inline && async ? slot.issuedNanos : reapNanos;
                reap(slot, verifyPass, interval);
                free[freeCount++] = slot.index;
                inFlight--;
            }
            latencies.end();
            publishBatch();
            completeBatches[FioDepths.batchLevel(reaped)]++;
        }
    }

    private boolean canIssue(final boolean verifyPass)
    {
        if (abandoned || errors > 0)
        {
            return false;
        }
        if (verifyPass)
        {
            return true;
        }
        return !stop
            && (job.numberIos() == 0 || issued < job.numberIos())
            && (job.timeBased() || issuedBytes < regionBytes * shape.loops());
    }

    /** The next block to touch, or -1 when the verify pass has read every written block. */
    private long nextBlock(final boolean verifyPass)
    {
        if (pendingBlock >= 0)
        {
            final long block = pendingBlock;
            pendingBlock = -1;
            return block;
        }
        if (!verifyPass)
        {
            if (distribution != null)
            {
                return distribution.next();
            }
            if (!fixedSize && !job.rw().isRandom())
            {
                final long block = seqCursor;
                return block;   // issue() advances the cursor by the I/O's length
            }
            return sequence.next();
        }
        while (verifyCursor < regionBlocks)
        {
            final long block = verifyCursor++;
            if ((written[(int) (block >>> 6)] & (1L << block)) != 0)
            {
                return block;
            }
        }
        return -1;
    }

    private BioOp nextOp()
    {
        final ReadWrite rw = job.rw();
        if (!rw.isMixed())
        {
            return rw.hasWrites() ? BioOp.WRITE : BioOp.READ;
        }
        mixState += 0x9E3779B97F4A7C15L;
        return Long.remainderUnsigned(BlockSequence.mix64(mixState), 100) < job.rwmixread() ? BioOp.READ : BioOp.WRITE;
    }

    /** Whether an in-flight slot targets {@code block}. O(depth); only used with verify. */
    private boolean conflicts(final long block)
    {
        for (final Slot slot : slots)
        {
            if (slot.busy && slot.block == block)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * With a rate limit: the direction to issue, fio's way. A direction behind its schedule goes;
     * when the chosen one is ahead and the other direction of a mixed job is behind, that one goes.
     */
    private BioOp rateDirection(final BioOp op)
    {
        final int dir = op == BioOp.WRITE ? WRITE : READ;
        final long now = System.nanoTime();
        if (rate.nextIssueNanos(dir) - now <= 0 || !job.rw().isMixed())
        {
            return op;
        }
        final int other = dir ^ 1;
        final int otherShare = other == READ ? job.rwmixread() : 100 - job.rwmixread();
        if (otherShare > 0 && rate.nextIssueNanos(other) - now <= 0)
        {
            return other == WRITE ? BioOp.WRITE : BioOp.READ;
        }
        return op;
    }

    /** The length of the next I/O in direction {@code op} at {@code block}, shortened to fit the region. */
    private int length(final BioOp op, final long block)
    {
        if (fixedSize)
        {
            return blockSize;
        }
        sizeState += 0x9E3779B97F4A7C15L;
        final int wanted = shape.blockSizes(op == BioOp.WRITE ? WRITE : READ).pick(BlockSequence.mix64(sizeState));
        final long room = (regionBlocks - block) * blockSize;
        return (int) Math.min(wanted, room);
    }

    /** An empty FLUSH bio, waited for (nothing else is in flight); counted as a sync, not as a read or write. */
    private void flush()
    {
        flushDue = false;
        writesSinceFlush = 0;
        final Slot slot = slots[free[--freeCount]];
        slot.flush = true;
        slot.busy = true;
        slot.bio.init(BioOp.FLUSH, 0, 0, null, 0, this, slot).flags(Bio.REQ_PREFLUSH).device(device);
        depthLevels[FioDepths.depthLevel(1)]++;   // fio counts a sync in its IO depths and submits
        submits++;
        chained = false;
        slot.submitNanos = System.nanoTime();
        device.submit(slot.bio);
        Slot list = completed.takeAll();   // acquire, as in the main loop
        while (list == null && !abandoned)
        {
            list = completed.await(IdlePolicy.PARK_NANOS);
        }
        if (list == null)
        {
            return;
        }
        slot.completeNanos = System.nanoTime();
        list.next = null;
        slot.flush = false;
        slot.busy = false;
        free[freeCount++] = slot.index;
        if (slot.status != BlkStatus.OK)
        {
            if (errors++ == 0)
            {
                firstErrorStatus = slot.status;
                firstErrorOffset = 0;
            }
            return;
        }
        flushes++;
        if (slot.completeNanos >= rampEndNanos)
        {
            latencies.begin().sync().recordValue(Math.max(0, slot.completeNanos - slot.submitNanos));
            latencies.end();
        }
    }

    private void issue(final Slot slot, final long block, final BioOp op, final boolean verifyPass)
    {
        final long offset = regionStart + block * blockSize;
        final int length = verifyPass ? blockSize : length(op, block);
        slot.length = length;
        if (!verifyPass)
        {
            issuedBytes += length;
            if (!fixedSize && !job.rw().isRandom())
            {
                seqCursor += length / blockSize;
                if (seqCursor >= regionBlocks)
                {
                    seqCursor = 0;   // the next pass (loops, time_based) starts over
                }
            }
            if (rate != null)
            {
                rate.issued(op == BioOp.WRITE ? WRITE : READ, length);
            }
            if (op == BioOp.WRITE && shape.flushEvery() > 0 && ++writesSinceFlush >= shape.flushEvery())
            {
                flushDue = true;
            }
        }
        slot.block = block;
        slot.write = op == BioOp.WRITE;
        slot.busy = true;
        if (slot.write && verifier != null)
        {
            verifier.fill(slot.buf, 0, blockSize, offset, ++generation);
            chained = false;   // filling the buffer is preparation, not submission (fio stamps after it)
        }
        slot.bio.init(op, offset >>> Bio.SECTOR_SHIFT, length >>> Bio.SECTOR_SHIFT, slot.buf, 0, this, slot).device(device);
        if (!verifyPass)
        {
            issued++;
        }
        depthLevels[FioDepths.depthLevel(inFlightNow)]++;
        submits++;
        // One clock read per submit: within an issue phase of an asynchronous engine the read that
        // ended the previous submit starts this one (fio stamps an I/O once its offset is picked;
        // here picking the block and setting up the bio, some tens of ns, count into slat too).
        slot.submitNanos = chained ? chainNanos : System.nanoTime();
        submitting = slot;
        device.submit(slot.bio);
        submitting = null;
        if (async)
        {
            chainNanos = System.nanoTime();
            slot.issuedNanos = chainNanos;   // worker-only field; the completer never touches it
            chained = true;
        }
    }

    private void reap(final Slot slot, final boolean verifyPass, final LatencyRecorder.Interval interval)
    {
        slot.busy = false;
        final long offset = regionStart + slot.block * blockSize;
        if (slot.status != BlkStatus.OK)
        {
            if (errors++ == 0)
            {
                firstErrorStatus = slot.status;
                firstErrorOffset = offset;
            }
            return;
        }
        if (!verifyPass)
        {
            endNanos = Math.max(endNanos, slot.completeNanos);
            batchIos++;
            if (slot.completeNanos >= rampEndNanos)
            {
                record(slot, offset, interval);
            }
            if (slot.write && written != null)
            {
                written[(int) (slot.block >>> 6)] |= 1L << slot.block;
            }
        }
        if (!slot.write && verifier != null)
        {
            final boolean mustCheck = verifyPass || !job.rw().hasWrites()
                || (written[(int) (slot.block >>> 6)] & (1L << slot.block)) != 0;
            if (mustCheck)
            {
                final long maxGeneration = job.rw().hasWrites() ? generation : Long.MAX_VALUE;
                final int status = verifier.check(slot.buf, 0, blockSize, offset, maxGeneration);
                if (status != BlockVerifier.OK)
                {
                    if (verifyFailures++ == 0)
                    {
                        firstVerifyFailure = "verify: " + BlockVerifier.describe(status) + " at offset " + offset
                            + " (block " + (offset / blockSize) + ", worker " + index + ")";
                    }
                }
                else if (verifyPass)
                {
                    verifiedBlocks++;
                }
                if (verifyPass)
                {
                    record(slot, offset, interval);   // verify reads count as reads, as in fio
                }
            }
        }
    }

    /** Worker thread, inside the batch's critical section: slat, clat and lat of one completed I/O. */
    private void record(final Slot slot, final long offset, final LatencyRecorder.Interval interval)
    {
        final int dir = slot.write ? WRITE : READ;
        final long total = Math.max(0, slot.completeNanos - slot.submitNanos);
        long submitTime = 0;
        if (async)
        {
            submitTime = Math.max(0, Math.min(slot.issuedNanos, slot.completeNanos) - slot.submitNanos);
            interval.latency(LatencyRecorder.SLAT, dir).recordValue(submitTime);
        }
        final long completion = total - submitTime;
        interval.latency(LatencyRecorder.CLAT, dir).recordValue(completion);
        interval.latency(LatencyRecorder.LAT, dir).recordValue(total);
        batchBytes[dir] += slot.length;
        if (ioLog != null)
        {
            ioLog.add((slot.completeNanos - startNanos) / 1_000_000, dir, completion, submitTime, offset, slot.length);
        }
    }

    /**
     * Worker thread, after a batch: publish its I/O and byte counts with ordered stores (single
     * writer: a plain read and a release store, no CAS), once per batch rather than per I/O.
     */
    private void publishBatch()
    {
        if (batchIos != 0)
        {
            completedIos.lazySet(completedIos.get() + batchIos);
            batchIos = 0;
        }
        for (int d = 0; d < 2; d++)
        {
            if (batchBytes[d] != 0)
            {
                measuredBytes.lazySet(d, measuredBytes.get(d) + batchBytes[d]);
                batchBytes[d] = 0;
            }
        }
    }

    // ---- read by the runner ----

    /** The latency histograms (clat, slat, lat per direction, flushes); the runner takes intervals. */
    LatencyRecorder latencies()
    {
        return latencies;
    }

    /** Bytes completed in {@code direction} after ramp (verify reads included) so far; any thread. */
    long measuredBytes(final int direction)
    {
        return measuredBytes.get(direction);   // volatile read of the worker's ordered store
    }

    /** Flushes completed, after the done latch. */
    long flushes()
    {
        return flushes;
    }

    /** The per-I/O log ring, or null. */
    IoLogRing ioLog()
    {
        return ioLog;
    }

    /** Whether the worker thread has finished (volatile read). */
    boolean exited()
    {
        return exited;
    }

    /** Nanoseconds of the end of ramp_time (the start of measurement). */
    long rampEndNanos()
    {
        return rampEndNanos;
    }

    long[] depthLevels()
    {
        return depthLevels.clone();
    }

    long[] completeBatches()
    {
        return completeBatches.clone();
    }

    long submits()
    {
        return submits;
    }

    ThreadUsage usage()
    {
        return usage;
    }

    long completedIos()
    {
        return completedIos.get();
    }

    int index()
    {
        return index;
    }

    long regionBlocks()
    {
        return regionBlocks;
    }

    long startNanos()
    {
        return startNanos;
    }

    /** Nanoseconds of the measured part of the main phase (ramp excluded), after the done latch. */
    long runtimeNanos()
    {
        return Math.max(0, endNanos - rampEndNanos);
    }

    long errors()
    {
        return errors;
    }

    int firstErrorStatus()
    {
        return firstErrorStatus;
    }

    long firstErrorOffset()
    {
        return firstErrorOffset;
    }

    long verifyFailures()
    {
        return verifyFailures;
    }

    String firstVerifyFailure()
    {
        return firstVerifyFailure;
    }

    long verifiedBlocks()
    {
        return verifiedBlocks;
    }

    /** One request slot: a bio, its buffer and its timestamps. Fields owned as the bio is. */
    private static final class Slot implements CompletionStack.Node<Slot>
    {
        final int index;
        final Bio bio = new Bio();
        final ByteBuffer buf;
        long block;
        boolean write;
        /** Bytes of the I/O. */
        int length;
        /** An empty flush rather than a read or write. */
        boolean flush;
        /** Worker thread only: between issue and reap. */
        boolean busy;
        long submitNanos;
        /** Worker thread only: when submit returned (asynchronous engines). */
        long issuedNanos;
        /** Worker thread only: the reap time of the slot's batch (or its submit's return, when inline). */
        long completeNanos;
        int status;
        /** Completed inside its own submit, on the worker thread; written by the completer before the push. */
        boolean inline;
        /** Link in the completion stack; written by the completer before its CAS. */
        Slot next;

        Slot(final int index, final ByteBuffer buf)
        {
            this.index = index;
            this.buf = buf;
        }

        @Override
        public Slot stackNext()
        {
            return next;
        }

        @Override
        public void stackNext(final Slot n)
        {
            next = n;
        }
    }
}
