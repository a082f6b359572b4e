package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.StatusType;
import io.dmsnap.engine.snap.MergeStats;
import io.dmsnap.engine.snap.MergeTarget;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.check;

/**
 * S36, 2e602385 and 3ee25485: the discard features, down to the merge target.
 *
 * <p><b>Behaviour.</b> A snapshot takes discards only with {@code discard_zeroes_cow}
 * ({@code discard_passdown_origin} requires it); a whole-chunk discard of a copied chunk zeroes
 * its COW chunk, a discard of a chunk never copied does nothing and never copies; the merge target
 * completes discards without effect, so a discard can neither erase merged data nor COW data that
 * is still to be merged.
 *
 * <p><b>Trigger.</b> The feature matrix (valid, reordered, passdown alone, unknown); a snapshot with
 * {@code discard_zeroes_cow} and origin writes to some blocks; whole-chunk discards to a copied and
 * to an uncopied chunk; then that snapshot merges, and discards are sent to the merge target while
 * it runs and after it ended.
 *
 * <p><b>Oracle.</b> Valid features load and their TABLE lists them in the fixed order; passdown alone
 * and an unknown feature are refused; the copied chunk reads zeros, the uncopied one keeps the origin's
 * data and no COW chunk was allocated for it; every discard to the merge target succeeds; after the
 * merge the origin holds the snapshot's view (zeros in the discarded chunk, version 0 elsewhere).
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S36DiscardFeatures implements ScenarioBody
{
    private static final int BLOCKS = 32;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = ctx.stack((long) BLOCKS * BLOCK_SECTORS);
        LifecycleChecks.fill(st.origin, BLOCKS, 0);
        st.addSnapshot("both", 2048, "P", 8);
        st.dm.remove("both");
        st.addSnapshotOn("both", "both-cow", "P 8 2 discard_passdown_origin discard_zeroes_cow");
        final String table = st.dm.status("both", StatusType.TABLE).trim();
        check(table.endsWith("P 8 2 discard_zeroes_cow discard_passdown_origin"),
            () -> "the features are not listed in the fixed order: " + table);
        st.lvm.removeSnapshot("both");
        for (final String bad : new String[] {"P 8 1 discard_passdown_origin", "P 8 1 no_such_feature"})
        {
            boolean refused = false;
            try
            {
                st.addSnapshotOn("bad", "both-cow", bad);
            }
            catch (final DmException e)
            {
                refused = true;
            }
            check(refused, () -> "'" + bad + "' was accepted");
        }

        st.addSnapshot("z", 2048, "P", 8);
        st.dm.remove("z");
        st.addSnapshotOn("z", "z-cow", "P 8 1 discard_zeroes_cow");
        LifecycleChecks.stamp(st.origin, 5, 1, 1);
        LifecycleChecks.stamp(st.origin, 6, 1, 1);
        final long allocatedBefore = usage(st, "z");
        check(discard(st, "z", 5) == BlkStatus.OK, "the whole-chunk discard of a copied chunk failed");
        check(discard(st, "z", 9) == BlkStatus.OK, "the discard of an uncopied chunk failed");
        check(usage(st, "z") == allocatedBefore,
            "the discard of an uncopied chunk allocated a COW chunk");
        LifecycleChecks.verify(st.dm.mappedDevice("z"), BLOCKS,
            b -> b == 5 ? new byte[BlockPattern.BLOCK] : BlockPattern.of(b, 0, 0), "snapshot z after the discards");

        final MergeTarget m = MergeChecks.startMerge(ctx, st, "z");
        final int during = SyncIo.io(st.origin, BioOp.DISCARD, 6L * BLOCK_SECTORS, BLOCK_SECTORS, null, 0);
        final MergeStats stats = MergeChecks.awaitEnd(ctx, m);
        final int after = SyncIo.io(st.origin, BioOp.DISCARD, 7L * BLOCK_SECTORS, BLOCK_SECTORS, null, 0);
        check(during == BlkStatus.OK && after == BlkStatus.OK, () -> "discards to the merge target ended with "
            + BlkStatus.name(during) + " and " + BlkStatus.name(after));
        check(stats.completed(), () -> "the merge did not complete: " + stats);
        LifecycleChecks.verify(st.origin, BLOCKS, b -> b == 5 ? new byte[BlockPattern.BLOCK] : BlockPattern.of(b, 0, 0),
            "the origin after merging z (discards to the merge target ignored)");
        return Verdict.pass("feature matrix, zeroing and no-op discards, and discards ignored by the merge target");
    }

    private static int discard(final StressStack st, final String device, final int block)
    {
        return SyncIo.io(st.dm.mappedDevice(device), BioOp.DISCARD, (long) block * BLOCK_SECTORS, BLOCK_SECTORS, null, 0);
    }

    /** Sectors allocated in the snapshot's COW, from its INFO status. */
    private static long usage(final StressStack st, final String name) throws DmException
    {
        return Long.parseLong(st.info(name).split("/")[0]);
    }
}
