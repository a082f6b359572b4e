package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.engine.snap.SnapshotHooks;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.check;
import static io.dmsnap.stress.scenarios.LifecycleChecks.unchecked;

/**
 * S26, 879129d2: the destructor of a removed snapshot against its pending exceptions.
 *
 * <p><b>Bug.</b> The destructor freed the snapshot while origin-write copies for it were still in
 * flight; their completion then used freed memory.
 *
 * <p><b>Trigger.</b> Two snapshots a and b (CS 8) of one origin; a's COW holds every write, so
 * three origin writes leave three pending exceptions in a (their bios queue on a's exceptions,
 * a being first in the list). Snapshot a is removed while they are held. Meanwhile the origin and
 * b are used. Then the copies are released; a hook holds the completion of a's last pending
 * exception just before it is freed (or, with an early free, just after) for up to 300 ms,
 * watching whether the destructor finishes under it.
 *
 * <p><b>Oracle.</b> While a's copies are held the removal has unregistered a but not finished;
 * a new origin write (copying into b only), a write and a read of b complete; after the release
 * the removal completes, a is destroyed with 0 pending exceptions, the destructor never finished
 * while a completion still used a, no use after free is counted, the held origin writes succeed,
 * and b shows the origin at creation plus its own write.
 *
 * <p><b>Negative control.</b> {@code peFree=EARLY} (before 22aa66a3): the pending count reaches 0
 * before the completion is done, the destructor finishes under it: VIOLATED.
 */
final class S26DestructorWaitsForPendingExceptions implements ScenarioBody
{
    private static final int BLOCKS = 64;
    private static final int HELD = 3;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = ctx.stack((long) BLOCKS * BLOCK_SECTORS);
        LifecycleChecks.fill(st.origin, BLOCKS, 0);
        final AtomicBoolean watched = new AtomicBoolean();
        final AtomicBoolean destroyedUnderCompletion = new AtomicBoolean();
        st.origins().installHooks((point, snapshot, chunk) ->
        {
            final boolean last = point == SnapshotHooks.Point.BEFORE_FREE_PE && snapshot.stats().pendingExceptions() == 1
                || point == SnapshotHooks.Point.AFTER_EARLY_FREE_PE && snapshot.stats().pendingExceptions() == 0;
            if (last && snapshot.name().equals("a") && !watched.getAndSet(true))
            {
                final long deadline = System.nanoTime() + 300_000_000L;
                while (!snapshot.isDestroyed() && System.nanoTime() < deadline)
                {
                    LockSupport.parkNanos(1_000_000L);
                }
                destroyedUnderCompletion.set(snapshot.isDestroyed());
            }
        });
        final FlakeyDevice aCow = new FlakeyDevice("a-cow", new MemoryDevice("a-cow-mem", 1024));
        st.dm.addDevice(aCow);
        st.addSnapshotOn("a", "a-cow", "N 8");
        final MappedDevice b = st.addSnapshot("b", 1024, "N", 8);
        final Snapshot a = st.snapshot("a");
        final FlakeyDevice.Hold hold = aCow.hold(FlakeyDevice.Selector.ops(BioOp.WRITE));
        final List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < HELD; i++)
        {
            final int block = i * 7;
            writes.add(ctx.actor(unchecked(() -> LifecycleChecks.stamp(st.origin, block, 1, 0))));
        }
        ctx.awaitTrue(() -> hold.heldCount() == HELD, HELD + " copies into a held");
        final CompletableFuture<Void> remove = ctx.actor(unchecked(() -> st.dm.remove("a")));
        ctx.awaitTrue(() -> !st.origins().snapshotOrder(st.base).contains("a"), "a unregistered");
        check(!a.isDestroyed() && !remove.isDone(), "the destructor finished with copies in flight");
        check(a.stats().pendingExceptions() == HELD, () -> "a has " + a.stats().pendingExceptions() + " pending exceptions");

        ctx.await(ctx.actor(unchecked(() -> LifecycleChecks.stamp(st.origin, 40, 1, 0))), "origin write copying into b only");
        ctx.await(ctx.actor(unchecked(() -> LifecycleChecks.stamp(b, 41, 2, 2))), "write to b");
        check(Arrays.equals(BlockPattern.of(40, 0, 0), StressStack.read(b, 40L * BLOCK_SECTORS, BlockPattern.BLOCK)),
            "b lost the old data of block 40");
        check(!remove.isDone(), "the destructor finished with copies in flight");

        hold.rule().remove();
        hold.releaseAll();
        ctx.await(remove, "removal of a after its copies were released");
        for (final CompletableFuture<Void> w : writes)
        {
            ctx.await(w, "origin write queued on a's exception");
        }
        check(!destroyedUnderCompletion.get(), "the destructor of a finished while pending_complete still used a");
        check(a.isDestroyed() && a.stats().pendingExceptions() == 0, "a not destroyed cleanly");
        check(st.origins().useAfterFree() == 0, () -> st.origins().useAfterFree() + " uses of a after its destructor");
        LifecycleChecks.verify(b, BLOCKS, blk -> blk == 41 ? BlockPattern.of(41, 2, 2) : BlockPattern.of(blk, 0, 0), "b");
        return Verdict.pass("destructor waited for " + HELD + " in-flight exceptions; b kept working meanwhile");
    }
}
