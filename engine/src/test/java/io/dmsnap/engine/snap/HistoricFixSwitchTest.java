package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.MappedDevice;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.dmsnap.engine.snap.SnapStack.BLOCK;
import static io.dmsnap.engine.snap.SnapStack.pattern;
import static io.dmsnap.engine.snap.SnapStack.read;
import static io.dmsnap.engine.snap.SnapStack.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The switches for fixes older than the presets' range (35bf659b, cd45daff, 22aa66a3), each
 * observed through the interleaving that shows its bug, using the engine's test hooks.
 */
@Timeout(60)
class HistoricFixSwitchTest
{
    private static final long SECTORS = 4096;
    private static final ExecutorService IO = Executors.newCachedThreadPool(r ->
    {
        final Thread t = new Thread(r, "historic-fix-io");
        t.setDaemon(true);
        return t;
    });

    private static EngineConfig config(final String... overrides)
    {
        return EngineConfig.of("current", List.of(overrides));
    }

    /**
     * 35bf659b: writer 1 pauses after dropping the bucket locks to allocate; writer 2 completes an
     * exception for the same chunk meanwhile. With the re-check writer 1 uses the existing mapping;
     * without it, a second exception and a second COW chunk are created for one chunk.
     */
    @ParameterizedTest
    @ValueSource(strings = {"RECHECK", "SKIP"})
    void recheckCompleteAfterAllocation(final String mode) throws Exception
    {
        try (SnapStack st = new SnapStack(config("recheckComplete=" + mode), SECTORS))
        {
            final CountDownLatch paused = new CountDownLatch(1);
            final CountDownLatch resume = new CountDownLatch(1);
            final AtomicBoolean first = new AtomicBoolean(true);
            Origins.of(st.dm).installHooks((point, snapshot, chunk) ->
            {
                if (point == SnapshotHooks.Point.AFTER_DROP_BUCKET_LOCK_BEFORE_ALLOC && first.getAndSet(false))
                {
                    paused.countDown();
                    await(resume);
                }
            });
            final MappedDevice snap = st.addSnapshot("snap", SECTORS, "N", 8);
            final CompletableFuture<Integer> t1 = CompletableFuture.supplyAsync(
                () -> write(snap, 0, pattern(0, 1, 1)), IO);
            assertTrue(paused.await(5, TimeUnit.SECONDS));
            assertEquals(BlkStatus.OK, write(snap, 0, pattern(0, 2, 2)));   // T2: all the way to state D
            resume.countDown();
            assertEquals(BlkStatus.OK, t1.get(5, TimeUnit.SECONDS));
            final int[] records = new int[1];
            st.snapshot("snap").forEachRecord((o, n, k) -> records[0] += k + 1);
            if (mode.equals("RECHECK"))
            {
                assertEquals(1, records[0], "exactly one exception for chunk 0");
                assertEquals("8/4096 0", st.info("snap"));
                assertArrayEquals(pattern(0, 1, 1), read(snap, 0, BLOCK), "T1 wrote through the existing mapping");
            }
            else
            {
                assertEquals(2, records[0], "two exceptions for one chunk");
                assertEquals("16/4096 0", st.info("snap"));
            }
        }
    }

    /**
     * cd45daff: a snapshot read of chunk X is sent to the origin and held in the device; an
     * origin write to X copies the chunk. Tracked, the origin write waits for the read, which
     * returns the old data; untracked, the write lands first and the read returns the new data.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ON", "OFF"})
    void readTrackingKeepsOriginWritesBehindSnapshotReads(final String mode) throws Exception
    {
        final FlakeyDevice base = new FlakeyDevice("base", new MemoryDevice("base-mem", SECTORS));
        try (SnapStack st = new SnapStack(config("readTracking=" + mode), base))
        {
            final MappedDevice snap = st.addSnapshot("snap", SECTORS, "N", 8);
            final FlakeyDevice.Hold hold = base.hold(FlakeyDevice.Selector.ops(BioOp.READ).sectors(0, 8).count(1));
            final CompletableFuture<byte[]> snapRead = CompletableFuture.supplyAsync(() -> read(snap, 0, BLOCK), IO);
            assertTrue(hold.awaitHeld(5, TimeUnit.SECONDS));
            final CompletableFuture<Integer> originWrite = CompletableFuture.supplyAsync(
                () -> write(st.origin, 0, pattern(0, 9, 9)), IO);
            if (mode.equals("ON"))
            {
                Thread.sleep(100);
                assertFalse(originWrite.isDone(), "the origin write waits for the tracked read");
                hold.releaseAll();
                assertArrayEquals(new byte[BLOCK], snapRead.get(5, TimeUnit.SECONDS), "the read returns the old data");
            }
            else
            {
                assertEquals(BlkStatus.OK, originWrite.get(5, TimeUnit.SECONDS), "nothing holds the origin write");
                hold.releaseAll();
                assertArrayEquals(pattern(0, 9, 9), snapRead.get(5, TimeUnit.SECONDS),
                    "the overtaken read returns the origin's new data");
            }
            assertEquals(BlkStatus.OK, originWrite.get(5, TimeUnit.SECONDS));
            assertArrayEquals(new byte[BLOCK], read(snap, 0, BLOCK), "after the copy the snapshot shows the old data");
        }
    }

    /**
     * 22aa66a3: pending_complete pauses after the pending exception count dropped to 0 while the
     * snapshot is removed. Freed early, the destructor finishes its wait and the rest of
     * pending_complete touches a freed snapshot; freed last, the destructor waits.
     */
    @ParameterizedTest
    @ValueSource(strings = {"LAST", "EARLY"})
    void peFreedLastKeepsTheDestructorWaiting(final String mode) throws Exception
    {
        try (SnapStack st = new SnapStack(config("peFree=" + mode), SECTORS))
        {
            final CountDownLatch reached = new CountDownLatch(1);
            final AtomicBoolean destroyedWhilePaused = new AtomicBoolean();
            Origins.of(st.dm).installHooks((point, snapshot, chunk) ->
            {
                if (point == SnapshotHooks.Point.AFTER_EARLY_FREE_PE || point == SnapshotHooks.Point.BEFORE_FREE_PE)
                {
                    reached.countDown();
                    final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                    while (!snapshot.isDestroyed() && System.nanoTime() < deadline)
                    {
                        sleep(1);
                    }
                    destroyedWhilePaused.set(snapshot.isDestroyed());
                }
            });
            st.addSnapshot("snap", SECTORS, "N", 8);
            final CompletableFuture<Integer> originWrite = CompletableFuture.supplyAsync(
                () -> write(st.origin, 0, pattern(0, 1, 0)), IO);
            assertTrue(reached.await(5, TimeUnit.SECONDS));
            final CompletableFuture<Void> remove = CompletableFuture.runAsync(() ->
            {
                try
                {
                    st.dm.remove("snap");
                }
                catch (final Exception e)
                {
                    throw new IllegalStateException(e);
                }
            }, IO);
            assertEquals(BlkStatus.OK, originWrite.get(10, TimeUnit.SECONDS));
            remove.get(10, TimeUnit.SECONDS);
            if (mode.equals("LAST"))
            {
                assertFalse(destroyedWhilePaused.get(), "the destructor must wait for the last free");
                assertEquals(0, Origins.of(st.dm).useAfterFree());
            }
            else
            {
                assertTrue(destroyedWhilePaused.get(), "the destructor finished under pending_complete");
                assertTrue(Origins.of(st.dm).useAfterFree() > 0, "the late accesses are caught");
                assertTrue(st.dm.log().contains("use after free"));
            }
        }
    }

    private static void await(final CountDownLatch latch)
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

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
