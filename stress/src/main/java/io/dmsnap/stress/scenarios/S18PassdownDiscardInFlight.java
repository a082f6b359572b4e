package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.util.concurrent.CompletableFuture;

/**
 * S18, the lesson of seed 003 (dm-thin, 2abd7c27: a block reprovisioned while its passdown discard
 * was still in flight) in dm-snapshot's terms: a chunk whose passdown discard is in flight is not
 * overwritten under it.
 *
 * <p><b>Bug.</b> With {@code discard_passdown_origin} a discard to the snapshot sends its second
 * bio to the origin's device, bypassing the origin target (2e602385). An origin write to that
 * chunk, not yet copied into the snapshot, starts its copy-on-write and is released when the copy
 * ends; if nothing holds it back it can reach the device before the slow discard, which then
 * erases the acknowledged write.
 *
 * <p><b>Trigger.</b> CS=16. The passdown discard of chunk X is held in the base device; an origin
 * write to X copies X and completes its exception (state C: the complete record visible); it is
 * given {@value #OVERTAKE_WINDOW_MS} ms; then the discard is released.
 *
 * <p><b>Oracle.</b> The origin write does not complete while the discard is in flight (the
 * discard is tracked like a snapshot read, so {@code pending_complete} waits for it); afterwards
 * the origin holds the written block, not the discard's zeros.
 *
 * <p><b>Negative control.</b> {@code passdownTracking=OFF}: the origin write completes while the
 * discard is held, and the discard then erases it.
 */
public final class S18PassdownDiscardInFlight implements ScenarioBody
{
    private static final long SECTORS = 4096;
    private static final int CHUNK = 16;
    /** How long the origin write is given to overtake the held discard (the bug does at once). */
    static final long OVERTAKE_WINDOW_MS = 300;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final CorrectnessChecks checks = new CorrectnessChecks();
        final StressStack st = ctx.stack(SECTORS);
        for (long c = 0; c < SECTORS / CHUNK; c++)
        {
            st.baseMemory.writeBytes(c * CHUNK, BlockPattern.of(c, 0, 0));
        }
        st.dm.addDevice(new MemoryDevice("s18-cow", SECTORS));
        final MappedDevice snap = st.addSnapshotOn("snap", "s18-cow", "N " + CHUNK + " 2 discard_zeroes_cow discard_passdown_origin");
        final Snapshot s = st.snapshot("snap");
        final long x = ctx.random().nextInt((int) (SECTORS / CHUNK));
        final long first = x * CHUNK;
        final byte[] written = BlockPattern.of(x, 1, 1);

        final FlakeyDevice.Hold hold = st.base.hold(
            FlakeyDevice.Selector.ops(BioOp.DISCARD).sectors(first, first + CHUNK).count(1));
        final CompletableFuture<Integer> discard = ctx.actor(() -> SyncIo.io(snap, BioOp.DISCARD, first, CHUNK, null, 0));
        ctx.awaitTrue(() -> hold.heldCount() > 0, "the passdown discard of chunk " + x + " reaching the origin's device");
        final CompletableFuture<Integer> originWrite = ctx.actor(() -> StressStack.write(st.origin, first, written));
        ctx.awaitTrue(() -> s.lookup(x) >= 0, "the copy of chunk " + x + " completing");

        ctx.observe(OVERTAKE_WINDOW_MS, originWrite);   // the fixed engine must NOT complete it
        checks.expect(!originWrite.isDone(), "the origin write to chunk " + x + " waits for the passdown discard in flight");
        hold.releaseAll();
        checks.equal(BlkStatus.OK, ctx.await(discard, "the discard of chunk " + x), "the discard");
        checks.equal(BlkStatus.OK, ctx.await(originWrite, "the origin write to chunk " + x), "the origin write");
        checks.sameBlock(written, StressStack.read(st.origin, first, BlockPattern.BLOCK),
            "the origin's block after the discard and the write");
        return checks.verdict("chunk " + x + ": the origin write waited for the passdown discard and kept its data");
    }
}
