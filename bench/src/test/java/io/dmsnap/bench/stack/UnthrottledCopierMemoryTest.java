package io.dmsnap.bench.stack;

import io.dmsnap.bench.writeback.WritebackResult;
import io.dmsnap.bench.writeback.WritebackSettings;
import io.dmsnap.bench.writeback.WritebackWorkload;
import io.dmsnap.engine.block.CompletionTimer;
import io.dmsnap.engine.block.DeviceProfile;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches.Throttle;
import io.dmsnap.engine.copy.CopierMemory;
import io.dmsnap.engine.copy.CopierMemoryStats;
import io.dmsnap.engine.snap.SnapshotParameters;
import io.dmsnap.engine.snap.SnapshotStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory half of 721b1d98's report, on the seed's workload: 8 snapshots of a 1 GiB origin with
 * 4 KiB chunks, the origin written through the page cache (96 MiB under a 128 MiB dirty limit), all
 * devices {@code hdd}. The devices' clock stands still while the page cache writes back, so no
 * copy ends: the copies in flight are exactly what the throttle let the flusher start, and the
 * copier memory is exactly what the kernel would hold for them. Unthrottled, every chunk written
 * starts its 8 copies; at the default threshold 2048 each snapshot stops at 2048 + 1 (the one
 * flusher passes the check at 2048 and then starts its copy). Then time runs and every write completes.
 */
@Timeout(300)
final class UnthrottledCopierMemoryTest
{
    private static final int SNAPSHOTS = 8;
    private static final long ORIGIN_SECTORS = (1L << 30) >> 9;
    private static final long AMOUNT = 96L << 20;
    private static final long DIRTY_LIMIT = 128L << 20;
    /** Copier memory per 4 KiB copy in flight: the job object, its page and the page's list entry. */
    private static final long PER_COPY = CopierMemory.JOB_OBJECT_BYTES + CopierMemory.PAGE_BYTES
        + CopierMemory.PAGE_LIST_BYTES;

    @Test
    void unlimitedHoldsAtLeastTenTimesTheCopierMemoryOfTheDefaultThreshold() throws Exception
    {
        final Held unlimited = hold(EngineConfig.current().with(Throttle.NONE));
        final Held threshold = hold(EngineConfig.current().with(Throttle.IN_PROGRESS)
            .withCowThreshold(EngineConfig.DEFAULT_COW_THRESHOLD));

        assertEquals(EngineConfig.DEFAULT_COW_THRESHOLD + 1, threshold.perSnapshot,
            "at 2048 each snapshot holds the threshold plus the one copy the flusher started after its check");
        assertTrue(unlimited.perSnapshot >= 10 * threshold.perSnapshot,
            "unthrottled, every chunk written back starts its copies: " + unlimited.perSnapshot + " per snapshot");
        assertTrue(unlimited.bytes >= 10 * threshold.bytes, "copier memory unthrottled " + unlimited.bytes
            + " B against " + threshold.bytes + " B at 2048");
        // The seed: about 10 GB unthrottled against 130 MB with the threshold; here 2048 x 8 snapshots of
        // 4 KiB copies is the seed's bound of about 120 MiB plus the clients' reserves.
        assertEquals(threshold.reserves + (long) SNAPSHOTS * (EngineConfig.DEFAULT_COW_THRESHOLD + 1) * PER_COPY,
            threshold.bytes);
    }

    /** What a held run showed. */
    private record Held(long perSnapshot, long bytes, long reserves)
    {
    }

    private static Held hold(final EngineConfig config) throws Exception
    {
        final AtomicLong now = new AtomicLong();
        final CompletionTimer timer = CompletionTimer.manual(now::get);
        final DeviceProfile hdd = DeviceProfile.named("hdd");
        try (ManySnapshotsStack stack = new ManySnapshotsStack(config, ORIGIN_SECTORS, SNAPSHOTS, "N", 8, hdd, hdd, timer))
        {
            final SnapshotParameters parameters = stack.parameters();
            final long reserves = parameters.copierMemoryStats().reserveBytes();
            parameters.resetPeaks();
            final WritebackWorkload workload = new WritebackWorkload(stack.origin(),
                WritebackSettings.dt(AMOUNT, DIRTY_LIMIT), 4096);
            final CompletableFuture<WritebackResult> run = CompletableFuture.supplyAsync(() ->
            {
                try
                {
                    return workload.run(WritebackWorkload.Progress.NONE);
                }
                catch (final InterruptedException e)
                {
                    throw new IllegalStateException(e);
                }
            });
            final boolean limited = config.throttle() == Throttle.IN_PROGRESS;
            // Held: the flusher waits in the throttle, or (unthrottled) has taken every dirty page after
            // the writer's last record; and the copies in flight and the account have stopped changing
            // (the copiers have taken every job to its pages stage).
            awaitHeld(() -> limited ? waiters(stack) > 0 : workload.cache().counters().pagesDirtied() == AMOUNT / 4096
                && workload.cache().counters().dirtyPages() == 0,
                () -> stack.copiesInFlight() * 31 + parameters.copierMemoryStats().currentBytes());
            final long jobs = stack.copiesInFlight();
            assertEquals(reserves + jobs * PER_COPY, parameters.copierMemoryStats().currentBytes(),
                "the account holds a job object and a page for every copy in flight, and the reserves");
            final CopierMemoryStats memory = parameters.copierMemoryStats();
            final long perSnapshot = parameters.peakCopiesInFlight();
            assertEquals(SNAPSHOTS * perSnapshot, jobs, "every snapshot holds the same copies");
            assertEquals(jobs, memory.jobs());

            // Let time run: every write completes and the run ends.
            while (!run.isDone())
            {
                now.addAndGet(TimeUnit.HOURS.toNanos(1));
                timer.runDue();
                Thread.sleep(5);
            }
            final WritebackResult result = run.get();
            assertEquals(result.bios(), workload.cache().counters().runs());
            assertEquals(0, stack.pendingExceptions() > 0 ? settle(stack, now, timer) : 0);
            return new Held(perSnapshot, memory.peakBytes(), reserves);
        }
    }

    private static int waiters(final ManySnapshotsStack stack)
    {
        int n = 0;
        for (final SnapshotStats s : stack.snapshotStats())
        {
            n += s.throttleWaiters();
        }
        return n;
    }

    /** Deliver until no pending exception is left; returns how many are left (0). */
    private static long settle(final ManySnapshotsStack stack, final AtomicLong now, final CompletionTimer timer)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stack.pendingExceptions() > 0 && System.nanoTime() < deadline)
        {
            now.addAndGet(TimeUnit.HOURS.toNanos(1));
            timer.runDue();
            Thread.sleep(5);
        }
        return stack.pendingExceptions();
    }

    /** Wait until {@code condition} holds and {@code state} has not changed for a while. */
    private static void awaitHeld(final BooleanSupplier condition, final LongSupplier state) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long last = Long.MIN_VALUE;
        int stable = 0;
        while (stable < 20)
        {
            assertTrue(System.nanoTime() < deadline, "the held state was not reached");
            Thread.sleep(10);
            final long s = state.getAsLong();
            stable = condition.getAsBoolean() && s == last ? stable + 1 : 0;
            last = s;
        }
    }
}
