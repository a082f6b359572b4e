package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.engine.snap.SnapshotHooks;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * S43, {@code __origin_write}'s re-check order: an origin write that slept in the allocation of a
 * pending exception must find a pending exception in state C.
 *
 * <p><b>Bug.</b> Finding no exception for chunk X, an origin write drops the bucket locks to
 * allocate a pending exception. Meanwhile a snapshot write creates X's exception, its copy ends
 * and {@code pending_complete} inserts the complete record, then waits, with the pending exception
 * still in its table, for a snapshot read of X that was sent to the origin before the copy (state
 * C). Re-taking the locks, the kernel's origin write looks up the pending table first, finds that
 * exception and waits on it. Looking up the complete table first (as {@code snapshot_map} does)
 * it sees X as copied, skips the snapshot and overwrites the origin under the read in flight,
 * which returns the new data: the snapshot silently shows a write made after it was taken.
 *
 * <p><b>Trigger.</b> CS=16, so that one 4 KiB block is a partial chunk. A snapshot read R of X's
 * first block is held in the base device. An origin write W1 to that block pauses at
 * {@code AFTER_DROP_BUCKET_LOCK_BEFORE_ALLOC}. A snapshot write W2 to X's second block creates,
 * copies and completes X's exception up to state C (its complete record visible; R still held).
 * W1 resumes and is given {@value #OVERTAKE_WINDOW_MS} ms; then R is released.
 *
 * <p><b>Oracle.</b> W1 does not complete while R is held; R returns the old block; afterwards the
 * snapshot reads the old first block and W2's second block, the origin W1's block.
 *
 * <p><b>Negative control.</b> {@code originRecheck=COMPLETE_FIRST}: W1 completes while R is held
 * and R returns W1's data.
 */
public final class S43OriginRecheckOrder implements ScenarioBody
{
    private static final long SECTORS = 4096;
    private static final int CHUNK = 16;
    private static final int BLOCK_SECTORS = BlockPattern.BLOCK >>> 9;
    /** How long the resumed origin write is given to overtake the held read (the bug does at once). */
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
        final long x = ctx.random().nextInt((int) (SECTORS / CHUNK));
        final long first = x * CHUNK;
        final byte[] oldData = BlockPattern.of(x, 0, 0);
        final byte[] originData = BlockPattern.of(x, 1, 1);
        final byte[] snapshotData = BlockPattern.of(x, 2, 2);

        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        final AtomicBoolean firstAllocation = new AtomicBoolean(true);
        final long waitMillis = ctx.waitMillis();
        // Runs on W1's submitting thread with the bucket locks dropped; only the first allocation pauses.
        st.origins().installHooks((point, snapshot, chunk) ->
        {
            if (point == SnapshotHooks.Point.AFTER_DROP_BUCKET_LOCK_BEFORE_ALLOC && chunk == x
                && firstAllocation.getAndSet(false))
            {
                paused.countDown();
                awaitQuietly(resume, waitMillis);
            }
        });

        // Hooks reach the snapshots constructed after they are installed.
        final MappedDevice snap = st.addSnapshot("snap", SECTORS, "N", CHUNK);
        final Snapshot s = st.snapshot("snap");

        final FlakeyDevice.Hold hold = st.base.hold(
            FlakeyDevice.Selector.ops(BioOp.READ).sectors(first, first + CHUNK).count(1));
        final CompletableFuture<byte[]> read = ctx.actor(() -> StressStack.read(snap, first, BlockPattern.BLOCK));
        ctx.awaitTrue(() -> hold.heldCount() > 0, "the snapshot read of chunk " + x + " reaching the origin device");
        final CompletableFuture<Integer> originWrite = ctx.actor(() -> StressStack.write(st.origin, first, originData));
        ctx.await(paused, "the origin write to chunk " + x + " reaching the allocation point");
        final CompletableFuture<Integer> snapshotWrite = ctx.actor(
            () -> StressStack.write(snap, first + BLOCK_SECTORS, snapshotData));
        ctx.awaitTrue(() -> s.lookup(x) >= 0, "chunk " + x + " reaching state C (complete record, read in flight)");
        resume.countDown();

        ctx.observe(OVERTAKE_WINDOW_MS, originWrite);   // the fixed engine must NOT complete it
        checks.expect(!originWrite.isDone(), "the resumed origin write to chunk " + x
            + " waits for the pending exception in state C");
        hold.releaseAll();
        st.origins().installHooks(null);
        checks.sameBlock(oldData, ctx.await(read, "the snapshot read of chunk " + x), "the held snapshot read");
        checks.equal(BlkStatus.OK, ctx.await(snapshotWrite, "the snapshot write to chunk " + x), "the snapshot write");
        checks.equal(BlkStatus.OK, ctx.await(originWrite, "the origin write to chunk " + x), "the origin write");
        checks.sameBlock(oldData, StressStack.read(snap, first, BlockPattern.BLOCK), "the snapshot's first block of chunk " + x);
        checks.sameBlock(snapshotData, StressStack.read(snap, first + BLOCK_SECTORS, BlockPattern.BLOCK),
            "the snapshot's second block of chunk " + x);
        checks.sameBlock(originData, StressStack.read(st.origin, first, BlockPattern.BLOCK), "the origin after the write");
        return checks.verdict("chunk " + x + ": the origin write found the state-C exception and waited for the read");
    }

    private static void awaitQuietly(final CountDownLatch latch, final long millis)
    {
        try
        {
            latch.await(millis, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
