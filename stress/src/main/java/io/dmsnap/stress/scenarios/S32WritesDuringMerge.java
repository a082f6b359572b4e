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
 * S32, 9fe86254 and 17aa0332: writes to the origin while a merge runs.
 *
 * <p><b>Bug.</b> The first merge code neither held writes to the chunks being copied back nor
 * waited for writes still in flight to a remapped chunk's COW copy: a write landing in the COW
 * after the merge read it, or on the origin before the merge overwrote it, is lost.
 *
 * <p><b>Trigger.</b> A stamped origin (version 0), a persistent snapshot (CS 8) and origin writes of
 * version 1 to blocks 10..13 (one run) and block 40 (the last exception: the first run merged). The
 * merge starts with its COW read of block 40 held. Then (a) a write of version 9 to block 40, the
 * chunk being merged; (b) a write of version 9 to block 11, remapped and not merged yet, whose COW
 * write is held in the COW device. The held merge read is released; once the first run committed
 * the scenario watches whether the merge copies block 11's run before the write to it completed,
 * then releases that write.
 *
 * <p><b>Oracle.</b> Write (a) does not complete while its run is in flight and succeeds after the
 * commit; the merge does not start block 11's run while the write to it is in flight; after the
 * merge the origin holds version 9 in blocks 11 and 40, version 0 elsewhere.
 *
 * <p><b>Negative control.</b> {@code mergeWriteGuard=OFF}: write (b) is neither tracked nor waited
 * for; the merge copies the COW chunk under it, forgets the exception, and the write lands in a COW
 * chunk nobody reads: block 11 loses it: VIOLATED.
 */
final class S32WritesDuringMerge implements ScenarioBody
{
    private static final int BLOCKS = 64;
    private static final int MERGING = 40;
    private static final int REMAPPED = 11;
    private static final long REMAPPED_COW_CHUNK = 3;
    private static final long WINDOW_MILLIS = 100;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = ctx.stack((long) BLOCKS * BLOCK_SECTORS);
        LifecycleChecks.fill(st.origin, BLOCKS, 0);
        final FlakeyDevice cow = MergeChecks.flakeyCow(st, "snap-cow", 4096);
        st.addSnapshotOn("snap", "snap-cow", "P 8");
        for (final int b : new int[] {10, 11, 12, 13, MERGING})
        {
            LifecycleChecks.stamp(st.origin, b, 1, 1);
        }
        final FlakeyDevice.Hold mergeRead = cow.hold(FlakeyDevice.Selector.ops(BioOp.READ).count(1));
        final MergeTarget m = MergeChecks.startMerge(ctx, st, "snap");
        ctx.awaitTrue(() -> mergeRead.heldCount() == 1, "the merge's COW read of block " + MERGING + " held");

        // Block 11's write reaches the COW chunk it is remapped to (chunk 3: the exceptions took COW
        // chunks 2..6 in the order 10, 11, 12, 13, 40); hold it there.
        final FlakeyDevice.Hold cowWrite = cow.hold(FlakeyDevice.Selector.ops(BioOp.WRITE)
            .sectors(REMAPPED_COW_CHUNK * 8, (REMAPPED_COW_CHUNK + 1) * 8).count(1));
        final CompletableFuture<Integer> queued = ctx.actor(
            () -> StressStack.write(st.origin, (long) MERGING * BLOCK_SECTORS, BlockPattern.of(MERGING, 9, 9)));
        final CompletableFuture<Integer> remapped = ctx.actor(
            () -> StressStack.write(st.origin, (long) REMAPPED * BLOCK_SECTORS, BlockPattern.of(REMAPPED, 9, 9)));
        ctx.awaitTrue(() -> cowWrite.heldCount() == 1, "the write to block " + REMAPPED + " held in the COW");
        ctx.observe(WINDOW_MILLIS, queued);
        final boolean queuedEarly = queued.isDone();

        mergeRead.rule().remove();
        mergeRead.releaseAll();
        check(ctx.await(queued, "the write to block " + MERGING + " after its run") == BlkStatus.OK,
            "the write queued on the merging run failed");
        ctx.awaitTrue(() -> m.mergeStats().commits() >= 1, "the first run's commit");
        // The next run holds block 11: with the write in flight the merge must not copy it.
        ctx.observe(WINDOW_MILLIS);
        final long jobsWhileWriteInFlight = m.mergeStats().copyJobs();
        cowWrite.rule().remove();
        cowWrite.releaseAll();
        check(ctx.await(remapped, "the write to block " + REMAPPED) == BlkStatus.OK,
            "the write to the remapped block failed");
        final MergeStats stats = MergeChecks.awaitEnd(ctx, m);
        check(stats.completed(), () -> "the merge did not complete: " + stats);
        LifecycleChecks.verify(st.origin, BLOCKS,
            b -> b == MERGING || b == REMAPPED ? BlockPattern.of(b, 9, 9) : BlockPattern.of(b, 0, 0),
            "the origin after the merge");
        check(!queuedEarly, "the write to the chunk being merged completed while its run was in flight");
        check(jobsWhileWriteInFlight == 1, () -> "the merge copied block " + REMAPPED + "'s run while a write to it "
            + "was in flight (" + jobsWhileWriteInFlight + " copier jobs)");
        return Verdict.pass("the write to the merging chunk waited for the commit; the run with a write in flight "
            + "waited for it; origin verified");
    }
}
