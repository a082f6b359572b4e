package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.snap.MergeStats;
import io.dmsnap.engine.snap.MergeTarget;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import static io.dmsnap.stress.scenarios.LifecycleChecks.check;

/**
 * S33, 73dfd078: a merge must make the origin's other snapshots copy what it overwrites.
 *
 * <p><b>Bug.</b> The merge copies COW chunks back onto the origin. Another snapshot of the same
 * origin that has not copied those chunks yet still reads them from the origin; unless the merge
 * triggers its copy-on-write first, that snapshot suddenly shows the merged (older) data.
 *
 * <p><b>Trigger.</b> A stamped origin (version 0); snapshot {@code merging} (P 8); origin writes of
 * version 1 to a run of blocks and two single blocks; snapshot {@code other} (P 8) taken after
 * them, so it shares version 1 with the origin there; merge {@code merging}.
 *
 * <p><b>Oracle.</b> The merge ends; the origin holds version 0 everywhere; {@code other} still reads
 * version 1 in the written blocks and version 0 elsewhere; the merge waited for the other
 * snapshot's copies at least once.
 *
 * <p><b>Negative control.</b> {@code mergeProtect=SKIP}: the merge overwrites the shared blocks and
 * {@code other} reads version 0 there: VIOLATED.
 */
final class S33MergeProtectsOtherSnapshots implements ScenarioBody
{
    private static final int BLOCKS = 128;
    private static final int[] WRITTEN = {10, 11, 12, 13, 14, 15, 16, 17, 60, 90};

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = ctx.stack((long) BLOCKS * LifecycleChecks.BLOCK_SECTORS);
        LifecycleChecks.fill(st.origin, BLOCKS, 0);
        st.addSnapshot("merging", 4096, "P", 8);
        for (final int b : WRITTEN)
        {
            LifecycleChecks.stamp(st.origin, b, 1, 1);
        }
        st.addSnapshot("other", 4096, "P", 8);
        final MergeTarget m = MergeChecks.startMerge(ctx, st, "merging");
        final MergeStats stats = MergeChecks.awaitEnd(ctx, m);
        check(stats.completed(), () -> "the merge did not complete: " + stats);
        LifecycleChecks.verify(st.dm.mappedDevice("other"), BLOCKS,
            b -> BlockPattern.of(b, isWritten(b) ? 1 : 0, isWritten(b) ? 1 : 0), "the other snapshot after the merge");
        LifecycleChecks.verify(st.origin, BLOCKS, b -> BlockPattern.of(b, 0, 0), "the origin after the merge");
        check(stats.protectWaits() > 0, () -> "the merge never waited for the other snapshot's copies: " + stats);
        ctx.report("runs merged: " + stats.copyJobs() + ", waits for other snapshots: " + stats.protectWaits());
        return Verdict.pass(stats.chunksMerged() + " chunks merged in " + stats.copyJobs()
            + " runs; the other snapshot kept its data");
    }

    private static boolean isWritten(final int block)
    {
        for (final int w : WRITTEN)
        {
            if (w == block)
            {
                return true;
            }
        }
        return false;
    }
}
