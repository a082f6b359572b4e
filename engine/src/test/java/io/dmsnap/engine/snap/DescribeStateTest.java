package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.config.Preset;
import io.dmsnap.engine.dm.MappedDevice;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Snapshot#describeState()}: the watchdog line tells where a stuck pending exception is,
 * through the sequence numbers allocated and committed and the store's uncommitted count.
 */
class DescribeStateTest
{
    private static final long SECTORS = 8192;

    @Test
    void anIdleSnapshotShowsEverySequenceCommittedAndNothingUncommitted() throws Exception
    {
        try (SnapStack st = new SnapStack(Preset.CURRENT.config(), SECTORS))
        {
            st.addSnapshot("snap", SECTORS, "P", 8);
            for (int block = 0; block < 5; block++)
            {
                assertEquals(BlkStatus.OK, SnapStack.write(st.origin, block * 8L, SnapStack.pattern(block, 1, 0)));
            }
            final String line = st.snapshot("snap").describeState();
            assertTrue(line.contains("pending=0 parked=0 seq=5/5 storePending=0 "), line);
        }
    }

    @Test
    void aCopiedExceptionHeldBeforePendingCompleteIsCommittedButStillPending() throws Exception
    {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        try (SnapStack st = new SnapStack(Preset.CURRENT.config(), SECTORS))
        {
            Origins.of(st.dm).installHooks((point, snapshot, chunk) ->
            {
                if (point == SnapshotHooks.Point.BEFORE_PENDING_COMPLETE)
                {
                    reached.countDown();
                    awaitQuietly(release);
                }
            });
            final MappedDevice snap = st.addSnapshot("snap", SECTORS, "P", 8);
            final Snapshot s = st.snapshot("snap");
            final CompletableFuture<Integer> write =
                CompletableFuture.supplyAsync(() -> SnapStack.write(snap, 0, SnapStack.pattern(0, 1, 0)));
            try
            {
                assertTrue(reached.await(10, TimeUnit.SECONDS), "the copy never reached pending_complete");
                final String line = s.describeState();
                assertFalse(write.isDone(), "the write completed before its pending exception");
                assertTrue(line.contains("pending=1 parked=0 seq=1/1 storePending=0 "), line);
            }
            finally
            {
                release.countDown();
            }
            assertEquals(BlkStatus.OK, (int) write.get(10, TimeUnit.SECONDS));
        }
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
