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
import static org.junit.jupiter.api.Assertions.assertSame;
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
            // A write completes before its copier thread frees the exception (pending_complete frees
            // last), so wait for the copier to go idle.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String line = st.snapshot("snap").describeState();
            while (!line.contains("copierJobs=0") && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
                line = st.snapshot("snap").describeState();
            }
            assertTrue(line.contains("pending=0 parked=0 seq=5/5 storePending=0 "), line);
            assertFalse(line.contains("outstanding:"), line);
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
                // The outstanding exception itself: chunk 0 copied to COW chunk 2 (after the header and
                // the first area), sequence 0, a whole-chunk snapshot write, still in the pending table.
                assertTrue(line.contains("outstanding: pe{0->2 seq 0 started fullBio originBios=0 snapshotBios=0 inTable}"), line);
            }
            finally
            {
                release.countDown();
            }
            assertEquals(BlkStatus.OK, (int) write.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aCopierCallbackThatThrowsIsCountedLoggedAndKeptWithItsCause() throws Exception
    {
        final IllegalStateException boom = new IllegalStateException("injected failure in pending_complete");
        // Not closed: the failed callback leaves its pending exception behind, and the destructor
        // would wait for it forever (which is the point of reporting the failure loudly).
        final SnapStack st = new SnapStack(Preset.CURRENT.config(), SECTORS);
        Origins.of(st.dm).installHooks((point, snapshot, chunk) ->
        {
            if (point == SnapshotHooks.Point.BEFORE_PENDING_COMPLETE && chunk == 3)
            {
                throw boom;
            }
        });
        st.addSnapshot("snap", SECTORS, "N", 8);
        assertEquals(BlkStatus.OK, SnapStack.write(st.origin, 0, SnapStack.pattern(0, 1, 0)));
        assertEquals(0, Origins.of(st.dm).callbackFailures());
        final Thread stuck = new Thread(() -> SnapStack.write(st.origin, 3 * 8L, SnapStack.pattern(3, 1, 0)), "stuck-writer");
        stuck.setDaemon(true);
        stuck.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Origins.of(st.dm).callbackFailures() == 0 && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertEquals(1, Origins.of(st.dm).callbackFailures());
        assertSame(boom, Origins.of(st.dm).firstCallbackFailure().getCause());
        assertTrue(Origins.of(st.dm).firstCallbackFailure().getMessage().startsWith("copier callback of snap threw"),
            Origins.of(st.dm).firstCallbackFailure().getMessage());
        assertTrue(st.dm.log().lines().stream().anyMatch(l -> l.contains("snapshots: copier callback of snap failed: " + boom)),
            String.join("\n", st.dm.log().lines()));
        final String line = st.snapshot("snap").describeState();
        assertTrue(line.contains("outstanding: pe{3->"), line);
        assertTrue(line.contains(" originBios=1 snapshotBios=0 inTable}"), line);
        assertTrue(stuck.isAlive(), "the origin write waits on the exception the failed callback left behind");
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
