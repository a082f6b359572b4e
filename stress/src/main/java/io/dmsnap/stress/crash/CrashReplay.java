package io.dmsnap.stress.crash;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.LogWritesDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DmLog;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.engine.store.CowInspector;
import io.dmsnap.engine.store.CowReport;
import io.dmsnap.engine.store.ExceptionStore;
import io.dmsnap.engine.store.ExceptionStores;
import io.dmsnap.engine.store.InspectException;
import io.dmsnap.engine.store.PersistentStore;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.oracle.BlockPattern;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Crash replay of a persistent snapshot (230c83af, S01): run concurrent origin and snapshot
 * writes against a P store whose COW device logs every write and flush, then rebuild the COW as
 * it could look after a crash at many points of that log (every ordering point, and random
 * states in which unflushed writes are lost or reordered), reload the store from each, and check
 * the invariants:
 * <ol>
 *   <li>the store reloads (replay succeeds, the snapshot is valid);</li>
 *   <li>every replayed exception's COW chunk holds the data the snapshot must show for that
 *       chunk: the origin's data at snapshot time for chunks the origin overwrote, the snapshot's
 *       own data for chunks written through the snapshot;</li>
 *   <li>no leak: every chunk in {@code [2, next_free)} is a metadata area or referenced;</li>
 *   <li>every origin write acknowledged before the crash point has its exception on disk (the
 *       origin may already hold the new data, so the old data must be in the COW).</li>
 * </ol>
 * Origin writes are acknowledged through marks in the COW log, so "before the crash point" is
 * exact. Reads of the origin are delayed for some chunks so that copies finish out of order.
 */
public final class CrashReplay
{
    static final int CHUNK = 8;
    static final int ORIGIN_CHUNKS = 4096;
    static final int COW_CHUNKS = 2048;

    public final List<String> violations = new ArrayList<>();
    public final List<String> formatViolations = new ArrayList<>();
    public int statesChecked;
    public int leakStates;
    public long leakedChunks;
    public long maxLeakInOneState;

    private final LogWritesDevice cowLog;
    private final Map<Long, Integer> writtenBy = new HashMap<>();   // chunk -> 1 origin, 2 snapshot

    private CrashReplay(final LogWritesDevice cowLog)
    {
        this.cowLog = cowLog;
    }

    /** Run the workload on {@code config} and return the replay checker for its COW log. */
    public static CrashReplay run(final EngineConfig config, final long seed, final int originWrites, final int snapshotWrites)
        throws Exception
    {
        final LogWritesDevice cowLog = new LogWritesDevice("cow", new MemoryDevice("cow-mem", (long) COW_CHUNKS * CHUNK));
        final CrashReplay replay = new CrashReplay(cowLog);
        try (StressStack st = new StressStack(config, (long) ORIGIN_CHUNKS * CHUNK))
        {
            final FlakeyDevice base = st.base;
            for (int c = 0; c < ORIGIN_CHUNKS; c++)
            {
                st.baseMemory.writeBytes((long) c * CHUNK, BlockPattern.of(c, 0, 0));
            }
            final MappedDevice snap = st.lvm.addSnapshot("snap", cowLog, "P " + CHUNK);
            // Every 5th chunk's origin read is slow: copies complete out of allocation order.
            base.delay(FlakeyDevice.Selector.ops(BioOp.READ).where(b -> (b.sector() / CHUNK) % 5 == 0), 400_000);
            final List<Integer> chunks = new ArrayList<>();
            for (int c = 0; c < ORIGIN_CHUNKS; c++)
            {
                chunks.add(c);
            }
            java.util.Collections.shuffle(chunks, new Random(seed));
            final int writers = 2;
            final ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
            try
            {
                final List<Future<?>> fs = new ArrayList<>();
                for (int w = 0; w < writers; w++)
                {
                    final List<Integer> mine = chunks.subList(w * originWrites, (w + 1) * originWrites);
                    mine.forEach(c -> replay.writtenBy.put((long) c, 1));
                    fs.add(pool.submit(() -> originWriter(st.origin, cowLog, mine)));
                }
                final List<Integer> snapChunks = chunks.subList(writers * originWrites,
                    writers * originWrites + snapshotWrites);
                snapChunks.forEach(c -> replay.writtenBy.put((long) c, 2));
                fs.add(pool.submit(() -> snapshotWriter(snap, snapChunks)));
                for (final Future<?> f : fs)
                {
                    f.get();
                }
            }
            finally
            {
                pool.shutdown();
            }
        }
        return replay;
    }

    /**
     * The S01 scenario, deterministic (230c83af): fill area 0 until 5 slots remain with one COW at
     * a time, then start 10 COWs together whose origin reads are held in the device, and let the
     * copies finish in reverse allocation order, one by one. Without in-order commit the full area
     * records the 5 later allocations and the 5 earlier ones go to the next area write, so a crash
     * between the two area writes leaks 5 chunks.
     */
    public static CrashReplay runReverseCompletion(final EngineConfig config) throws Exception
    {
        final LogWritesDevice cowLog = new LogWritesDevice("cow", new MemoryDevice("cow-mem", (long) COW_CHUNKS * CHUNK));
        final CrashReplay replay = new CrashReplay(cowLog);
        final ExecutorService pool = Executors.newCachedThreadPool();
        try (StressStack st = new StressStack(config, (long) ORIGIN_CHUNKS * CHUNK))
        {
            final FlakeyDevice base = st.base;
            for (int c = 0; c < ORIGIN_CHUNKS; c++)
            {
                st.baseMemory.writeBytes((long) c * CHUNK, BlockPattern.of(c, 0, 0));
            }
            st.lvm.addSnapshot("snap", cowLog, "P " + CHUNK);
            final Snapshot s = st.snapshot("snap");
            final int epa = PersistentStore.exceptionsPerArea(CHUNK);
            final List<Integer> first = new ArrayList<>();
            for (int c = 0; c < epa - 5; c++)
            {
                first.add(c);
                replay.writtenBy.put((long) c, 1);
            }
            originWriter(st.origin, cowLog, first);
            final List<Future<?>> writes = new ArrayList<>();
            final List<FlakeyDevice.Hold> holds = new ArrayList<>();
            for (int i = 0; i < 10; i++)
            {
                final int c = 1000 + i;
                replay.writtenBy.put((long) c, 1);
                final FlakeyDevice.Hold h = base.hold(
                    FlakeyDevice.Selector.ops(BioOp.READ).sectors((long) c * CHUNK, (long) c * CHUNK + CHUNK).count(1));
                holds.add(h);
                writes.add(pool.submit(() -> originWriter(st.origin, cowLog, List.of(c))));
                if (!h.awaitHeld(10, java.util.concurrent.TimeUnit.SECONDS))
                {
                    throw new AssertionError("copy of chunk " + c + " never reached the origin device");
                }
            }
            for (int i = 9; i >= 0; i--)
            {
                final long before = s.stats().copiesInFlight();
                holds.get(i).releaseAll();
                final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
                while (s.stats().copiesInFlight() >= before && System.nanoTime() < deadline)
                {
                    Thread.sleep(1);
                }
            }
            for (final Future<?> f : writes)
            {
                f.get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        finally
        {
            pool.shutdownNow();
        }
        return replay;
    }

    private static void originWriter(final BlockDevice origin, final LogWritesDevice cowLog, final List<Integer> chunks)
    {
        for (final int c : chunks)
        {
            final int st = StressStack.write(origin, (long) c * CHUNK, BlockPattern.of(c, 1, 1));
            if (st != BlkStatus.OK)
            {
                throw new AssertionError("origin write failed: " + BlkStatus.name(st));
            }
            cowLog.mark("ack " + c);   // the origin write is acknowledged: its COW must be durable
        }
    }

    private static void snapshotWriter(final BlockDevice snap, final List<Integer> chunks)
    {
        for (final int c : chunks)
        {
            final int st = StressStack.write(snap, (long) c * CHUNK, BlockPattern.of(c, 2, 2));
            if (st != BlkStatus.OK)
            {
                throw new AssertionError("snapshot write failed: " + BlkStatus.name(st));
            }
        }
    }

    /** Check the state after exactly the first {@code n} log entries. */
    public void checkPrefix(final int n)
    {
        check(cowLog.materialise(n), n, "prefix " + n);
    }

    /** Check every ordering point (flush or FUA write): the states a crash right after it leaves. */
    public void checkEveryOrderingPoint()
    {
        for (final int p : cowLog.orderingPoints())
        {
            checkPrefix(p + 1);
        }
        checkPrefix(cowLog.size());
    }

    /** Check {@code count} random crash states with lost and reordered unflushed writes. */
    public void checkRandomCrashStates(final long seed, final int count)
    {
        final Random rnd = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            final int at = rnd.nextInt(cowLog.size() + 1);
            check(cowLog.crashState(rnd, at), at, "crash state " + i + " at " + at);
        }
    }

    private void check(final MemoryDevice image, final int position, final String what)
    {
        statesChecked++;
        final DmLog log = new DmLog("replay");
        final MemoryDevice origin = new MemoryDevice("origin", (long) ORIGIN_CHUNKS * CHUNK);
        final Map<Long, Long> replayed = new HashMap<>();
        try
        {
            final ExceptionStore store = ExceptionStores.create("P", Integer.toString(CHUNK), image, origin, log);
            final int r = store.readMetadata((o, n) ->
            {
                replayed.put(o, n);
                return true;
            });
            if (r != 0)
            {
                violations.add(what + ": store does not reload as valid (readMetadata = " + r + ") " + log.lines());
                return;
            }
            store.close();
        }
        catch (final Exception e)
        {
            violations.add(what + ": store construction failed: " + e.getMessage());
            return;
        }
        // 2. data of every replayed exception
        for (final Map.Entry<Long, Long> e : replayed.entrySet())
        {
            final long old = e.getKey();
            final Integer by = writtenBy.get(old);
            final byte[] got = image.readBytes(e.getValue() * CHUNK, CHUNK);
            final byte[] want = by != null && by == 2 ? BlockPattern.of(old, 2, 2) : BlockPattern.of(old, 0, 0);
            if (!Arrays.equals(want, got))
            {
                violations.add(what + ": exception " + old + " -> " + e.getValue() + " holds " + BlockPattern.describe(got)
                    + ", expected " + BlockPattern.describe(want));
            }
        }
        // 3. no leak (an independent reader of the format)
        final CowReport report;
        try
        {
            report = CowInspector.inspect(image, CHUNK);
        }
        catch (final InspectException e)
        {
            violations.add(what + ": the inspector cannot read the image: " + e.getMessage());
            return;
        }
        final long leakHere = report.leakedChunks();
        final boolean leaked = leakHere > 0;
        for (final String s : report.verify())
        {
            if (formatViolations.size() < 20)
            {
                formatViolations.add(what + ": " + s);
            }
        }
        if (leaked)
        {
            leakStates++;
            leakedChunks += leakHere;
            maxLeakInOneState = Math.max(maxLeakInOneState, leakHere);
        }
        // 4. acknowledged origin writes
        final List<LogWritesDevice.Entry> entries = cowLog.entries();
        for (int i = 0; i < position && i < entries.size(); i++)
        {
            final LogWritesDevice.Entry e = entries.get(i);
            if (e.kind() == LogWritesDevice.Kind.MARK && e.label().startsWith("ack "))
            {
                final long c = Long.parseLong(e.label().substring(4));
                if (!replayed.containsKey(c))
                {
                    violations.add(what + ": origin write of chunk " + c + " was acknowledged at log entry " + i
                        + " but its exception is not on disk");
                }
            }
        }
    }

    public String summary()
    {
        return statesChecked + " crash states checked over a log of " + cowLog.size() + " entries; states with leaks: "
            + leakStates + ", leaked chunks (sum over states): " + leakedChunks;
    }
}
