package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.LogWritesDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.lvm.LvmStack;
import io.dmsnap.engine.snap.MergeStats;
import io.dmsnap.engine.snap.MergeTarget;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.check;

/**
 * S17, fcc42338: a merge must flush the origin before the store forgets a merged run.
 *
 * <p><b>Bug.</b> {@code merge_callback} committed the merge (the COW's metadata forgets the run,
 * written with FUA) right after the copy, while the copied data could still sit in the origin's
 * volatile write cache. A crash then lost the run from both: the origin never got it, the COW no
 * longer lists it.
 *
 * <p><b>Trigger.</b> Origin and COW devices with a volatile write cache ({@code LogWritesDevice}:
 * a write is durable only after a flush or with FUA). A stamped, flushed origin (version 0); a
 * persistent snapshot (CS 8); origin writes of version 1 to two runs of blocks, flushed; merge;
 * crash right after the last {@code commit_merge}: the origin keeps only its durable writes (the
 * worst crash state), the COW its whole log (its metadata writes are FUA).
 *
 * <p><b>Oracle.</b> A snapshot replayed from the crashed COW on the crashed origin reads version 0
 * in every block: each merged run is either still listed in the COW or durable on the origin.
 *
 * <p><b>Negative control.</b> {@code mergeFlush=SKIP}: the merged runs are not durable on the origin
 * and no longer listed: the replayed snapshot reads version 1 there: VIOLATED.
 */
final class S17MergeFlushesOrigin implements ScenarioBody
{
    private static final int BLOCKS = 64;
    private static final int[] WRITTEN = {3, 4, 5, 6, 20, 21, 40};

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final long sectors = (long) BLOCKS * BLOCK_SECTORS;
        final MemoryDevice originMemory = new MemoryDevice("origin-mem", sectors);
        for (int b = 0; b < BLOCKS; b++)
        {
            originMemory.writeBytes((long) b * BLOCK_SECTORS, BlockPattern.of(b, 0, 0));
        }
        final MemoryDevice originBefore = originMemory.copy("origin-before");
        final LogWritesDevice originLog = new LogWritesDevice("base", originMemory);
        final LogWritesDevice cowLog = new LogWritesDevice("snap-cow", new MemoryDevice("cow-mem", 4096));
        final DeviceMapper dm = new DeviceMapper(ctx.config());
        final LvmStack lvm = new LvmStack(dm, originLog);
        final MergeStats stats;
        try
        {
            dm.addDevice(cowLog);
            lvm.addSnapshotOn("snap", "snap-cow", "P 8");
            for (final int b : WRITTEN)
            {
                LifecycleChecks.stamp(lvm.origin(), b, 1, 1);
            }
            check(SyncIo.flush(originLog) == 0, "the origin flush failed");
            final MergeTarget m = ctx.await(ctx.actor(() ->
            {
                try
                {
                    return lvm.startMerge("snap");
                }
                catch (final Exception e)
                {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }), "merge start");
            stats = MergeChecks.awaitEnd(ctx, m);
            check(stats.completed(), () -> "the merge did not complete: " + stats);
        }
        finally
        {
            lvm.removeAll();
        }
        // The crash right after the last commit_merge.
        final MemoryDevice originCrashed = originLog.durableState(originBefore, originLog.size());
        final MemoryDevice cowCrashed = cowLog.materialise(cowLog.size());
        final DeviceMapper replay = new DeviceMapper(ctx.config());
        final LvmStack after = new LvmStack(replay, rename(originCrashed, "base"));
        try
        {
            replay.addDevice(rename(cowCrashed, "snap-cow"));
            after.addSnapshotOn("replayed", "snap-cow", "P 8");
            LifecycleChecks.verify(replay.mappedDevice("replayed"), BLOCKS, b -> BlockPattern.of(b, 0, 0),
                "the snapshot replayed after a crash right after the last commit_merge");
        }
        finally
        {
            after.removeAll();
        }
        ctx.report("runs merged: " + stats.copyJobs() + ", origin flushes before commit: " + stats.originFlushes());
        return Verdict.pass(stats.copyJobs() + " runs merged, each flushed to the origin before its commit; "
            + "the crash state keeps the snapshot's data");
    }

    private static MemoryDevice rename(final MemoryDevice image, final String name)
    {
        return image.copy(name);
    }
}
