package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.dm.MappedDevice;
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
 * S27, 60c856c8: nothing may block while {@code _origins_lock} is held for writing.
 *
 * <p><b>Bug.</b> register_snapshot allocated memory under the write lock; the allocation could
 * recurse into I/O that needed the read lock: a deadlock.
 *
 * <p><b>Trigger.</b> A snapshot (CS 8) whose origin-write copies are held in the base device (two
 * origin writes wait on pending exceptions); meanwhile a second snapshot is constructed on the
 * same origin (register, under the write lock) and removed again (unregister), and a third one
 * is constructed and kept.
 *
 * <p><b>Oracle.</b> Each constructor and removal completes within the bound while the copies are
 * held; the origins lock is free afterwards; after the release the writes succeed and the
 * snapshots show the origin at their creation (the third one sees the held writes' blocks as
 * they were before those writes, because they had not reached the origin yet).
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S27NoBlockingUnderOriginsWriteLock implements ScenarioBody
{
    private static final int BLOCKS = 64;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final long sectors = (long) BLOCKS * BLOCK_SECTORS;
        final StressStack st = ctx.stack(sectors);
        LifecycleChecks.fill(st.origin, BLOCKS, 0);
        final MappedDevice s1 = st.addSnapshot("s1", 1024, "N", 8);
        final FlakeyDevice.Hold hold = st.base.hold(FlakeyDevice.Selector.ops(BioOp.READ).count(2));
        final CompletableFuture<Void> w1 = ctx.actor(unchecked(() -> LifecycleChecks.stamp(st.origin, 1, 1, 0)));
        final CompletableFuture<Void> w2 = ctx.actor(unchecked(() -> LifecycleChecks.stamp(st.origin, 2, 1, 0)));
        ctx.awaitTrue(() -> hold.heldCount() == 2, "two origin-write copies held");
        st.dm.addDevice(new MemoryDevice("s2-cow", 1024));
        st.dm.addDevice(new MemoryDevice("s3-cow", 1024));
        ctx.await(ctx.actor(unchecked(() -> st.dm.create("s2", st.snapshotTable("s2-cow", "N 8")))),
            "constructing (registering) a snapshot while copies are held");
        ctx.await(ctx.actor(unchecked(() -> st.dm.remove("s2"))), "removing (unregistering) it while copies are held");
        ctx.await(ctx.actor(unchecked(() -> st.dm.create("s3", st.snapshotTable("s3-cow", "N 8")))),
            "constructing a kept snapshot while copies are held");
        final boolean writeLocked = st.origins().isOriginsLockWriteLocked();
        final String lock = st.origins().describeLock();
        final boolean writesDone = w1.isDone() || w2.isDone();
        hold.releaseAll();   // before any check can end the run: held bios would never complete
        check(!writeLocked, () -> "origins lock still held: " + lock);
        check(!writesDone, "the held origin writes completed before their copies");
        ctx.await(w1, "origin write 1");
        ctx.await(w2, "origin write 2");
        LifecycleChecks.verify(s1, BLOCKS, b -> BlockPattern.of(b, 0, 0), "s1");
        LifecycleChecks.verify(st.dm.mappedDevice("s3"), BLOCKS, b -> BlockPattern.of(b, 0, 0), "s3");
        return Verdict.pass("register, unregister and register completed with 2 copies held");
    }
}
