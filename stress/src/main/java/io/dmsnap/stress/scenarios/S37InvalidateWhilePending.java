package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.util.concurrent.CompletableFuture;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.check;
import static io.dmsnap.stress.scenarios.LifecycleChecks.unchecked;

/**
 * S37, 76df1c65, 695368ac: invalidation while pending exceptions exist.
 *
 * <p><b>Bug.</b> pending_complete tested {@code valid} before taking the lock (76df1c65) and, on
 * the invalid path, returned without removing the exception from the pending table (695368ac):
 * a stale pending entry that later writes queued on forever.
 *
 * <p><b>Trigger.</b> A transient snapshot (CS 8) with room for 3 chunks; the copies of two origin
 * writes and of a partial snapshot write are held in the base device, which fills the store; a
 * fourth origin write to a new chunk overflows it and invalidates the snapshot; then the copies
 * are released.
 *
 * <p><b>Oracle.</b> The overflow invalidates (status {@code Invalid}); the held snapshot write
 * fails with an I/O error; the held origin writes and the overflowing write succeed and land on
 * the origin; the pending table ends empty (pending count 0) and nothing is tracked; snapshot
 * reads fail; a later origin write to a held chunk completes at once.
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S37InvalidateWhilePending implements ScenarioBody
{
    private static final int BLOCKS = 64;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = ctx.stack((long) BLOCKS * BLOCK_SECTORS);
        LifecycleChecks.fill(st.origin, BLOCKS, 0);
        final MappedDevice snap = st.addSnapshot("snap", 3 * BLOCK_SECTORS, "N", 8);
        final Snapshot s = st.snapshot("snap");
        final FlakeyDevice.Hold hold = st.base.hold(FlakeyDevice.Selector.ops(BioOp.READ).sectors(0, 3 * BLOCK_SECTORS));
        final CompletableFuture<Void> o0 = ctx.actor(unchecked(() -> LifecycleChecks.stamp(st.origin, 0, 1, 0)));
        final CompletableFuture<Void> o1 = ctx.actor(unchecked(() -> LifecycleChecks.stamp(st.origin, 1, 1, 0)));
        final CompletableFuture<Integer> sw = ctx.actor(() -> StressStack.write(snap, 2L * BLOCK_SECTORS, new byte[512]));
        ctx.awaitTrue(() -> hold.heldCount() == 3, "three copies held");
        check(s.stats().pendingExceptions() == 3, () -> s.stats().pendingExceptions() + " pending exceptions, expected 3");
        ctx.await(ctx.actor(unchecked(() -> LifecycleChecks.stamp(st.origin, 10, 1, 0))), "overflowing origin write");
        check(!s.isValid() && "Invalid".equals(st.info("snap")), "the overflow did not invalidate the snapshot");
        hold.rule().remove();
        hold.releaseAll();
        ctx.await(o0, "held origin write 0");
        ctx.await(o1, "held origin write 1");
        final int swStatus = ctx.await(sw, "held snapshot write");
        check(swStatus != BlkStatus.OK, "the snapshot write queued on an invalidated exception succeeded");
        ctx.awaitTrue(() -> s.stats().pendingExceptions() == 0, "pending table empty after the invalidation");
        check(s.stats().trackedBios() == 0, "tracked bios left behind");
        ctx.await(ctx.actor(unchecked(() -> LifecycleChecks.stamp(st.origin, 2, 2, 0))), "later origin write to a formerly pending chunk");
        check(StressStack.read(snap, 0, BlockPattern.BLOCK) == null, "a read of the invalid snapshot succeeded");
        LifecycleChecks.verify(st.origin, BLOCKS,
            b -> BlockPattern.of(b, b == 0 || b == 1 || b == 10 ? 1 : b == 2 ? 2 : 0, 0), "origin");
        return Verdict.pass("snapshot write failed, origin writes landed, pending table empty after invalidation");
    }
}
