package io.dmsnap.stress.soak;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.lvm.LvmStack;
import io.dmsnap.engine.snap.Origins;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.stress.ThreadDump;
import io.dmsnap.stress.oracle.BlockPattern;
import io.dmsnap.stress.oracle.EngineChecks;
import io.dmsnap.stress.oracle.PatternOracle;
import io.dmsnap.stress.oracle.ShadowModel;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The randomized soak: an origin with several snapshots of different chunk sizes and stores (N
 * and P), workers doing a random mix of origin and snapshot reads and writes (single blocks and
 * runs that cover whole chunks), devices that delay a seed-chosen subset of I/O so completions
 * reorder, and a control thread that creates, hands over (table reload on the same COW), removes
 * and crash-reloads snapshots during the load. Every read is checked against a
 * {@link ShadowModel}; at the end every device is verified in full and every pending exception
 * must be freed.
 *
 * <p>Reproducibility: the operation schedule (each worker's sequence of operations, the control
 * thread's sequence of actions, the delayed subset) comes from the seed. Thread timing is not
 * controlled, so the interleaving of those sequences varies from run to run.
 *
 * <p>Ownership: the origin's blocks are cut into stripes of {@value #STRIPE} blocks; worker w owns
 * the stripes w, w + W, ... on the origin and on every snapshot, so each block has one writer and
 * the model needs no per-block ordering beyond that worker's program order.
 *
 * <p>Crash-reload: at a quiesced point (every worker paused between operations, so every
 * acknowledged write is durable on the memory devices, which have no volatile cache) the COW of a
 * snapshot is copied, the snapshot removed, and a new snapshot constructed on the copy: the store
 * replays the copy, as after a crash at that point, and its content is verified against the model.
 *
 * <p>Quiescing: workers hold {@code quiesce} for reading around each operation and a slot's lock
 * for reading around each snapshot operation; the control thread takes a slot's lock for writing
 * to remove, hand over or verify a snapshot (origin I/O continues meanwhile), and {@code quiesce}
 * for writing only to crash-reload (no origin write may happen between the copy and the reload).
 */
public final class SoakRunner
{
    static final int BLOCK_SECTORS = PatternOracle.SECTORS_PER_BLOCK;
    static final long BLOCKS = 1024;
    static final int STRIPE = 8;
    static final int SLOTS = 4;
    static final long CONTROL_INTERVAL_MILLIS = 150;
    static final int MAX_VIOLATIONS = 50;

    private final SoakOptions options;
    private final DeviceMapper dm;
    private final LvmStack lvm;
    private final FlakeyDevice base;
    private final MemoryDevice baseMemory;
    private final MappedDevice origin;
    private final long sectors = BLOCKS * BLOCK_SECTORS;
    private final ShadowModel model = new ShadowModel(BLOCKS);
    private final ReentrantReadWriteLock quiesce = new ReentrantReadWriteLock();
    private final Slot[] slots = new Slot[SLOTS];
    private final SplittableRandom[] workerRandom;
    /** What each worker is doing now, for the hang report: written by the worker, read racily by the watchdog. */
    private final WorkerOp[] currentOp;
    /** Faults already reported: the watchdog and the control thread (retiring a COW) both report. */
    private final Set<Throwable> reportedFaults = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private final SplittableRandom controlRandom;
    private final AtomicLong ops = new AtomicLong();
    private final AtomicLong verifiedBytes = new AtomicLong();
    private final AtomicLong creates = new AtomicLong();
    private final AtomicLong removes = new AtomicLong();
    private final AtomicLong handovers = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong();
    private final List<String> violations = new ArrayList<>();   // guarded by itself
    /** Sampled by the thread that runs {@link #run()} only. */
    private long peakDirectBytes;
    private volatile boolean stop;

    /** One snapshot position: its store and chunk size are fixed, the snapshot in it comes and goes. */
    private static final class Slot
    {
        final int index;
        final String store;
        final int chunk;
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        /** Written under lock (write), read under lock (read) by workers. */
        MappedDevice dev;
        FlakeyDevice cow;
        int generation;

        Slot(final int index, final String store, final int chunk)
        {
            this.index = index;
            this.store = store;
            this.chunk = chunk;
        }

        String name()
        {
            return "s" + index;
        }
    }

    public SoakRunner(final SoakOptions options) throws DmException
    {
        this.options = options;
        final SplittableRandom root = new SplittableRandom(options.seed());
        this.workerRandom = new SplittableRandom[options.workers()];
        this.currentOp = new WorkerOp[options.workers()];
        for (int w = 0; w < workerRandom.length; w++)
        {
            currentOp[w] = new WorkerOp();
            workerRandom[w] = root.split();
        }
        this.controlRandom = root.split();
        final int[] chunks = {8, 16, 32};
        for (int i = 0; i < SLOTS; i++)
        {
            final String store = i == 0 ? "P" : i == 1 ? "N" : controlRandom.nextBoolean() ? "P" : "N";
            slots[i] = new Slot(i, store, chunks[controlRandom.nextInt(chunks.length)]);
        }
        this.dm = new DeviceMapper(options.config());
        this.baseMemory = new MemoryDevice("soak-base-mem", sectors);
        this.base = new FlakeyDevice("soak-base", baseMemory);
        PatternOracle.stampInitial(baseMemory, BLOCKS);
        this.lvm = new LvmStack(dm, base);
        this.origin = lvm.origin();
        final int readMod = 3 + controlRandom.nextInt(5);
        final int writeMod = 3 + controlRandom.nextInt(5);
        base.delay(FlakeyDevice.Selector.ops(BioOp.READ).where(b -> Long.hashCode(b.sector() * 0x9E3779B97F4A7C15L) % readMod == 0),
            TimeUnit.MICROSECONDS.toNanos(300));
        base.delay(FlakeyDevice.Selector.ops(BioOp.WRITE).where(b -> Long.hashCode(b.sector() * 0x9E3779B97F4A7C15L) % writeMod == 0),
            TimeUnit.MICROSECONDS.toNanos(200));
    }

    /** Run for the options' duration; never throws for an engine failure (it is a violation). */
    public SoakResult run() throws InterruptedException, DmException
    {
        for (final Slot s : slots)
        {
            create(s);
        }
        final List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < options.workers(); w++)
        {
            final int worker = w;
            threads.add(daemon("stress-soak-worker-" + w, () -> worker(worker)));
        }
        threads.add(daemon("stress-soak-control", this::control));
        threads.forEach(Thread::start);

        final long end = System.nanoTime() + options.duration().toNanos();
        final long stallNanos = options.stallBound().toNanos();
        long lastOps = -1;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() < end && violationCount() == 0)
        {
            Thread.sleep(50);
            peakDirectBytes = Math.max(peakDirectBytes, ProcessMemory.directBytes());
            checkEngineFaults();
            final long n = ops.get() + creates.get() + removes.get() + handovers.get() + reloads.get();
            if (n != lastOps)
            {
                lastOps = n;
                lastProgress = System.nanoTime();
            }
            else if (System.nanoTime() - lastProgress > stallNanos)
            {
                return hung("no operation completed for " + options.stallBound().toMillis() + " ms");
            }
        }
        stop = true;
        for (final Thread t : threads)
        {
            t.join(stallNanos / 1_000_000L);
            if (t.isAlive())
            {
                return hung(t.getName() + " did not stop within " + options.stallBound().toMillis() + " ms");
            }
        }
        finalCheck();
        close();
        return result(false, null);
    }

    /**
     * An exception thrown inside the engine's asynchronous paths (a copier callback, a delayed
     * completion on a device's timer) is caught there so that the thread survives, but it leaves a
     * pending exception or a bio behind and the run would only hang later: report it at once, with
     * its stack trace, as the violation it is.
     */
    private void checkEngineFaults()
    {
        reportFault("engine", Origins.of(dm).firstCallbackFailure());
        reportFault(base.name(), base.timerFailure());
        for (final Slot s : slots)
        {
            final FlakeyDevice cow = s.cow;   // racy read: a slot's COW changes under its lock; any recent one will do
            if (cow != null)
            {
                reportFault(cow.name(), cow.timerFailure());
            }
        }
    }

    private void reportFault(final String where, final Throwable t)
    {
        if (t != null && reportedFaults.add(t))
        {
            violation(where + ": an asynchronous engine path threw: " + ThreadDump.of(t).strip());
        }
    }

    private SoakResult hung(final String what)
    {
        stop = true;
        checkEngineFaults();
        final StringBuilder ops = new StringBuilder();
        for (int w = 0; w < currentOp.length; w++)
        {
            ops.append("  worker ").append(w).append(": ").append(currentOp[w]).append('\n');
        }
        final String detail = what + "\nworkers' last operations:\n" + ops + "engine state:\n" + Origins.of(dm).describeAll()
            + "devices:\n" + dm.describeDevices() + "threads:\n"
            + ThreadDump.engineAndStressThreads();
        return result(true, detail);
    }

    private SoakResult result(final boolean hung, final String detail)
    {
        final List<String> v;
        synchronized (violations)
        {
            v = List.copyOf(violations);
        }
        return new SoakResult(options.seed(), ops.get(), verifiedBytes.get(), creates.get(), removes.get(), handovers.get(),
            reloads.get(), v, hung, detail, peakDirectBytes, ProcessMemory.peakRssBytes());
    }

    /**
     * A soak thread. Its body reports engine failures as violations itself; anything that still
     * escapes (an {@code Error} such as OutOfMemoryError, or a bug in the soak) ends the thread,
     * and a soak that went on without it would report a pass for work it no longer did: so it is
     * a violation too, which stops the run.
     */
    private Thread daemon(final String name, final Runnable body)
    {
        final Thread t = new Thread(() ->
        {
            try
            {
                body.run();
            }
            catch (final Throwable e)
            {
                violation(name + " died: " + e);
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    private int violationCount()
    {
        synchronized (violations)
        {
            return violations.size();
        }
    }

    private void violation(final String what)
    {
        synchronized (violations)
        {
            if (violations.size() < MAX_VIOLATIONS)
            {
                violations.add("seed " + options.seed() + ": " + what);
            }
        }
    }

    // ---------------------------------------------------------------- workers

    private void worker(final int w)
    {
        final SplittableRandom rnd = workerRandom[w];
        final ByteBuffer buf = ByteBuffer.allocateDirect(STRIPE * BlockPattern.BLOCK);
        final byte[] block = new byte[BlockPattern.BLOCK];
        final long stripes = BLOCKS / STRIPE;
        final long mine = (stripes - w + options.workers() - 1) / options.workers();
        int version = 0;
        long n = 0;
        try
        {
            while (!stop)
            {
                // Every draw happens whatever the engine state, so the sequence depends on the seed only.
                final int kind = rnd.nextInt(100);
                final long stripe = w + (long) options.workers() * rnd.nextLong(mine);
                final int offset = rnd.nextInt(STRIPE);
                final int len = rnd.nextBoolean() ? 1 : 1 + rnd.nextInt(STRIPE - offset);
                final Slot slot = slots[rnd.nextInt(SLOTS)];
                final long first = stripe * STRIPE + offset;
                version++;
                n++;
                quiesce.readLock().lock();
                try
                {
                    if (kind < 40)
                    {
                        write(origin, model.origin(), first, len, version, w + 1, buf, n, w);
                    }
                    else if (kind < 60)
                    {
                        read(origin, model.origin(), first, len, buf, block, n, w);
                    }
                    else
                    {
                        slot.lock.readLock().lock();
                        try
                        {
                            final ShadowModel.Image image = model.snapshot(slot.name());
                            if (slot.dev != null && image != null)
                            {
                                if (kind < 75)
                                {
                                    write(slot.dev, image, first, len, version, w + 1, buf, n, w);
                                }
                                else
                                {
                                    read(slot.dev, image, first, len, buf, block, n, w);
                                }
                            }
                        }
                        finally
                        {
                            slot.lock.readLock().unlock();
                        }
                    }
                }
                finally
                {
                    quiesce.readLock().unlock();
                }
                ops.incrementAndGet();
            }
        }
        catch (final RuntimeException e)
        {
            violation("worker " + w + " op " + n + ": " + e);
        }
    }

    private void write(final MappedDevice dev, final ShadowModel.Image image, final long first, final int len,
                       final int version, final int writer, final ByteBuffer buf, final long n, final int w)
    {
        currentOp[w].set(n, "write", len, first, dev);
        for (int i = 0; i < len; i++)
        {
            buf.put(i * BlockPattern.BLOCK, BlockPattern.of(first + i, version, writer));
            image.beginWrite(first + i, PatternOracle.expect(version, writer));
        }
        final int st = SyncIo.io(dev, BioOp.WRITE, first * BLOCK_SECTORS, len * BLOCK_SECTORS, buf, 0);
        for (int i = 0; i < len; i++)
        {
            image.endWrite(first + i, st == BlkStatus.OK);
        }
        if (st != BlkStatus.OK)
        {
            violation("worker " + w + " op " + n + ": write of " + len + " blocks at block " + first + " of " + dev.name()
                + " failed with " + BlkStatus.name(st));
        }
    }

    private void read(final MappedDevice dev, final ShadowModel.Image image, final long first, final int len,
                      final ByteBuffer buf, final byte[] block, final long n, final int w)
    {
        currentOp[w].set(n, "read", len, first, dev);
        final int st = SyncIo.io(dev, BioOp.READ, first * BLOCK_SECTORS, len * BLOCK_SECTORS, buf, 0);
        if (st != BlkStatus.OK)
        {
            violation("worker " + w + " op " + n + ": read of " + len + " blocks at block " + first + " of " + dev.name()
                + " failed with " + BlkStatus.name(st));
            return;
        }
        for (int i = 0; i < len; i++)
        {
            buf.get(i * BlockPattern.BLOCK, block);
            checkBlock(dev.name(), image, first + i, block, "worker " + w + " op " + n);
        }
    }

    private void checkBlock(final String device, final ShadowModel.Image image, final long b, final byte[] data,
                            final String who)
    {
        final long[] accepted = image.accepted(b);
        final long got = PatternOracle.matching(b, data, accepted);
        if (got == -1)
        {
            final StringBuilder want = new StringBuilder();
            for (final long e : accepted)
            {
                want.append(want.length() == 0 ? "" : " or ").append("version ").append(PatternOracle.version(e))
                    .append(" writer ").append(PatternOracle.writer(e));
            }
            violation(who + ": " + device + " block " + b + " holds " + BlockPattern.describe(data) + ", expected " + want);
        }
        else
        {
            image.observed(b, got);
            verifiedBytes.addAndGet(BlockPattern.BLOCK);
        }
    }

    // ---------------------------------------------------------------- control

    private void control()
    {
        long n = 0;
        try
        {
            while (!stop)
            {
                Thread.sleep(CONTROL_INTERVAL_MILLIS);
                final int action = controlRandom.nextInt(100);
                final Slot slot = slots[controlRandom.nextInt(SLOTS)];
                n++;
                slot.lock.writeLock().lock();
                try
                {
                    if (slot.dev == null)
                    {
                        create(slot);
                    }
                    else if (action < 20)
                    {
                        remove(slot);
                    }
                    else if (action < 50)
                    {
                        handover(slot);
                    }
                    else if (action < 75 && slot.store.equals("P"))
                    {
                        slot.lock.writeLock().unlock();
                        try
                        {
                            crashReload(slot);
                        }
                        finally
                        {
                            slot.lock.writeLock().lock();
                        }
                    }
                    else
                    {
                        verifySnapshot(slot, "control action " + n + ": verify");
                    }
                }
                finally
                {
                    slot.lock.writeLock().unlock();
                }
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        catch (final DmException | RuntimeException e)
        {
            violation("control action " + n + ": " + e);
        }
    }

    private String storeAndChunk(final Slot s)
    {
        return s.store + " " + s.chunk;
    }

    /** Caller holds the slot's write lock (or nothing runs yet). */
    private void create(final Slot s) throws DmException
    {
        s.generation++;
        final MemoryDevice mem = new MemoryDevice("cow" + s.index + "-" + s.generation + "-mem", sectors + sectors / 4 + 256);
        attachCow(s, mem);
        construct(s);
        creates.incrementAndGet();
    }

    private void attachCow(final Slot s, final MemoryDevice mem) throws DmException
    {
        s.cow = new FlakeyDevice("cow" + s.index + "-" + s.generation, mem);
        final int mod = 3 + (s.index + s.generation) % 4;
        s.cow.delay(FlakeyDevice.Selector.ops(BioOp.WRITE).where(b -> (b.sector() / 8) % mod == 0),
            TimeUnit.MICROSECONDS.toNanos(200));
        dm.addDevice(s.cow);
    }

    /** LVM's way, with the model's snapshot taken while the origin is suspended (see ShadowModel#createSnapshot). */
    private void construct(final Slot s) throws DmException
    {
        try
        {
            s.dev = lvm.addSnapshotOn(s.name(), s.cow.name(), storeAndChunk(s), () -> model.createSnapshot(s.name()));
        }
        catch (final DmException e)
        {
            model.dropSnapshot(s.name());
            throw e;
        }
    }

    private void remove(final Slot s) throws DmException
    {
        dm.remove(s.name());
        model.dropSnapshot(s.name());
        dm.removeDevice(s.cow.name());
        retire(s.cow);
        s.dev = null;
        s.cow = null;
        removes.incrementAndGet();
    }

    /** Table reload on the same COW (the exceptions are handed over); snapshot I/O is paused, origin I/O is not. */
    private void handover(final Slot s) throws DmException
    {
        dm.load(s.name(), lvm.snapshotTable(s.cow.name(), storeAndChunk(s)));
        dm.suspend(s.name());
        dm.resume(s.name());
        handovers.incrementAndGet();
        final Snapshot snap = (Snapshot) dm.mappedDevice(s.name()).targetAt(0);
        if (!snap.isValid())
        {
            violation(s.name() + " is invalid after a handover");
        }
    }

    private void crashReload(final Slot s) throws DmException
    {
        quiesce.writeLock().lock();
        s.lock.writeLock().lock();
        try
        {
            if (s.dev == null)
            {
                return;
            }
            final MemoryDevice image = ((MemoryDevice) s.cow.inner()).copy("cow" + s.index + "-" + (s.generation + 1) + "-mem");
            dm.remove(s.name());
            dm.removeDevice(s.cow.name());
            retire(s.cow);
            s.generation++;
            attachCow(s, image);
            s.dev = lvm.addSnapshotOn(s.name(), s.cow.name(), storeAndChunk(s));
            reloads.incrementAndGet();
            verifySnapshot(s, "after crash-reload of " + s.name());
        }
        finally
        {
            s.lock.writeLock().unlock();
            quiesce.writeLock().unlock();
        }
    }

    /** Caller holds the slot's write lock: no worker touches the snapshot; origin writes cannot change it. */
    private void verifySnapshot(final Slot s, final String who)
    {
        final ShadowModel.Image image = model.snapshot(s.name());
        final PatternOracle oracle = new PatternOracle();
        for (long b = 0; b < BLOCKS; b++)
        {
            final String m = oracle.check(s.dev, b, image.accepted(b));
            if (m != null)
            {
                violation(who + ": " + m);
                return;
            }
            image.observed(b, PatternOracle.matching(b, oracle.lastRead(), image.accepted(b)));
            verifiedBytes.addAndGet(BlockPattern.BLOCK);
        }
    }

    // ---------------------------------------------------------------- end

    private void finalCheck()
    {
        final PatternOracle oracle = new PatternOracle();
        for (long b = 0; b < BLOCKS; b++)
        {
            final String m = oracle.check(origin, b, model.origin().accepted(b));
            if (m != null)
            {
                violation("final check: " + m);
                break;
            }
            verifiedBytes.addAndGet(BlockPattern.BLOCK);
        }
        for (final Slot s : slots)
        {
            if (s.dev != null)
            {
                verifySnapshot(s, "final check");
                if (!((Snapshot) s.dev.targetAt(0)).isValid())
                {
                    violation("final check: " + s.name() + " is invalid");
                }
            }
        }
        for (final String v : EngineChecks.quiescent(Origins.of(dm).snapshots()))
        {
            violation("final check: " + v);
        }
    }

    private void close()
    {
        try
        {
            lvm.removeAll();
        }
        catch (final DmException e)
        {
            violation("teardown: " + e.getMessage());
        }
        for (final Slot s : slots)
        {
            if (s.cow != null)
            {
                retire(s.cow);
            }
        }
    }

    /**
     * A COW device nothing maps any more: its delay timer thread stops and its memory goes. The
     * device mapper forgets a removed device but does not own it; left open, each removed or
     * crash-reloaded COW kept its timer thread, and through it the device and its memory, for the
     * rest of the run (a 20-minute soak held over a thousand of them and ran out of memory).
     */
    private void retire(final FlakeyDevice cow)
    {
        reportFault(cow.name(), cow.timerFailure());
        cow.close();
        cow.inner().close();
    }

    /**
     * A worker's current operation, kept as fields so that noting it costs a few plain stores and
     * no allocation; only a hang report formats it. Written by its worker, read racily by the
     * watchdog after the worker stopped making progress.
     */
    private static final class WorkerOp
    {
        private long n;
        private String kind = "none yet";
        private int blocks;
        private long first;
        private MappedDevice device;

        void set(final long n, final String kind, final int blocks, final long first, final MappedDevice device)
        {
            this.n = n;
            this.kind = kind;
            this.blocks = blocks;
            this.first = first;
            this.device = device;
        }

        @Override
        public String toString()
        {
            return device == null ? kind
                : "op " + n + ": " + kind + " of " + blocks + " blocks at block " + first + " of " + device.name();
        }
    }
}
