package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.snap.SnapshotHooks;
import io.dmsnap.stress.ScenarioBody;
import io.dmsnap.stress.ScenarioContext;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.Verdict;
import io.dmsnap.stress.oracle.BlockPattern;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static io.dmsnap.stress.scenarios.LifecycleChecks.BLOCK_SECTORS;
import static io.dmsnap.stress.scenarios.LifecycleChecks.check;
import static io.dmsnap.stress.scenarios.LifecycleChecks.unchecked;

/**
 * S40, 90fa1527: the wait for conflicting I/O must sleep.
 *
 * <p><b>Bug.</b> pending_complete waited for snapshot reads still in flight on the origin by
 * yielding the CPU in a loop; with real-time threads that livelocked. The fix sleeps about 1 ms
 * per poll.
 *
 * <p><b>Trigger.</b> A snapshot read of block 0 is sent to the origin and held in the base device
 * (tracked); an origin write to block 0 copies the chunk; the copier thread reaches
 * pending_complete (seen through the BEFORE_PENDING_COMPLETE hook, which records the thread) and
 * waits for the held read. Its CPU time (ThreadMXBean) is measured across 200 ms of wall time.
 *
 * <p><b>Oracle.</b> The copier thread's CPU time over the 200 ms is below 20 % of the wall time
 * (a spinning or yielding waiter uses most of a core; a 1 ms sleep-poll uses about 1 %); the
 * origin write stays held during the window; after the release the read returns the old data
 * and the write completes. The figure is reported.
 *
 * <p><b>Negative control.</b> None: the reason is in {@link Scenarios}.
 */
final class S40ConflictingIoWaitSleeps implements ScenarioBody
{
    private static final long WINDOW_MILLIS = 200;

    @Override
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        check(mx.isThreadCpuTimeSupported(), "this JVM cannot measure thread CPU time");
        if (!mx.isThreadCpuTimeEnabled())
        {
            mx.setThreadCpuTimeEnabled(true);
        }
        final StressStack st = ctx.stack(64L * BLOCK_SECTORS);
        LifecycleChecks.fill(st.origin, 64, 0);
        final AtomicLong copier = new AtomicLong(-1);
        st.origins().installHooks((point, snapshot, chunk) ->
        {
            if (point == SnapshotHooks.Point.BEFORE_PENDING_COMPLETE)
            {
                copier.set(Thread.currentThread().getId());
            }
        });
        final MappedDevice snap = st.addSnapshot("snap", 1024, "N", 8);
        final FlakeyDevice.Hold hold = st.base.hold(FlakeyDevice.Selector.ops(BioOp.READ).sectors(0, BLOCK_SECTORS).count(1));
        final CompletableFuture<byte[]> read = ctx.actor(() -> StressStack.read(snap, 0, BlockPattern.BLOCK));
        ctx.awaitTrue(() -> hold.heldCount() == 1, "snapshot read held on the origin");
        final CompletableFuture<Void> write = ctx.actor(unchecked(() -> LifecycleChecks.stamp(st.origin, 0, 1, 0)));
        ctx.awaitTrue(() -> copier.get() >= 0, "copier thread reaching pending_complete");
        Thread.sleep(20);   // let it get from the hook into the wait
        final long cpu0 = mx.getThreadCpuTime(copier.get());
        final long t0 = System.nanoTime();
        Thread.sleep(WINDOW_MILLIS);
        final long cpu1 = mx.getThreadCpuTime(copier.get());
        final long wall = System.nanoTime() - t0;
        check(!write.isDone(), "the origin write did not wait for the held snapshot read");
        hold.releaseAll();
        check(Arrays.equals(BlockPattern.of(0, 0, 0), ctx.await(read, "held snapshot read")), "the held read returned new data");
        ctx.await(write, "origin write after the read");
        final long cpu = cpu1 - cpu0;
        ctx.report(String.format("copier CPU while waiting for a held read: %.2f ms over %.1f ms wall (%.1f %%)",
            cpu / 1e6, wall / 1e6, 100.0 * cpu / wall));
        check(cpu0 >= 0 && cpu1 >= 0, "the copier thread's CPU time is not available");
        check(cpu < wall / 5, () -> String.format("the waiting copier used %.1f ms CPU in %.1f ms: busy waiting", cpu / 1e6, wall / 1e6));
        return Verdict.pass("the conflicting-read wait slept");
    }
}
