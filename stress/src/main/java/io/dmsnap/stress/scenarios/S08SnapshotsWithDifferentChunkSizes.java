package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.OriginTarget;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * S08, commit 6d45d93e: snapshots with different chunk sizes on one origin.
 *
 * <p><b>Bug.</b> With the historic "primary pending exception" design, an origin write linked
 * the pending exceptions of all snapshots for its chunk to one primary. Snapshot S1 (CS=8) with
 * chunks A and B inside chunk C of S2 (CS=64), S1 first in the unsorted list: a write to A made
 * A the primary and linked C to it; a second write to B created B's exception but could not link
 * it to C (C already had its primary), so when B finished first the write went to the origin
 * while C was still being copied, and S2's chunk C got the new data. 6d45d93e sorted the list
 * largest chunk first, so every write links to C.
 *
 * <p>The engine does not model the primary-PE design: since 515ad66c an origin write that waited
 * re-examines every snapshot when it is retried, so the list order only decides which exception
 * a write waits on first (the largest chunk, normally the slowest copy: fewer retries), and the
 * data invariant holds in either order. What still makes mixed chunk sizes correct is the
 * origin's write split at the smallest chunk size, recomputed at origin resume ({@code origin_resume}, {@code __minimum_chunk_size}):
 * only the first sector of an origin write is looked up per snapshot.
 *
 * <p><b>Trigger.</b> The origin holds version-0 blocks; S1 (CS=8) is registered first, then S2
 * (CS=64), the LVM way (origin suspended around the load). The origin read that copies S2's
 * chunk C is held; origin writes go to A, then to B (two different 4 KiB chunks of S1 inside C).
 * Then one 8 KiB origin write spanning two chunks of S1.
 *
 * <p><b>Oracle.</b> The origin's snapshot list is sorted largest chunk first right after S2's
 * constructor and after its resume, and the origin splits writes at the smallest chunk (8);
 * while C's copy is held, both writes stay pending (S1's copies of A and B are done) and the
 * origin still holds the old data at A and B; after the release both complete; S1 and S2 read
 * the old data everywhere (including both chunks under the spanning write) and the origin the
 * new data.
 *
 * <p><b>Negative control.</b> {@code splitBoundary=STALE} (the boundary is not recomputed at
 * origin resume, as when snapshots are loaded without suspending the origin): the spanning write
 * is not split, only its first S1 chunk is copied, and S1 shows the new data in the second.
 */
public final class S08SnapshotsWithDifferentChunkSizes implements ScenarioBody
{
    private static final long SECTORS = 2048;
    private static final int SMALL = 8;
    private static final int LARGE = 64;
    /** How long the writes are watched for completing early while C is held (a fixed engine never completes them). */
    static final long EARLY_RELEASE_WINDOW_MS = 100;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final CorrectnessChecks checks = new CorrectnessChecks();
        final StressStack st = ctx.stack(SECTORS);
        for (long b = 0; b < SECTORS / SMALL; b++)
        {
            st.baseMemory.writeBytes(b * SMALL, BlockPattern.of(b, 0, 0));
        }
        final MappedDevice s1 = st.addSnapshot("s1", SECTORS, "N", SMALL);
        final MemoryDevice cow2 = new MemoryDevice("s08-s2-cow", SECTORS);
        st.dm.addDevice(cow2);
        final List<String> largestFirst = List.of("s2", "s1");
        st.dm.suspend("origin");
        st.dm.create("s2");
        st.dm.load("s2", st.snapshotTable(cow2.name(), "N " + LARGE));
        checks.equal(largestFirst, st.origins().snapshotOrder(st.dm.device("base")), "snapshot order after S2's constructor");
        st.dm.resume("s2");
        st.dm.resume("origin");
        final MappedDevice s2 = st.dm.mappedDevice("s2");
        checks.equal(largestFirst, st.origins().snapshotOrder(st.dm.device("base")), "snapshot order after resume");
        checks.equal((long) SMALL, ((OriginTarget) st.origin.targetAt(0)).splitBoundary(), "origin split boundary");

        final long c = ctx.random().nextInt((int) (SECTORS / LARGE));
        final int i = ctx.random().nextInt(LARGE / SMALL);
        final int j = (i + 1 + ctx.random().nextInt(LARGE / SMALL - 1)) % (LARGE / SMALL);
        final long a = c * (LARGE / SMALL) + i;   // S1 chunk numbers (= 4 KiB block numbers)
        final long b = c * (LARGE / SMALL) + j;
        final FlakeyDevice.Hold copyOfC = st.base.hold(FlakeyDevice.Selector.ops(BioOp.READ)
            .sectors(c * LARGE, c * LARGE + LARGE).where(bio -> bio.sectors() > SMALL).count(1));
        final Snapshot snap1 = st.snapshot("s1");
        final CompletableFuture<Integer> writeA = ctx.actor(() -> StressStack.write(st.origin, a * SMALL, BlockPattern.of(a, 1, 1)));
        ctx.awaitTrue(() -> copyOfC.heldCount() > 0, "the copy of S2 chunk " + c + " reaching the origin device");
        ctx.awaitTrue(() -> snap1.lookup(a) >= 0, "S1's copy of chunk " + a);
        final CompletableFuture<Integer> writeB = ctx.actor(() -> StressStack.write(st.origin, b * SMALL, BlockPattern.of(b, 1, 2)));
        ctx.awaitTrue(() -> snap1.lookup(b) >= 0, "S1's copy of chunk " + b);
        ctx.observe(EARLY_RELEASE_WINDOW_MS, writeA, writeB);   // a write released early would complete here
        checks.expect(!writeA.isDone(), "the write to S1 chunk " + a + " waits for the copy of S2 chunk " + c);
        checks.expect(!writeB.isDone(), "the write to S1 chunk " + b + " waits for the copy of S2 chunk " + c);
        checks.sameBlock(BlockPattern.of(a, 0, 0), st.baseMemory.readBytes(a * SMALL, SMALL), "origin chunk " + a + " while C is copied");
        checks.sameBlock(BlockPattern.of(b, 0, 0), st.baseMemory.readBytes(b * SMALL, SMALL), "origin chunk " + b + " while C is copied");
        copyOfC.releaseAll();
        checks.equal(BlkStatus.OK, ctx.await(writeA, "the write to chunk " + a), "origin write to chunk " + a);
        checks.equal(BlkStatus.OK, ctx.await(writeB, "the write to chunk " + b), "origin write to chunk " + b);

        for (long blk = 0; blk < SECTORS / SMALL; blk++)
        {
            final byte[] old = BlockPattern.of(blk, 0, 0);
            checks.sameBlock(old, StressStack.read(s1, blk * SMALL, BlockPattern.BLOCK), "S1 block " + blk);
            checks.sameBlock(old, StressStack.read(s2, blk * SMALL, BlockPattern.BLOCK), "S2 block " + blk);
        }
        checks.sameBlock(BlockPattern.of(a, 1, 1), StressStack.read(st.origin, a * SMALL, BlockPattern.BLOCK), "origin chunk " + a);
        checks.sameBlock(BlockPattern.of(b, 1, 2), StressStack.read(st.origin, b * SMALL, BlockPattern.BLOCK), "origin chunk " + b);

        // One write across two S1 chunks d and d + 1 (outside C): split at 8, both are copied.
        final long d = (c * (LARGE / SMALL) + LARGE / SMALL + 2L * ctx.random().nextInt(LARGE / SMALL / 2))
            % (SECTORS / SMALL - 1);
        final byte[] spanning = new byte[2 * BlockPattern.BLOCK];
        System.arraycopy(BlockPattern.of(d, 1, 3), 0, spanning, 0, BlockPattern.BLOCK);
        System.arraycopy(BlockPattern.of(d + 1, 1, 3), 0, spanning, BlockPattern.BLOCK, BlockPattern.BLOCK);
        checks.equal(BlkStatus.OK, StressStack.write(st.origin, d * SMALL, spanning), "origin write spanning chunks " + d
            + " and " + (d + 1));
        for (long blk = d; blk <= d + 1; blk++)
        {
            final byte[] old = BlockPattern.of(blk, 0, 0);
            checks.sameBlock(old, StressStack.read(s1, blk * SMALL, BlockPattern.BLOCK), "S1 block " + blk + " after the spanning write");
            checks.sameBlock(old, StressStack.read(s2, blk * SMALL, BlockPattern.BLOCK), "S2 block " + blk + " after the spanning write");
        }
        return checks.verdict("S2 chunk " + c + " kept its old data while S1 chunks " + a + " and " + b + " were written");
    }
}
