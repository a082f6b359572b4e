package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BlkStatus;
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
 * S15, commit 22aa66a3: use after free when a snapshot is removed under its last completion.
 *
 * <p><b>Bug.</b> {@code pending_complete} freed the pending exception before it released the
 * bios and retried origin writes. The destructor waits only for the count of pending exceptions
 * to reach zero; with the early free it could finish and free the snapshot while
 * {@code pending_complete} still used it (unlock, origin pointer for the retry).
 *
 * <p><b>Trigger.</b> An origin write to chunk X causes a COW; the copier thread is paused where
 * the pending exception is freed ({@code BEFORE_FREE_PE}, or {@code AFTER_EARLY_FREE_PE} in the
 * buggy order); the snapshot is removed meanwhile. The paused thread watches for the destructor
 * to finish for at most {@value #DESTRUCTOR_WINDOW_MS} ms, then continues.
 *
 * <p><b>Oracle.</b> The destructor does not finish while the completion is paused (it waits for
 * the last free); the engine counts no access to a destroyed snapshot and logs no use after free;
 * the origin write completes with its data on the origin; the remove completes.
 *
 * <p><b>Negative control.</b> {@code peFree=EARLY}: the destructor finishes under the paused
 * completion, whose later accesses are counted as use after free.
 */
public final class S15UseAfterFreeOnUnload implements ScenarioBody
{
    private static final long SECTORS = 2048;
    private static final int CHUNK = 8;
    /** How long the paused completion watches for the destructor (a fixed engine's destructor waits). */
    static final long DESTRUCTOR_WINDOW_MS = 300;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final CorrectnessChecks checks = new CorrectnessChecks();
        final StressStack st = ctx.stack(SECTORS);
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch removing = new CountDownLatch(1);
        final AtomicBoolean destroyedWhilePaused = new AtomicBoolean();
        final long waitMillis = ctx.waitMillis();
        // Runs on the copier thread with no lock held; pauses the first completion only.
        st.origins().installHooks((point, snapshot, chunk) ->
        {
            if ((point == SnapshotHooks.Point.AFTER_EARLY_FREE_PE || point == SnapshotHooks.Point.BEFORE_FREE_PE)
                && reached.getCount() > 0)
            {
                reached.countDown();
                try
                {
                    if (removing.await(waitMillis, TimeUnit.MILLISECONDS))
                    {
                        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DESTRUCTOR_WINDOW_MS);
                        while (!snapshot.isDestroyed() && System.nanoTime() < deadline)
                        {
                            Thread.sleep(1);
                        }
                    }
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
                destroyedWhilePaused.set(snapshot.isDestroyed());
            }
        });
        st.addSnapshot("snap", SECTORS, "N", CHUNK);
        final long x = ctx.random().nextInt((int) (SECTORS / CHUNK));
        final byte[] newData = BlockPattern.of(x, 1, 0);
        final CompletableFuture<Integer> originWrite = ctx.actor(() -> StressStack.write(st.origin, x * CHUNK, newData));
        ctx.await(reached, "the completion of chunk " + x + " reaching the free of its pending exception");
        final CompletableFuture<Void> remove = ctx.actor(() ->
        {
            try
            {
                removing.countDown();
                st.dm.remove("snap");
            }
            catch (final Exception e)
            {
                throw new IllegalStateException(e);
            }
        });
        checks.equal(BlkStatus.OK, ctx.await(originWrite, "the origin write to chunk " + x), "origin write");
        ctx.await(remove, "the remove of the snapshot");
        checks.expect(!destroyedWhilePaused.get(), "the destructor waits for the last pending exception to be freed");
        checks.equal(0L, st.origins().useAfterFree(), "accesses to the snapshot after its destructor");
        checks.expect(!st.dm.log().contains("use after free"), "no use after free in the log");
        checks.sameBlock(newData, StressStack.read(st.origin, x * CHUNK, BlockPattern.BLOCK), "origin chunk " + x);
        checks.expect(st.origins().snapshots().isEmpty(), "the snapshot is unregistered");
        return checks.verdict("the destructor waited for the last free of chunk " + x + "; no use after free");
    }
}
