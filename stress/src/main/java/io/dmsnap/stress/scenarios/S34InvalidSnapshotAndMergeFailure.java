package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.snap.MergeStats;
import io.dmsnap.engine.snap.MergeTarget;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.util.concurrent.CompletableFuture;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.check;

/**
 * S34, d2fdb776 and d8ddb1cf: merging an invalid snapshot, and a merge that fails.
 *
 * <p><b>Bug.</b> A merge target over a snapshot that had become invalid (out of space) still sent
 * I/O to the COW; a merge that hit an I/O error stopped without telling userspace.
 *
 * <p><b>Trigger.</b> (1) A persistent snapshot on a COW too small for the origin writes that follow,
 * so an origin write invalidates it (header valid=0); merge it. (2) A second stack: a persistent
 * snapshot with exceptions; the merge's first COW read is held, a write to the chunk being merged
 * is queued behind it, then the read fails.
 *
 * <p><b>Oracle.</b> (1) The merge target reports {@code Invalid}, starts no copy, and every read and
 * write goes to the origin. (2) The status reads {@code Merge failed}, the queued write fails with
 * EIO, and writes and reads of the origin device keep working (remapped chunks still read from the
 * COW).
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S34InvalidSnapshotAndMergeFailure implements ScenarioBody
{
    private static final int BLOCKS = 64;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final String invalid = invalidSnapshot(ctx);
        final String failed = failedMerge(ctx);
        return Verdict.pass(invalid + "; " + failed);
    }

    private static String invalidSnapshot(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = ctx.stack((long) BLOCKS * BLOCK_SECTORS);
        LifecycleChecks.fill(st.origin, BLOCKS, 0);
        // Header, one area, 6 data chunks: the seventh copy overflows and invalidates.
        st.addSnapshot("snap", 8 * 8, "P", 8);
        for (int b = 0; b < 8; b++)
        {
            LifecycleChecks.stamp(st.origin, b, 1, 1);
        }
        check(!st.snapshot("snap").isValid(), "the small snapshot did not become invalid");
        final MergeTarget m = MergeChecks.startMerge(ctx, st, "snap");
        final MergeStats stats = MergeChecks.awaitEnd(ctx, m);
        final String info = st.info("origin");
        check(info.equals("Invalid"), () -> "the merge target of an invalid snapshot reports '" + info + "'");
        check(stats.copyJobs() == 0 && !stats.completed(), () -> "the merge of an invalid snapshot ran: " + stats);
        LifecycleChecks.stamp(st.origin, 20, 2, 2);
        LifecycleChecks.verify(st.origin, BLOCKS, b -> b < 8 ? BlockPattern.of(b, 1, 1)
            : b == 20 ? BlockPattern.of(b, 2, 2) : BlockPattern.of(b, 0, 0), "the origin through the merge target");
        LifecycleChecks.verify(st.base, BLOCKS, b -> b < 8 ? BlockPattern.of(b, 1, 1)
            : b == 20 ? BlockPattern.of(b, 2, 2) : BlockPattern.of(b, 0, 0), "the origin's device");
        return "invalid snapshot: status Invalid, no copy, I/O on the origin";
    }

    private static String failedMerge(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = ctx.stack((long) BLOCKS * BLOCK_SECTORS);
        LifecycleChecks.fill(st.origin, BLOCKS, 0);
        final FlakeyDevice cow = MergeChecks.flakeyCow(st, "snap-cow", 4096);
        st.addSnapshotOn("snap", "snap-cow", "P 8");
        for (final int b : new int[] {5, 6, 30})
        {
            LifecycleChecks.stamp(st.origin, b, 1, 1);
        }
        final FlakeyDevice.Hold hold = cow.hold(FlakeyDevice.Selector.ops(BioOp.READ).count(1));
        final MergeTarget m = MergeChecks.startMerge(ctx, st, "snap");
        ctx.awaitTrue(() -> hold.heldCount() == 1, "the merge's first COW read held");
        final CompletableFuture<Integer> queued = ctx.actor(
            () -> StressStack.write(st.origin, 30L * BLOCK_SECTORS, BlockPattern.of(30, 9, 9)));
        ctx.observe(50, queued);
        check(!queued.isDone(), "the write to the merging chunk completed while its run was in flight");
        MergeChecks.faults(cow).fail(FlakeyDevice.Selector.ops(BioOp.READ).count(1));
        hold.rule().remove();
        hold.releaseAll();
        final int status = ctx.await(queued, "the queued write");
        final MergeStats stats = MergeChecks.awaitEnd(ctx, m);
        check(stats.failed(), () -> "the merge did not fail: " + stats);
        check(status == BlkStatus.IOERR, () -> "the queued write ended with " + BlkStatus.name(status) + ", not EIO");
        final String info = st.info("origin");
        check(info.equals("Merge failed"), () -> "status after the failure: '" + info + "'");
        LifecycleChecks.stamp(st.origin, 40, 3, 3);
        LifecycleChecks.verify(st.origin, BLOCKS, b -> b == 40 ? BlockPattern.of(b, 3, 3) : BlockPattern.of(b, 0, 0),
            "the origin device after the failed merge (remapped chunks still read from the COW)");
        return "copy error: Merge failed, queued write EIO, normal I/O continues";
    }
}
