package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.DeviceStats;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.config.ModuleParameter;
import io.dmsnap.engine.snap.MergeStats;
import io.dmsnap.engine.snap.MergeTarget;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import static io.dmsnap.stress.scenarios.LifecycleChecks.check;

/**
 * S38, 8a2d5286: a merge copies a run of consecutive exceptions at once.
 *
 * <p><b>Bug.</b> Before 8a2d5286 the merge copied one chunk per copier job and wrote the store's
 * area once per chunk; merging was far slower than the copy-on-write that made the exceptions.
 *
 * <p><b>Trigger.</b> A persistent snapshot (CS 8) whose last (and only) metadata area holds a run
 * of 37 consecutive exceptions (origin chunks 100..136 on COW chunks 2..38, written in order), with
 * the copier's sub-job size at 64 KiB (128 sectors, the size of kernels before 5.3); merge it.
 *
 * <p><b>Oracle.</b> One copier job of 37 chunks and one {@code commit_merge(37)}; the job is split
 * into sub-jobs (the COW sees ceil(296 / 128) = 3 reads); the origin holds the snapshot's data.
 *
 * <p><b>Negative control.</b> {@code mergeRuns=ONE_CHUNK}: 37 jobs and 37 commits: VIOLATED.
 */
final class S38MergeConsecutiveRuns implements ScenarioBody
{
    private static final int BLOCKS = 160;
    private static final int FIRST = 100;
    private static final int RUN = 37;
    private static final int SUB_JOB_KB = 64;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = ctx.stack((long) BLOCKS * LifecycleChecks.BLOCK_SECTORS,
            ctx.config().toBuilder().parameter(ModuleParameter.SUB_JOB_SIZE_KB, SUB_JOB_KB).build());
        LifecycleChecks.fill(st.origin, BLOCKS, 0);
        final FlakeyDevice cow = MergeChecks.flakeyCow(st, "snap-cow", 4096);
        st.addSnapshotOn("snap", "snap-cow", "P 8");
        for (int b = FIRST; b < FIRST + RUN; b++)
        {
            LifecycleChecks.stamp(st.origin, b, 1, 1);
        }
        // Count the COW reads of the merge: each sub-job reads its piece once.
        final DeviceStats cowStats = MergeChecks.memory(cow).stats();
        final long readsBefore = cowStats.reads();
        final MergeTarget m = MergeChecks.startMerge(ctx, st, "snap");
        final MergeStats stats = MergeChecks.awaitEnd(ctx, m);
        final long reads = cowStats.reads() - readsBefore;
        LifecycleChecks.verify(st.origin, BLOCKS, b -> BlockPattern.of(b, 0, 0), "the origin after the merge");
        ctx.report("copier jobs: " + stats.copyJobs() + ", commit_merge calls: " + stats.commits()
            + ", largest run: " + stats.largestRun() + ", COW reads: " + reads);
        check(stats.copyJobs() == 1 && stats.commits() == 1 && stats.largestRun() == RUN,
            () -> "expected one copier job and one commit_merge(" + RUN + "), got " + stats.copyJobs() + " jobs, "
                + stats.commits() + " commits, largest run " + stats.largestRun());
        final long pieces = (RUN * 8L + SUB_JOB_KB * 2 - 1) / (SUB_JOB_KB * 2);
        check(reads == pieces, () -> "the 37-chunk job was read in " + reads
            + " pieces, expected " + pieces + " sub-jobs of " + SUB_JOB_KB + " KiB");
        return Verdict.pass("one copier job of " + RUN + " chunks in " + pieces + " sub-jobs, one commit_merge(" + RUN + ")");
    }
}
