package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.snap.MergeStats;
import io.dmsnap.engine.snap.MergeTarget;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.stress.HungException;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.check;
import static io.dmsnap.stress.scenarios.LifecycleChecks.unchecked;

/**
 * S20, 09ee96b2: a table reload (handover) of another snapshot while a merge runs.
 *
 * <p><b>Bug.</b> While a snapshot merges, the origin device carries the {@code snapshot-merge}
 * target instead of {@code snapshot-origin}. The handover's quiesce (b735fede) looked only for the
 * origin target, so during a merge it quiesced nothing: an origin write's pending exception in the
 * reloaded snapshot survived the swap and was later committed into the wrong store (S19's bug), and
 * the merge kept writing the origin through the swap.
 *
 * <p><b>Trigger.</b> A stamped origin; snapshot {@code m} (P 8) with exceptions for blocks 4..7;
 * snapshot {@code other} (P 8) taken after them; {@code m} merges with its COW read held (the merge
 * stays running); a write of block 20 through the merge target, whose copy in {@code other} is held
 * in the origin's device; then {@code other}'s table is reloaded (load + resume). A probe keeps
 * reading the origin, so a quiesced merge device shows up as held bios. The held copy and the held
 * merge read are released once the reload quiesced the merge device or already swapped.
 *
 * <p><b>Oracle.</b> No instance of {@code other} is swapped out with a pending exception; the merge
 * is stopped and restarted (it completes); {@code other} shows the origin as it was when it was
 * taken, also after a replay of its COW; the origin holds {@code m}'s data and block 20's write.
 *
 * <p><b>Negative control.</b> {@code handoverMergeStop=SKIP}: nothing is quiesced, the swap happens
 * with the held exception pending: VIOLATED.
 */
final class S20HandoverDuringMerge implements ScenarioBody
{
    private static final int BLOCKS = 64;
    private static final int WRITTEN = 20;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final StressStack st = ctx.stack((long) BLOCKS * BLOCK_SECTORS);
        LifecycleChecks.fill(st.origin, BLOCKS, 0);
        final FlakeyDevice mCow = MergeChecks.flakeyCow(st, "m-cow", 4096);
        st.addSnapshotOn("m", "m-cow", "P 8");
        for (int b = 4; b < 8; b++)
        {
            LifecycleChecks.stamp(st.origin, b, 1, 1);
        }
        st.dm.addDevice(new MemoryDevice("other-cow", 4096));
        st.addSnapshotOn("other", "other-cow", "P 8");
        final String line = st.snapshotTable("other-cow", "P 8");

        final FlakeyDevice.Hold mergeRead = mCow.hold(FlakeyDevice.Selector.ops(BioOp.READ).count(1));
        final MergeTarget m = MergeChecks.startMerge(ctx, st, "m");
        ctx.awaitTrue(() -> mergeRead.heldCount() == 1, "the merge's COW read held");
        final FlakeyDevice.Hold copyRead = st.base.hold(FlakeyDevice.Selector.ops(BioOp.READ)
            .sectors((long) WRITTEN * BLOCK_SECTORS, (long) (WRITTEN + 1) * BLOCK_SECTORS).count(1));
        final Snapshot before = st.snapshot("other");
        final CompletableFuture<Void> write = ctx.actor(unchecked(() -> LifecycleChecks.stamp(st.origin, WRITTEN, 9, 9)));
        ctx.awaitTrue(() -> copyRead.heldCount() == 1, "other's copy of block " + WRITTEN + " held");
        check(before.stats().pendingExceptions() > 0, "no pending exception in other for the held copy");

        final AtomicBoolean probing = new AtomicBoolean(true);
        final CompletableFuture<Void> probe = ctx.actor(() ->
        {
            while (probing.get())
            {
                StressStack.read(st.origin, 0, BlockPattern.BLOCK);
                sleepQuietly();
            }
        });
        final CompletableFuture<Void> reload = ctx.actor(unchecked(() ->
        {
            st.dm.load("other", line);
            st.dm.resume("other");
        }));
        ctx.awaitTrue(() -> st.origin.heldBios() > 0 || !before.isValid() || reload.isDone(),
            "the reload reaching the merge device's quiesce or the swap");
        String survived = null;
        if (!before.isValid() && before.stats().pendingExceptions() > 0)
        {
            survived = "the old instance of other was swapped out with " + before.stats().pendingExceptions()
                + " pending exception(s) while the merge ran";
        }
        copyRead.rule().remove();
        copyRead.releaseAll();
        mergeRead.rule().remove();
        mergeRead.releaseAll();
        probing.set(false);
        try
        {
            ctx.await(write, "the write of block " + WRITTEN);
            ctx.await(reload, "the reload of other");
            ctx.await(probe, "the origin probe");
        }
        catch (final HungException e)
        {
            if (survived != null)
            {
                return Verdict.violated(survived + "; afterwards: " + e.getMessage());
            }
            throw e;
        }
        if (survived != null)
        {
            return Verdict.violated(survived);
        }
        final MergeStats stats = MergeChecks.awaitEnd(ctx, m);
        check(stats.completed(), () -> "the merge did not complete after the reload: " + stats);
        check(st.snapshot("other") != before, "the reload did not replace the instance");
        LifecycleChecks.verify(st.dm.mappedDevice("other"), BLOCKS,
            b -> b >= 4 && b < 8 ? BlockPattern.of(b, 1, 1) : BlockPattern.of(b, 0, 0), "other after the reload");
        LifecycleChecks.verify(st.origin, BLOCKS,
            b -> b == WRITTEN ? BlockPattern.of(b, 9, 9) : BlockPattern.of(b, 0, 0), "the origin after the merge");
        st.dm.remove("other");
        st.addSnapshotOn("replayed", "other-cow", "P 8");
        LifecycleChecks.verify(st.dm.mappedDevice("replayed"), BLOCKS,
            b -> b >= 4 && b < 8 ? BlockPattern.of(b, 1, 1) : BlockPattern.of(b, 0, 0), "other replayed from its COW");
        return Verdict.pass("the merge device was quiesced and its merge stopped and restarted around the swap; "
            + "other, its replay and the origin verified");
    }

    private static void sleepQuietly()
    {
        try
        {
            Thread.sleep(1);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
