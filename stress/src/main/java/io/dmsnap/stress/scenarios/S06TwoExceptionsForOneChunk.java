package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.SnapshotHooks;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.engine.store.CowInspector;
import io.dmsnap.engine.store.CowReport;
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
 * S06, commit 35bf659b: two exceptions for one chunk.
 *
 * <p><b>Bug.</b> A writer that finds no exception for chunk X drops the bucket locks to allocate a
 * pending exception. If meanwhile another writer creates, copies and completes an exception for
 * X, the first writer, without re-checking the complete table after re-taking the locks, adds a
 * second pending exception: a second COW chunk and a second record for X, also on disk.
 *
 * <p><b>Trigger.</b> Persistent store, CS=8. Writer T1 (full-chunk snapshot write to X) pauses at
 * {@code AFTER_DROP_BUCKET_LOCK_BEFORE_ALLOC}; writer T2 writes X all the way to a complete
 * exception; T1 resumes.
 *
 * <p><b>Oracle.</b> Exactly one record for X in memory and one COW chunk used, X reads T1's data
 * (it wrote through T2's mapping); after remove + re-create on the same COW (a replay) the
 * on-disk image holds exactly one exception for X, the replayed table one record, and X still
 * reads T1's data.
 *
 * <p><b>Negative control.</b> {@code recheckComplete=SKIP}: two records and two COW chunks for X.
 */
public final class S06TwoExceptionsForOneChunk implements ScenarioBody
{
    private static final long SECTORS = 4096;
    private static final int CHUNK = 8;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final CorrectnessChecks checks = new CorrectnessChecks();
        final StressStack st = ctx.stack(SECTORS);
        final long x = 1 + ctx.random().nextInt((int) (SECTORS / CHUNK) - 1);
        final CountDownLatch paused = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        final AtomicBoolean first = new AtomicBoolean(true);
        final long waitMillis = ctx.waitMillis();
        // Runs on T1's submitting thread with no bucket lock held; only the first writer pauses.
        st.origins().installHooks((point, snapshot, chunk) ->
        {
            if (point == SnapshotHooks.Point.AFTER_DROP_BUCKET_LOCK_BEFORE_ALLOC && chunk == x
                && first.getAndSet(false))
            {
                paused.countDown();
                awaitQuietly(resume, waitMillis);
            }
        });
        final MemoryDevice cow = new MemoryDevice("s06-cow", SECTORS);
        st.dm.addDevice(cow);
        final MappedDevice snap = st.addSnapshotOn("snap", cow.name(), "P " + CHUNK);
        final byte[] t1Data = BlockPattern.of(x, 1, 1);
        final byte[] t2Data = BlockPattern.of(x, 2, 2);
        final CompletableFuture<Integer> t1 = ctx.actor(() -> StressStack.write(snap, x * CHUNK, t1Data));
        ctx.await(paused, "T1 reaching the allocation point");
        final CompletableFuture<Integer> t2 = ctx.actor(() -> StressStack.write(snap, x * CHUNK, t2Data));
        checks.equal(BlkStatus.OK, ctx.await(t2, "T2's write of chunk " + x), "T2's write");
        resume.countDown();
        checks.equal(BlkStatus.OK, ctx.await(t1, "T1's write of chunk " + x), "T1's write");

        final Snapshot s = st.snapshot("snap");
        checks.equal(1, CorrectnessChecks.recordsFor(s, x), "records for chunk " + x + " in memory");
        checks.equal(1, CorrectnessChecks.remappedChunks(s), "chunks remapped in memory");
        checks.sameBlock(t1Data, StressStack.read(snap, x * CHUNK, BlockPattern.BLOCK), "chunk " + x + " before replay");

        // Replay: a new constructor on the same COW reads the exceptions back from disk.
        st.origins().installHooks(null);
        st.dm.remove("snap");
        final CowReport report = CowInspector.inspect(cow, CHUNK);
        int onDisk = 0;
        for (int i = 0; i < report.exceptionCount(); i++)
        {
            if (report.oldChunk(i) == x)
            {
                onDisk++;
            }
        }
        checks.equal(1, onDisk, "on-disk exceptions for chunk " + x);
        checks.equal(1, report.exceptionCount(), "on-disk exceptions in total");
        final MappedDevice again = st.addSnapshotOn("snap", cow.name(), "P " + CHUNK);
        final Snapshot replayed = st.snapshot("snap");
        checks.equal(1, CorrectnessChecks.recordsFor(replayed, x), "replayed records for chunk " + x);
        checks.sameBlock(t1Data, StressStack.read(again, x * CHUNK, BlockPattern.BLOCK), "chunk " + x + " after replay");
        return checks.verdict("chunk " + x + ": one exception in memory and on disk, T1 wrote through T2's mapping");
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
