package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.Errno;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.MappedDevice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.dmsnap.engine.snap.SnapStack.pattern;
import static io.dmsnap.engine.snap.SnapStack.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dm event number and {@code dmsetup wait} ({@code DM_DEV_WAIT}): an invalidated snapshot
 * raises a dm event ({@code dm_table_event}) that wakes a waiter on its device.
 */
@Timeout(60)
class DmEventTest
{
    private static final Duration LONG = Duration.ofSeconds(30);

    /** Start {@code dm.waitEvent(name, last, LONG)} on its own thread; returns once that thread is blocked in the wait. */
    private static CompletableFuture<Long> waiter(final ExecutorService pool, final SnapStack st, final String name,
                                                  final long last) throws InterruptedException
    {
        final AtomicReference<Thread> thread = new AtomicReference<>();
        final CompletableFuture<Long> result = CompletableFuture.supplyAsync(() ->
        {
            thread.set(Thread.currentThread());
            try
            {
                return st.dm.waitEvent(name, last, LONG);
            }
            catch (final Exception e)
            {
                throw new IllegalStateException(e);
            }
        }, pool);
        while (thread.get() == null || thread.get().getState() != Thread.State.TIMED_WAITING)
        {
            assertFalse(result.isDone(), "the waiter returned before any event: " + result.getNow(-1L));
            Thread.sleep(1);
        }
        return result;
    }

    @Test
    void cowFullInvalidationWakesAWaiter() throws Exception
    {
        final ExecutorService pool = Executors.newSingleThreadExecutor();
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            st.addSnapshot("snap", 2 * 8, "N", 8);   // room for 2 chunks
            assertEquals(0, st.dm.eventNr("snap"));
            final CompletableFuture<Long> woken = waiter(pool, st, "snap", 0);
            for (int b = 0; b < 3; b++)
            {
                assertEquals(BlkStatus.OK, write(st.origin, b * 8L, pattern(b, 1, 0)));
            }
            assertEquals(1L, woken.get(30, TimeUnit.SECONDS));
            assertFalse(st.snapshot("snap").isValid());
            assertEquals(1, st.dm.eventNr("snap"));
            assertEquals(0, st.dm.eventNr("origin"));   // the event is the snapshot device's
            assertTrue(st.dm.info("snap").contains("\nEvent number: 1\n"), st.dm.info("snap"));
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void ioErrorInvalidationWakesAWaiter() throws Exception
    {
        final ExecutorService pool = Executors.newSingleThreadExecutor();
        final FlakeyDevice cow = new FlakeyDevice("snap-cow", new MemoryDevice("snap-cow-mem", 64 * 8));
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            st.lvm.addSnapshot("snap", cow, "N 8");
            cow.fail(FlakeyDevice.Selector.ops(BioOp.WRITE));
            final CompletableFuture<Long> woken = waiter(pool, st, "snap", 0);
            assertEquals(BlkStatus.OK, write(st.origin, 0, pattern(0, 1, 0)));
            assertEquals(1L, woken.get(30, TimeUnit.SECONDS));
            assertTrue(st.dm.log().contains("Invalidating snapshot: Error reading/writing."));
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void aStaleEventNumberReturnsAtOnce() throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            st.addSnapshot("snap", 2 * 8, "N", 8);
            for (int b = 0; b < 3; b++)
            {
                write(st.origin, b * 8L, pattern(b, 1, 0));
            }
            // The event happened before the wait began: a waiter holding the old number is not left waiting.
            assertEquals(1L, st.dm.waitEvent("snap", 0, LONG));
        }
    }

    @Test
    void aWaitWithNoEventTimesOutWithTheSameNumber() throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            st.addSnapshot("snap", 64 * 8, "N", 8);
            assertEquals(0L, st.dm.waitEvent("snap", 0, Duration.ofMillis(20)));
            assertEquals(0L, st.dm.waitEvent("snap", 0, Duration.ZERO));
        }
    }

    @Test
    void snapshotWriteOverflowRaisesNoEventAsInTheKernel() throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            final MappedDevice snap = st.addSnapshot("snap", 4 * 8, "PO", 8);
            for (int b = 0; b < 3; b++)
            {
                write(snap, b * 8L, pattern(b, 1, 0));
            }
            assertEquals("Overflow", st.info("snap"));
            // snapshot_map only sets snapshot_overflowed; dmeventd finds it by polling the status.
            assertEquals(0, st.dm.eventNr("snap"));
        }
    }

    @Test
    void aNegativeTimeoutIsRefused() throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            st.addSnapshot("snap", 64 * 8, "N", 8);
            final IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> st.dm.waitEvent("snap", 0, Duration.ofSeconds(-1)));
            assertEquals("wait timeout must be >= 0, got PT-1S", e.getMessage());
        }
    }

    @Test
    void aTimeoutTooLongForNanosecondsIsAccepted() throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            st.addSnapshot("snap", 64 * 8, "N", 8);
            st.snapshot("snap").invalidate(Errno.EIO);
            assertEquals(1L, st.dm.waitEvent("snap", 0, Duration.ofDays(365L * 1_000_000)));
        }
    }
}
