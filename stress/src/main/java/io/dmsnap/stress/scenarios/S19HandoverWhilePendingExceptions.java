package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.stress.HungException;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.check;
import static io.dmsnap.stress.scenarios.LifecycleChecks.unchecked;

/**
 * S19, b735fede: a table reload (exception store handover) while origin writes have copies in
 * flight.
 *
 * <p><b>Bug.</b> The handover swaps the complete tables and stores of the old and new instance but
 * not their pending tables. Without quiescing the origin first, a pending exception of the old
 * instance outlives the swap and is later committed into the store the old instance now holds:
 * the new table's unused store (its metadata never read, {@code epa} 0). The kernel crashed
 * writing the entry; here the commit lands in the wrong store.
 *
 * <p><b>Trigger.</b> A persistent snapshot (CS 8) of a stamped origin; several rounds of: an
 * origin write to an untouched chunk whose copy read is held in the base device (a pending
 * exception that cannot finish), background writers on other chunks (finished before the reload
 * starts, see the comment in {@link #run}), and a reload of the same
 * table on the snapshot device (load + resume, as toggling permissions does). A probe keeps
 * reading the origin so that a quiesced origin shows up as held bios. The held copy is released
 * once the reload either quiesced the origin or already swapped.
 *
 * <p><b>Oracle.</b> No instance is swapped out while it still has a pending exception; every
 * origin write succeeds; the snapshot shows the origin as it was at creation for every block and
 * the origin shows the last write of every block; after removing the device, a new instance on
 * the same COW replays metadata that gives the same snapshot content (no commit went to the
 * wrong store).
 *
 * <p><b>Negative control.</b> {@code handoverQuiesce=SKIP} (the resume without the internal
 * suspend of the origin): the swap happens with the held exception pending: VIOLATED.
 */
final class S19HandoverWhilePendingExceptions implements ScenarioBody
{
    private static final int BLOCKS = 256;
    private static final int ROUNDS = 4;
    private static final int WRITERS = 2;
    private static final int WRITES_PER_ROUND = 12;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final long sectors = (long) BLOCKS * BLOCK_SECTORS;
        final StressStack st = ctx.stack(sectors);
        LifecycleChecks.fill(st.origin, BLOCKS, 0);
        st.dm.addDevice(new MemoryDevice("snap-cow", 4096));
        st.addSnapshotOn("snap", "snap-cow", "P 8");
        final String line = st.snapshotTable("snap-cow", "P 8");

        // Each block has one writer (background writer b % WRITERS, or the held write of a round).
        final AtomicIntegerArray version = new AtomicIntegerArray(BLOCKS);
        final AtomicIntegerArray writer = new AtomicIntegerArray(BLOCKS);
        // The held writes go to chunks nobody else touches, so each one really needs a copy.
        final List<Integer> targets = new ArrayList<>();
        while (targets.size() < ROUNDS)
        {
            final int b = ctx.random().nextInt(BLOCKS);
            if (!targets.contains(b))
            {
                targets.add(b);
            }
        }
        String survived = null;
        for (int round = 1; round <= ROUNDS; round++)
        {
            final int target = targets.get(round - 1);
            final int v = round;
            final List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++)
            {
                final int[] picks = new int[WRITES_PER_ROUND];
                for (int i = 0; i < picks.length; i++)
                {
                    int b;
                    do
                    {
                        b = ctx.random().nextInt(BLOCKS / WRITERS) * WRITERS + w;
                    }
                    while (targets.contains(b));
                    picks[i] = b;
                }
                writers.add(ctx.actor(unchecked(() ->
                {
                    for (final int b : picks)
                    {
                        LifecycleChecks.stamp(st.origin, b, v, 1);
                        version.set(b, v);
                        writer.set(b, 1);
                    }
                })));
            }
            // The background writes finish before the held write and the reload: a write behind
            // the held copy waits for it in the in-order commit stage, and bios held by the
            // origin's internal suspend are resubmitted by its resume before the new instance is
            // marked active (the order of spec 8.5 steps 4-6), where they would not be copied.
            for (final CompletableFuture<Void> f : writers)
            {
                ctx.await(f, "background origin writer");
            }
            final FlakeyDevice.Hold hold = st.base.hold(FlakeyDevice.Selector.ops(BioOp.READ)
                .sectors((long) target * BLOCK_SECTORS, (long) (target + 1) * BLOCK_SECTORS).count(1));
            final Snapshot before = st.snapshot("snap");
            final CompletableFuture<Void> held = ctx.actor(unchecked(() ->
            {
                LifecycleChecks.stamp(st.origin, target, v, 9);
                version.set(target, v);
                writer.set(target, 9);
            }));
            ctx.awaitTrue(() -> hold.heldCount() == 1, "copy read of block " + target + " held");
            check(before.stats().pendingExceptions() > 0, "no pending exception for the held copy");

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
                st.dm.load("snap", line);
                st.dm.resume("snap");
            }));
            ctx.awaitTrue(() -> st.origin.heldBios() > 0 || !before.isValid() || reload.isDone(),
                "the reload reaching the origin quiesce or the swap");
            if (!before.isValid() && before.stats().pendingExceptions() > 0 && survived == null)
            {
                survived = "round " + round + ": the old instance was swapped out with "
                    + before.stats().pendingExceptions() + " pending exception(s) (held copy of block " + target + ")";
            }
            hold.rule().remove();
            hold.releaseAll();
            probing.set(false);
            try
            {
                ctx.await(held, "held origin write of block " + target);
                ctx.await(reload, "reload of round " + round);
                ctx.await(probe, "origin probe");
            }
            catch (final HungException e)
            {
                if (survived != null)
                {
                    return Verdict.violated(survived + "; afterwards: " + e.getMessage());
                }
                throw e;
            }
            check(st.snapshot("snap") != before, "round " + round + ": the reload did not replace the instance");
            check(before.stats().pendingExceptions() == 0, "round " + round + ": the old instance kept pending exceptions");
        }
        if (survived != null)
        {
            return Verdict.violated(survived);
        }
        check(st.snapshot("snap").isValid(), "the snapshot is invalid after the reloads: " + st.info("snap"));
        LifecycleChecks.verify(st.dm.mappedDevice("snap"), BLOCKS, b -> BlockPattern.of(b, 0, 0),
            "snapshot after " + ROUNDS + " reloads");
        LifecycleChecks.verify(st.origin, BLOCKS, b -> BlockPattern.of(b, version.get(b), writer.get(b)), "origin");
        st.dm.remove("snap");
        st.addSnapshotOn("replayed", "snap-cow", "P 8");
        check(st.snapshot("replayed").isValid(), "the replayed store is invalid");
        LifecycleChecks.verify(st.dm.mappedDevice("replayed"), BLOCKS, b -> BlockPattern.of(b, 0, 0),
            "snapshot replayed from the COW");
        return Verdict.pass(ROUNDS + " reloads with a copy in flight each; snapshot, origin and replay verified");
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
