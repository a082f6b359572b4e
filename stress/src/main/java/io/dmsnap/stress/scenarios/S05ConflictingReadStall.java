package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.SnapshotHooks;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;
import io.dmsnap.stress.oracle.PatternOracle;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * S05, commit 65fc7c37: pending_complete waited for conflicting snapshot reads while holding the
 * snapshot lock, so one slow read stalled all I/O of the snapshot.
 *
 * <p>Trigger: a snapshot READ of chunk X (not yet copied, so it goes to the origin) is held in the
 * origin's device for {@value #READ_DELAY_MS} ms; an origin write to X starts a copy, which finishes
 * while the read is held, so pending_complete must wait for the read before releasing the origin
 * write. Meanwhile a stream of snapshot reads of another chunk (already remapped to the COW) and
 * new snapshot reads of X run, each timed with System.nanoTime.
 *
 * <p>Oracle: the worst latency of the stream stays below half the read delay (a bound derived from
 * the delay the scenario imposes, not from machine speed: a stalled read waits out the delay);
 * the origin write completes only after the held read; the held read returns the old data, later
 * snapshot reads of X the old data from the COW, the origin the new data.
 *
 * <p>Negative control: locking=GLOBAL with completeOrder=WAIT_THEN_INSERT (before 65fc7c37 and
 * 3f1637f2): the stream stalls for the rest of the read delay -> VIOLATED.
 */
public final class S05ConflictingReadStall implements ScenarioBody
{
    static final long READ_DELAY_MS = 1_000;
    static final int CHUNK = 8;
    static final long X = 0;
    static final long OTHER = 8;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final long blocks = 64;
        final StressStack st = ctx.stack(blocks * CHUNK);
        PatternOracle.stampInitial(st.baseMemory, blocks);
        final CountDownLatch copied = new CountDownLatch(1);
        st.origins().installHooks((point, snapshot, chunk) ->
        {
            if (point == SnapshotHooks.Point.BEFORE_PENDING_COMPLETE && chunk == X)
            {
                copied.countDown();
            }
        });
        final MappedDevice snap = st.addSnapshot("snap", blocks * CHUNK, "N", CHUNK);
        final PatternOracle oracle = new PatternOracle();
        if (oracle.stamp(snap, OTHER, PatternOracle.expect(1, 1)) != BlkStatus.OK)
        {
            return Verdict.violated("snapshot write to the other chunk failed");
        }
        final FlakeyDevice.Hold hold = st.base.hold(
            FlakeyDevice.Selector.ops(BioOp.READ).sectors(X * CHUNK, X * CHUNK + CHUNK).count(1));
        final CompletableFuture<byte[]> heldRead = ctx.actor(() -> StressStack.read(snap, X * CHUNK, BlockPattern.BLOCK));
        ctx.awaitTrue(() -> hold.heldCount() == 1, "snapshot read of X to reach the origin device");
        final long heldAt = System.nanoTime();
        final CompletableFuture<Void> release = ctx.actor(() ->
        {
            sleepUntil(heldAt + READ_DELAY_MS * 1_000_000L);
            hold.releaseAll();
        });
        final CompletableFuture<Integer> originWrite = ctx.actor(() ->
            StressStack.write(st.origin, X * CHUNK, BlockPattern.of(X, 2, 2)));
        ctx.await(copied, "the copy of X to finish");

        long worst = 0;
        int reads = 0;
        String wrong = null;
        while (!heldRead.isDone() && System.nanoTime() - heldAt < READ_DELAY_MS * 1_000_000L * 2)
        {
            // Alternate: the other chunk (remapped, must never wait) and X (copied: must read the old data).
            final long block = reads % 2 == 0 ? OTHER : X;
            final long want = block == OTHER ? PatternOracle.expect(1, 1) : PatternOracle.expect(0, 0);
            final long t0 = System.nanoTime();
            final CompletableFuture<byte[]> r = ctx.actor(() -> StressStack.read(snap, block * CHUNK, BlockPattern.BLOCK));
            final byte[] got = ctx.await(r, "snapshot read of block " + block);
            worst = Math.max(worst, System.nanoTime() - t0);
            reads++;
            if (PatternOracle.matching(block, got, want) == -1 && wrong == null)
            {
                wrong = "snapshot block " + block + " read " + BlockPattern.describe(got) + " during the held read";
            }
            Thread.sleep(5);
        }
        final boolean writeDoneBeforeRead = originWrite.isDone() && !heldRead.isDone();
        final byte[] old = ctx.await(heldRead, "the held snapshot read");
        ctx.await(release, "release of the held read");
        final int ws = ctx.await(originWrite, "the origin write to X");
        ctx.report(String.format(Locale.ROOT, "%d snapshot reads (another chunk and X) during a %d ms held read: worst latency %.1f ms",
            reads, READ_DELAY_MS, worst / 1e6));
        if (wrong != null)
        {
            return Verdict.violated(wrong);
        }
        if (writeDoneBeforeRead)
        {
            return Verdict.violated("the origin write to X completed before the held snapshot read of X");
        }
        if (ws != BlkStatus.OK)
        {
            return Verdict.violated("origin write failed with " + BlkStatus.name(ws));
        }
        if (PatternOracle.matching(X, old, PatternOracle.expect(0, 0)) == -1)
        {
            return Verdict.violated("the held snapshot read of X returned " + BlockPattern.describe(old) + ", not the old data");
        }
        final String after = oracle.check(snap, X, PatternOracle.expect(0, 0));
        final String origin = oracle.check(st.origin, X, PatternOracle.expect(2, 2));
        if (after != null || origin != null)
        {
            return Verdict.violated(after != null ? after : origin);
        }
        if (worst > READ_DELAY_MS * 1_000_000L / 2)
        {
            return Verdict.violated(String.format(Locale.ROOT,
                "snapshot I/O to another chunk stalled %.1f ms behind a held read of X (bound %d ms, half the read delay)",
                worst / 1e6, READ_DELAY_MS / 2));
        }
        return Verdict.pass(null);
    }

    private static void sleepUntil(final long deadline)
    {
        long left;
        while ((left = deadline - System.nanoTime()) > 0)
        {
            try
            {
                Thread.sleep(Math.max(1, left / 1_000_000L));
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
