package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;
import io.dmsnap.stress.oracle.PatternOracle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * S04, commit b2155578: the semaphore COW throttle (721b1d98) deadlocked with snapshot creation.
 *
 * <p>Bug: an origin writer acquired a throttle permit while holding {@code _origins_lock} for
 * reading. With every permit taken by copies in flight, the next writer blocks on a permit holding
 * the read lock; a snapshot constructor then queues for the write lock, and the (fair) lock
 * makes new readers queue behind it; the copier's completion retries an origin bio, which needs
 * the read lock before the permit it holds is ever released. Writer waits for the copier, the
 * copier for the constructor, the constructor for the writer.
 *
 * <p>Trigger: one snapshot, COW threshold {@value #THRESHOLD}; every origin read (the copies'
 * source) is held in the device; {@value #WRITERS} writers write distinct chunks, so the first ones
 * take the permits with their copies held and the rest block in the throttle; while they are
 * blocked, a second snapshot is constructed on the same origin directly (no origin suspend, so
 * the constructor goes straight for {@code _origins_lock} in write mode); then the held reads are
 * released. Repeated {@value #SUITE_ROUNDS} times in the build, {@value #FULL_ROUNDS} from the command line.
 *
 * <p>Oracle: every write and the constructor complete (each wait bounded by the context), the
 * origin holds the new data and the first snapshot the old data of every written chunk.
 *
 * <p>Negative control: throttle=SEMAPHORE hangs: HUNG, and the dump shows the writer parked on
 * the semaphore, the constructor queued on {@code _origins_lock} and the copier thread waiting for
 * its read lock.
 */
public final class S04SemaphoreDeadlock implements ScenarioBody
{
    static final int THRESHOLD = 2;
    static final int WRITERS = 6;
    static final int SUITE_ROUNDS = 3;
    static final int FULL_ROUNDS = 20;
    static final int CHUNK = 8;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final int rounds = ctx.full() ? FULL_ROUNDS : SUITE_ROUNDS;
        for (int r = 0; r < rounds; r++)
        {
            final String v = round(ctx, r);
            if (v != null)
            {
                return Verdict.violated("round " + r + ": " + v);
            }
        }
        ctx.report(rounds + " rounds, each: " + WRITERS + " writers against threshold " + THRESHOLD
            + " with a snapshot constructed while they wait; all completed");
        return Verdict.pass(null);
    }

    private static String round(final ScenarioContext ctx, final int round) throws Exception
    {
        final long blocks = 64;
        final long sectors = blocks * CHUNK;
        final EngineConfig config = ctx.config().withCowThreshold(THRESHOLD);
        final StressStack st = ctx.stack(sectors, config);
        PatternOracle.stampInitial(st.baseMemory, blocks);
        final MappedDevice snap1 = st.addSnapshot("snap1", sectors, "N", CHUNK);
        final Snapshot s1 = st.snapshot("snap1");
        final FlakeyDevice.Hold hold = st.base.hold(FlakeyDevice.Selector.ops(BioOp.READ));

        final List<CompletableFuture<Integer>> writes = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++)
        {
            final long block = w * 3L + round % 3;
            writes.add(ctx.actor(() -> StressStack.write(st.origin, block * CHUNK, BlockPattern.of(block, 1, 0))));
        }
        // Every writer has either started its copy (held in the device) or waits in the throttle.
        ctx.awaitTrue(() -> s1.stats().copiesInFlight() + s1.stats().throttleWaiters() >= WRITERS,
            "writers to start copies or wait in the throttle: " + s1.describeState());
        final MemoryCow cow2 = new MemoryCow(st, "snap2-cow", sectors);
        final CompletableFuture<MappedDevice> constructor = ctx.actor(() -> cow2.createSnapshot("snap2"));
        // The constructor either finished or queues for _origins_lock in write mode.
        ctx.awaitTrue(() -> constructor.isDone() || queuedOnOriginsLock(st) > 0,
            "constructor to finish or queue for the lock");
        hold.releaseAll();
        st.base.clearRules();
        hold.releaseAll();
        ctx.await(constructor, "snapshot constructor (round " + round + "): " + st.origins().describeLock());
        for (final CompletableFuture<Integer> w : writes)
        {
            final int status = ctx.await(w, "origin writer (round " + round + ")");
            if (status != BlkStatus.OK)
            {
                return "an origin write failed with " + BlkStatus.name(status);
            }
        }
        final PatternOracle oracle = new PatternOracle();
        for (int w = 0; w < WRITERS; w++)
        {
            final long block = w * 3L + round % 3;
            final String o = oracle.check(st.origin, block, PatternOracle.expect(1, 0));
            final String s = oracle.check(snap1, block, PatternOracle.expect(0, 0));
            if (o != null || s != null)
            {
                return o != null ? o : s;
            }
        }
        st.close();
        return null;
    }

    /** Threads queued on {@code _origins_lock}, from its description ("... queued=N"). */
    private static int queuedOnOriginsLock(final StressStack st)
    {
        final String d = st.origins().describeLock();
        return Integer.parseInt(d.substring(d.lastIndexOf('=') + 1).trim());
    }

    /** A memory COW device added to the stack, and the snapshot constructed on it without suspending the origin. */
    private static final class MemoryCow
    {
        private final StressStack st;
        private final String name;

        MemoryCow(final StressStack st, final String name, final long sectors) throws Exception
        {
            this.st = st;
            this.name = name;
            st.dm.addDevice(new io.dmsnap.engine.block.MemoryDevice(name, sectors));
        }

        MappedDevice createSnapshot(final String snapName)
        {
            try
            {
                return st.dm.create(snapName, st.snapshotTable(name, "N " + CHUNK));
            }
            catch (final Exception e)
            {
                throw new IllegalStateException(e);
            }
        }
    }
}
