package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.util.concurrent.CompletableFuture;

/**
 * S07, commits a8d41b59 and cd45daff: a snapshot read overtaken by an origin write.
 *
 * <p><b>Bug.</b> A snapshot read of a chunk without an exception is sent to the origin device. If
 * it is slow, an origin write to the same chunk copies the chunk and, once the copy is done, is
 * issued to the origin; untracked, nothing stops it from landing before the slow read, which then
 * returns the new data: the snapshot shows data written after it was taken.
 *
 * <p><b>Trigger.</b> The origin holds version-0 blocks. A snapshot read of chunk X is held in the
 * base device; an origin write to X starts a COW (its copy is not held). The scenario waits for
 * the exception of X to exist, then gives the origin write up to {@value #OVERTAKE_WINDOW_MS} ms
 * to complete, then releases the read.
 *
 * <p><b>Oracle.</b> While the read is in flight the origin write does not complete (it is held
 * until the read ends: since 65fc7c37 {@code pending_complete} keeps the pending record until then); the read returns the old block; afterwards the snapshot
 * still reads the old block (from the COW) and the origin the new one.
 *
 * <p><b>Negative control.</b> {@code readTracking=OFF}: the origin write completes while the read
 * is held, and the read returns the new block.
 */
public final class S07ReadOvertakenByOriginWrite implements ScenarioBody
{
    private static final long SECTORS = 2048;
    private static final int CHUNK = 8;
    /** How long the origin write is given to overtake the held read (a fixed engine overtakes at once). */
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
        final MappedDevice snap = st.addSnapshot("snap", SECTORS, "N", CHUNK);
        final Snapshot s = st.snapshot("snap");
        final long x = ctx.random().nextInt((int) (SECTORS / CHUNK));
        final byte[] oldData = BlockPattern.of(x, 0, 0);
        final byte[] newData = BlockPattern.of(x, 1, 7);

        final FlakeyDevice.Hold hold = st.base.hold(
            FlakeyDevice.Selector.ops(BioOp.READ).sectors(x * CHUNK, x * CHUNK + CHUNK).count(1));
        final CompletableFuture<byte[]> snapRead = ctx.actor(() -> StressStack.read(snap, x * CHUNK, BlockPattern.BLOCK));
        ctx.awaitTrue(() -> hold.heldCount() > 0, "the snapshot read of chunk " + x + " reaching the origin device");
        final CompletableFuture<Integer> originWrite = ctx.actor(() -> StressStack.write(st.origin, x * CHUNK, newData));
        ctx.awaitTrue(() -> s.lookup(x) >= 0, "the copy of chunk " + x + " completing");
        ctx.observe(OVERTAKE_WINDOW_MS, originWrite);   // the fixed engine must NOT complete it
        checks.expect(!originWrite.isDone(), "the origin write to chunk " + x + " waits for the snapshot read in flight");
        hold.releaseAll();
        checks.sameBlock(oldData, ctx.await(snapRead, "the snapshot read of chunk " + x), "the held snapshot read");
        checks.equal(BlkStatus.OK, ctx.await(originWrite, "the origin write to chunk " + x), "the origin write");
        checks.sameBlock(oldData, StressStack.read(snap, x * CHUNK, BlockPattern.BLOCK), "the snapshot after the copy");
        checks.sameBlock(newData, StressStack.read(st.origin, x * CHUNK, BlockPattern.BLOCK), "the origin after the write");
        return checks.verdict("chunk " + x + ": the origin write waited for the snapshot read, which returned the old data");
    }
}
