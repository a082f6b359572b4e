package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.engine.store.CowInspector;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * S09, commit 385277bf: hung bios after a copy error.
 *
 * <p><b>Bug.</b> A persistent store writes a batch of exceptions when the last one prepared is
 * committed. Before 385277bf a failed copy skipped the commit: the store's count of prepared but
 * uncommitted exceptions never returned to zero, the batch was never written, and every bio
 * waiting on an exception of that batch (and every later one) hung.
 *
 * <p><b>Trigger.</b> P store, CS=8. Three origin writes to chunks 1, 2, 3 start one COW each in
 * one batch: the origin read of chunk 1 is held, that of chunk 2 fails (EIO), chunk 3's copy
 * succeeds. Once the copies of 2 and 3 have finished (parked behind 1 for in-order commit),
 * chunk 1's read is released.
 *
 * <p><b>Oracle.</b> Every origin write completes OK and its data is on the origin; the snapshot
 * is {@code Invalid}; the on-disk header has valid=0; nothing of the batch is recorded on disk;
 * snapshot reads fail with EIO; no pending exception is left.
 *
 * <p><b>Negative control.</b> {@code copyErrorCommit=SKIP_COMMIT}: the origin writes never
 * complete (HUNG).
 */
public final class S09CopyErrorWithoutHungBios implements ScenarioBody
{
    private static final long SECTORS = 4096;
    private static final int CHUNK = 8;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final CorrectnessChecks checks = new CorrectnessChecks();
        final StressStack st = ctx.stack(SECTORS);
        final MemoryDevice cow = new MemoryDevice("s09-cow", SECTORS);
        st.dm.addDevice(cow);
        final MappedDevice snap = st.addSnapshotOn("snap", cow.name(), "P " + CHUNK);
        final Snapshot s = st.snapshot("snap");
        final FlakeyDevice.Hold hold = st.base.hold(
            FlakeyDevice.Selector.ops(BioOp.READ).sectors(CHUNK, CHUNK + 1).count(1));
        st.base.fail(FlakeyDevice.Selector.ops(BioOp.READ).sectors(2 * CHUNK, 2 * CHUNK + 1).count(1));

        final List<CompletableFuture<Integer>> writes = new ArrayList<>();
        writes.add(ctx.actor(() -> StressStack.write(st.origin, CHUNK, BlockPattern.of(1, 1, 0))));
        ctx.awaitTrue(() -> hold.heldCount() > 0, "the copy of chunk 1 reaching the origin device");
        for (int c = 2; c <= 3; c++)
        {
            final long chunk = c;
            writes.add(ctx.actor(() -> StressStack.write(st.origin, chunk * CHUNK, BlockPattern.of(chunk, 1, 0))));
        }
        ctx.awaitTrue(() -> s.stats().pendingExceptions() >= 3, "three exceptions in one batch");
        ctx.awaitTrue(() -> s.stats().parkedCompletions() >= 2, "the copies of chunks 2 and 3 finishing behind chunk 1");
        hold.releaseAll();
        for (int c = 1; c <= 3; c++)
        {
            checks.equal(BlkStatus.OK, ctx.await(writes.get(c - 1), "the origin write to chunk " + c),
                "origin write to chunk " + c);
            checks.sameBlock(BlockPattern.of(c, 1, 0), StressStack.read(st.origin, (long) c * CHUNK, BlockPattern.BLOCK),
                "origin chunk " + c);
        }
        ctx.awaitTrue(() -> s.stats().pendingExceptions() == 0, "every pending exception freed");
        checks.equal("Invalid", st.info("snap"), "snapshot status");
        checks.equal(0, CorrectnessChecks.headerValid(cow), "on-disk header valid field");
        checks.equal(0, CowInspector.inspect(cow, CHUNK).exceptionCount(), "exceptions of the batch on disk");
        checks.expect(StressStack.read(snap, CHUNK, BlockPattern.BLOCK) == null, "a snapshot read fails with EIO");
        checks.expect(StressStack.read(snap, 10L * CHUNK, BlockPattern.BLOCK) == null,
            "a snapshot read of an untouched chunk fails with EIO");
        return checks.verdict("copy error on chunk 2 of a 3-exception batch: Invalid, header valid=0, every bio completed");
    }
}
