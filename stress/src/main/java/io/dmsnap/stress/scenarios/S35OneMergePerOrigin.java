package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.lvm.LvmStack;
import io.dmsnap.engine.snap.MergeTarget;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.check;

/**
 * S35, 9d3b15c4: only one merge per origin.
 *
 * <p><b>Bug.</b> Merging two snapshots of one origin at once is not supported (each merge would copy
 * its own old data over the origin, and neither protects the other); the first merge code let a
 * second merge target load.
 *
 * <p><b>Trigger.</b> An origin with persistent snapshots {@code a} and {@code b}, both with
 * exceptions; {@code a} merges (the lvconvert sequence) with its COW reads held so the merge stays
 * running; then a second merge target is loaded for {@code b}, once as a handover of the live
 * snapshot {@code b} (a table load on {@code b}'s device) and once as a new device.
 *
 * <p><b>Oracle.</b> Both loads fail with "A snapshot is already merging."; {@code b} keeps working
 * as a snapshot; the first merge completes once released.
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S35OneMergePerOrigin implements ScenarioBody
{
    private static final int BLOCKS = 32;
    private static final String MESSAGE = "A snapshot is already merging.";

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final long sectors = (long) BLOCKS * BLOCK_SECTORS;
        final StressStack st = ctx.stack(sectors);
        LifecycleChecks.fill(st.origin, BLOCKS, 0);
        final FlakeyDevice cowA = MergeChecks.flakeyCow(st, "a-cow", 2048);
        st.addSnapshotOn("a", "a-cow", "P 8");
        st.addSnapshot("b", 2048, "P", 8);
        LifecycleChecks.stamp(st.origin, 3, 1, 1);
        final FlakeyDevice.Hold hold = cowA.hold(FlakeyDevice.Selector.ops(BioOp.READ));
        final MergeTarget m = MergeChecks.startMerge(ctx, st, "a");
        ctx.awaitTrue(() -> hold.heldCount() > 0, "the first merge's copy in flight");

        final String handover = refusal(() -> st.dm.load("b", LvmStack.mergeTable(sectors, "base", "b-cow", "P 8")));
        final String fresh = refusal(() -> st.dm.create("b-merge", LvmStack.mergeTable(sectors, "base", "b-cow", "P 8")));
        hold.rule().remove();
        hold.releaseAll();
        check(handover.contains(MESSAGE), () -> "a merge handover of b was not refused as expected: " + handover);
        check(fresh.contains(MESSAGE), () -> "a second merge device was not refused as expected: " + fresh);
        check(st.dm.mappedDevice("b-merge") == null, "the refused merge device exists");
        check(MergeChecks.awaitEnd(ctx, m).completed(), "the first merge did not complete");
        LifecycleChecks.verify(st.dm.mappedDevice("b"), BLOCKS, b -> BlockPattern.of(b, 0, 0),
            "snapshot b after the refusals");
        LifecycleChecks.verify(st.origin, BLOCKS, b -> BlockPattern.of(b, 0, 0), "the origin after a's merge");
        return Verdict.pass("both second merges refused (" + MESSAGE + "); the first merge completed");
    }

    /** The message of the DmException {@code load} throws, or "accepted". */
    private static String refusal(final LifecycleChecks.Step load)
    {
        try
        {
            load.run();
            return "accepted";
        }
        catch (final DmException e)
        {
            return e.getMessage();
        }
        catch (final Exception e)
        {
            return e.toString();
        }
    }
}
