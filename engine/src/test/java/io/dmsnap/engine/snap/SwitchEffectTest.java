package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Preset;
import io.dmsnap.engine.exception.CuckooCompleteTable;
import io.dmsnap.engine.exception.HeapListCompleteTable;
import io.dmsnap.engine.exception.HeapListPendingTable;
import io.dmsnap.engine.exception.OffHeapCompleteTable;
import io.dmsnap.engine.exception.OffHeapPendingTable;
import io.dmsnap.engine.exception.OpenAddressCompleteTable;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.store.CowInspector;
import io.dmsnap.engine.store.CowReport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.dmsnap.engine.snap.SnapStack.BLOCK;
import static io.dmsnap.engine.snap.SnapStack.pattern;
import static io.dmsnap.engine.snap.SnapStack.read;
import static io.dmsnap.engine.snap.SnapStack.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every value of every switch has an observable effect: each test here would fail if the switch
 * did nothing.
 */
@Timeout(60)
class SwitchEffectTest
{
    private static final long SECTORS = 4096;

    /**
     * Daemon threads for the I/O issued by the tests: the SKIP_COMMIT case leaves writers hung on
     * purpose, and they must not occupy a shared pool (or keep the JVM alive).
     */
    private static final ExecutorService IO = Executors.newCachedThreadPool(r ->
    {
        final Thread t = new Thread(r, "switch-effect-io");
        t.setDaemon(true);
        return t;
    });

    private static EngineConfig config(final String... overrides)
    {
        return EngineConfig.of("current", List.of(overrides));
    }

    private static CompletableFuture<Integer> async(final MappedDevice dev, final long sector, final byte[] data)
    {
        return CompletableFuture.supplyAsync(() -> write(dev, sector, data), IO);
    }

    // ------------------------------------------------------------------ locking

    /**
     * GLOBAL: holding one chunk's locks blocks I/O to any other chunk; FINE lets it through. The
     * holder keeps the locks until the test releases it, so neither case depends on timing: under
     * FINE the read completes while the locks are still held; under GLOBAL it has not completed
     * after a while and completes once they are released.
     */
    @ParameterizedTest
    @CsvSource({"GLOBAL,true", "FINE,false"})
    void globalLockSerialisesWhatFineLetsThrough(final String locking, final boolean blocks) throws Exception
    {
        try (SnapStack st = new SnapStack(config("locking=" + locking), SECTORS))
        {
            final MappedDevice snap = st.addSnapshot("snap", SECTORS, "N", 8);
            final Snapshot s = st.snapshot("snap");
            assertEquals(BlkStatus.OK, write(snap, 0, pattern(0, 1, 0)));   // chunk 0 remapped
            // Chunk 300 is in another complete bucket (300 >> 8 = 1) and another pending bucket.
            final CountDownLatch held = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            final Thread holder = new Thread(() ->
            {
                s.locking.lockChunk(300);
                held.countDown();
                try
                {
                    release.await(30, TimeUnit.SECONDS);
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
                s.locking.unlockChunk(300);
            });
            holder.start();
            assertTrue(held.await(10, TimeUnit.SECONDS));
            final CompletableFuture<byte[]> other = CompletableFuture.supplyAsync(() -> read(snap, 0, BLOCK), IO);
            if (blocks)
            {
                assertThrows(TimeoutException.class, () -> other.get(300, TimeUnit.MILLISECONDS),
                    "GLOBAL: a read of another chunk must wait for the lock holder");
                release.countDown();
                assertArrayEquals(pattern(0, 1, 0), other.get(10, TimeUnit.SECONDS));
            }
            else
            {
                assertArrayEquals(pattern(0, 1, 0), other.get(10, TimeUnit.SECONDS),
                    "FINE: a read of another chunk completes while the locks are held");
                assertEquals(1, held.getCount() + release.getCount(), "the holder still holds its locks");
                release.countDown();
            }
            holder.join();
        }
    }

    // ------------------------------------------------------------------ tables

    @Test
    void tablesSwitchSelectsTheImplementation() throws Exception
    {
        try (SnapStack heap = new SnapStack(config("tables=HEAP_LISTS"), SECTORS);
             SnapStack off = new SnapStack(config("tables=OFFHEAP_BL"), SECTORS))
        {
            heap.addSnapshot("snap", 1 << 21, "N", 8);
            off.addSnapshot("snap", 1 << 21, "N", 8);
            assertInstanceOf(HeapListCompleteTable.class, heap.snapshot("snap").complete);
            assertInstanceOf(HeapListPendingTable.class, heap.snapshot("snap").pending);
            assertInstanceOf(OffHeapCompleteTable.class, off.snapshot("snap").complete);
            assertInstanceOf(OffHeapPendingTable.class, off.snapshot("snap").pending);
            // Two-pointer list heads halve the largest table (f79ae415): 1 GiB COW, 4 KiB chunks.
            assertEquals(131_072, heap.snapshot("snap").completeBuckets());
            assertEquals(262_144, off.snapshot("snap").completeBuckets());
        }
        try (SnapStack open = new SnapStack(config("tables=OFFHEAP_OPEN"), SECTORS);
             SnapStack cuckoo = new SnapStack(config("tables=OFFHEAP_CUCKOO"), SECTORS))
        {
            open.addSnapshot("snap", 1 << 21, "N", 8);
            cuckoo.addSnapshot("snap", 1 << 21, "N", 8);
            assertInstanceOf(OpenAddressCompleteTable.class, open.snapshot("snap").complete);
            assertInstanceOf(CuckooCompleteTable.class, cuckoo.snapshot("snap").complete);
            // Both keep the kernel layout's pending table and report the size the constructor chose.
            assertInstanceOf(OffHeapPendingTable.class, open.snapshot("snap").pending);
            assertInstanceOf(OffHeapPendingTable.class, cuckoo.snapshot("snap").pending);
            assertEquals(262_144, open.snapshot("snap").completeBuckets());
            assertEquals(262_144, cuckoo.snapshot("snap").completeBuckets());
        }
    }

    // ------------------------------------------------------------------ completeOrder

    /**
     * A snapshot read of chunk X is held in the origin device; an origin write to X copies it.
     * WAIT_THEN_INSERT waits for the read with the snapshot lock held, so a read of another
     * (remapped) chunk stalls; INSERT_WAIT_REMOVE waits with no lock held.
     */
    @ParameterizedTest
    @CsvSource({"WAIT_THEN_INSERT,true", "INSERT_WAIT_REMOVE,false"})
    void completeOrderDecidesWhetherOtherIoStalls(final String completeOrder, final boolean stalls) throws Exception
    {
        final FlakeyDevice base = new FlakeyDevice("base", new MemoryDevice("base-mem", SECTORS));
        try (SnapStack st = new SnapStack(config("locking=GLOBAL", "completeOrder=" + completeOrder), base))
        {
            final MappedDevice snap = st.addSnapshot("snap", SECTORS, "N", 8);
            assertEquals(BlkStatus.OK, write(snap, 8 * 8, pattern(8, 1, 0)));   // chunk 8 remapped
            final FlakeyDevice.Hold hold = base.hold(FlakeyDevice.Selector.ops(BioOp.READ).sectors(0, 8).count(1));
            final CompletableFuture<byte[]> heldRead = CompletableFuture.supplyAsync(() -> read(snap, 0, BLOCK), IO);
            assertTrue(hold.awaitHeld(5, TimeUnit.SECONDS));
            final CompletableFuture<Integer> originWrite = async(st.origin, 0, pattern(0, 2, 0));
            // Wait until the copy has completed and pending_complete waits for the held read.
            final Snapshot s = st.snapshot("snap");
            while (s.order.completeSequence() < 2)
            {
                Thread.sleep(1);
            }
            Thread.sleep(50);
            final CompletableFuture<byte[]> otherRead = CompletableFuture.supplyAsync(() -> read(snap, 8 * 8, BLOCK), IO);
            if (stalls)
            {
                assertThrows(TimeoutException.class, () -> otherRead.get(300, TimeUnit.MILLISECONDS));
            }
            else
            {
                assertArrayEquals(pattern(8, 1, 0), otherRead.get(5, TimeUnit.SECONDS));
            }
            assertFalse(originWrite.isDone(), "the origin write must wait for the held snapshot read");
            hold.releaseAll();
            assertArrayEquals(new byte[BLOCK], heldRead.get(5, TimeUnit.SECONDS), "held read returns the old data");
            assertEquals(BlkStatus.OK, originWrite.get(5, TimeUnit.SECONDS));
            assertArrayEquals(pattern(8, 1, 0), otherRead.get(5, TimeUnit.SECONDS));
            assertArrayEquals(new byte[BLOCK], read(snap, 0, BLOCK));
        }
    }

    // ------------------------------------------------------------------ commitOrder

    /**
     * Three COWs in one P-store batch whose copies finish in reverse allocation order. The area
     * on disk lists exceptions in commit order: AS_COMPLETED in completion order, the in-order
     * variants in allocation order.
     */
    @ParameterizedTest
    @CsvSource({"AS_COMPLETED,'3,2,1'", "IN_ORDER_LIST,'1,2,3'", "IN_ORDER_TREE,'1,2,3'"})
    void commitOrderDecidesTheOrderOnDisk(final String commitOrder, final String expected) throws Exception
    {
        final FlakeyDevice base = new FlakeyDevice("base", new MemoryDevice("base-mem", SECTORS));
        try (SnapStack st = new SnapStack(config("commitOrder=" + commitOrder), base))
        {
            final MemoryDevice cow = new MemoryDevice("cow", SECTORS);
            st.dm.addDevice(cow);
            st.addSnapshotOn("snap", "cow", "P", "8");
            final List<FlakeyDevice.Hold> holds = new ArrayList<>();
            final List<CompletableFuture<Integer>> writes = new ArrayList<>();
            for (int c = 1; c <= 3; c++)
            {
                final FlakeyDevice.Hold h = base.hold(FlakeyDevice.Selector.ops(BioOp.READ).sectors(c * 8L, c * 8L + 8).count(1));
                holds.add(h);
                writes.add(async(st.origin, c * 8L, pattern(c, 1, 0)));
                assertTrue(h.awaitHeld(5, TimeUnit.SECONDS));   // allocation order = 1, 2, 3
            }
            for (int i = 2; i >= 0; i--)
            {
                holds.get(i).releaseAll();   // copies complete 3, 2, 1
                Thread.sleep(20);
            }
            for (final CompletableFuture<Integer> w : writes)
            {
                assertEquals(BlkStatus.OK, w.get(5, TimeUnit.SECONDS));
            }
            final CowReport report = CowInspector.inspect(cow, null);
            final StringBuilder olds = new StringBuilder();
            for (int i = 0; i < report.exceptionCount(); i++)
            {
                olds.append(i == 0 ? "" : ",").append(report.oldChunk(i));
            }
            assertEquals(expected, olds.toString());
        }
    }

    // ------------------------------------------------------------------ throttle

    /**
     * 12 writers start one at a time, each writing a new origin chunk whose copy is held in the
     * device: NONE lets all 12 copies start, SEMAPHORE stops at the threshold, IN_PROGRESS at the
     * threshold + 1 (its check is "in_progress <= threshold").
     */
    @ParameterizedTest
    @CsvSource({"NONE,12", "SEMAPHORE,4", "IN_PROGRESS,5"})
    void throttleBoundsCopiesInFlight(final String throttle, final int expectedPeak) throws Exception
    {
        final FlakeyDevice base = new FlakeyDevice("base", new MemoryDevice("base-mem", SECTORS));
        try (SnapStack st = new SnapStack(config("throttle=" + throttle, "cowThreshold=4"), base))
        {
            st.addSnapshot("snap", SECTORS, "N", 8);
            final Snapshot s = st.snapshot("snap");
            final FlakeyDevice.Hold hold = base.hold(FlakeyDevice.Selector.ops(BioOp.READ));
            final List<CompletableFuture<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 12; i++)
            {
                writes.add(async(st.origin, i * 8L, pattern(i, 1, 0)));
                final int started = i + 1;
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                // Wait until this writer either started its copy or waits in the throttle.
                while (s.throttle.inFlight() + s.throttle.waiters() < started && System.nanoTime() < deadline)
                {
                    Thread.sleep(1);
                }
            }
            Thread.sleep(50);
            assertEquals(expectedPeak, s.throttle.peakInFlight());
            hold.releaseAll();
            base.clearRules();
            hold.releaseAll();
            for (final CompletableFuture<Integer> w : writes)
            {
                assertEquals(BlkStatus.OK, w.get(10, TimeUnit.SECONDS));
            }
            if (throttle.equals("SEMAPHORE"))
            {
                assertEquals(expectedPeak, s.throttle.peakInFlight(), "the semaphore is a hard limit");
            }
            else
            {
                // IN_PROGRESS is soft: woken writers re-check without the lock and may overshoot
                // by the number of writers while the queue drains.
                assertTrue(s.throttle.peakInFlight() <= 12, "peak " + s.throttle.peakInFlight());
            }
            for (int i = 0; i < 12; i++)
            {
                assertArrayEquals(new byte[BLOCK], read(st.dm.mappedDevice("snap"), i * 8L, BLOCK));
            }
        }
    }

    // ------------------------------------------------------------------ fullChunkWrite

    @ParameterizedTest
    @CsvSource({"COPY,100", "SKIP_ORIGIN_READ,0"})
    void fullChunkWriteReadsTheOriginOnlyWithCopy(final String mode, final long expectedReads) throws Exception
    {
        final MemoryDevice base = new MemoryDevice("base", SECTORS);
        try (SnapStack st = new SnapStack(config("fullChunkWrite=" + mode), base))
        {
            final MappedDevice snap = st.addSnapshot("snap", SECTORS, "N", 8);
            base.stats().reset();
            for (int c = 0; c < 100; c++)
            {
                assertEquals(BlkStatus.OK, write(snap, c * 8L, pattern(c, 1, 0)));
            }
            assertEquals(expectedReads, base.stats().reads());
            for (int c = 0; c < 100; c++)
            {
                assertArrayEquals(pattern(c, 1, 0), read(snap, c * 8L, BLOCK));
            }
        }
    }

    // ------------------------------------------------------------------ hashSizing

    @ParameterizedTest
    @CsvSource({"MIN_ORIGIN_COW,64,64", "COW_ONLY,262144,32768"})
    void hashSizingFromTheSmallerDeviceOrTheCow(final String sizing, final int complete, final int pending)
        throws Exception
    {
        // The origin is tiny at load time (LVM creates it with size 0); the COW is 1 GiB.
        try (SnapStack st = new SnapStack(config("hashSizing=" + sizing), 8))
        {
            st.dm.addDevice(new MemoryDevice("cow", 1L << 21));
            st.addSnapshotOn("snap", "cow", "N", "8");
            assertEquals(complete, st.snapshot("snap").completeBuckets());
            assertEquals(pending, st.snapshot("snap").pendingBuckets());
        }
    }

    // ------------------------------------------------------------------ copyErrorCommit

    /**
     * Three COWs in one persistent batch, the second copy fails. COMMIT_INVALID: the snapshot goes
     * invalid, the batch is not recorded, every write completes. SKIP_COMMIT: the store never
     * sees the failed exception's commit, the batch never flushes, writes hang (scenario S09).
     */
    @ParameterizedTest
    @ValueSource(strings = {"COMMIT_INVALID", "SKIP_COMMIT"})
    void copyErrorCommitDecidesBetweenInvalidAndHung(final String mode) throws Exception
    {
        final FlakeyDevice base = new FlakeyDevice("base", new MemoryDevice("base-mem", SECTORS));
        final SnapStack st = new SnapStack(config("copyErrorCommit=" + mode), base);
        final MemoryDevice cow = new MemoryDevice("cow", SECTORS);
        st.dm.addDevice(cow);
        st.addSnapshotOn("snap", "cow", "P", "8");
        final FlakeyDevice.Hold hold = base.hold(FlakeyDevice.Selector.ops(BioOp.READ).sectors(8, 9).count(1));
        base.fail(FlakeyDevice.Selector.ops(BioOp.READ).sectors(16, 17).count(1));
        final CompletableFuture<Integer> w1 = async(st.origin, 8, pattern(1, 1, 0));
        assertTrue(hold.awaitHeld(5, TimeUnit.SECONDS));
        final CompletableFuture<Integer> w2 = async(st.origin, 16, pattern(2, 1, 0));
        final CompletableFuture<Integer> w3 = async(st.origin, 24, pattern(3, 1, 0));
        final Snapshot s = st.snapshot("snap");
        while (s.pool.outstanding() < 3)
        {
            Thread.sleep(1);
        }
        Thread.sleep(50);
        hold.releaseAll();
        if (mode.equals("COMMIT_INVALID"))
        {
            assertEquals(BlkStatus.OK, w1.get(5, TimeUnit.SECONDS));
            assertEquals(BlkStatus.OK, w2.get(5, TimeUnit.SECONDS));
            assertEquals(BlkStatus.OK, w3.get(5, TimeUnit.SECONDS));
            assertEquals("Invalid", st.info("snap"));
            final ByteBuffer header = ByteBuffer.wrap(cow.readBytes(0, 8)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertEquals(0, header.getInt(4), "header valid field");
            assertEquals(0, CowInspector.inspect(cow, null).exceptionCount(), "nothing of the batch is recorded");
            st.close();
        }
        else
        {
            assertThrows(TimeoutException.class, () -> w1.get(500, TimeUnit.MILLISECONDS));
            assertThrows(TimeoutException.class, () -> w3.get(10, TimeUnit.MILLISECONDS));
            assertTrue(s.pool.outstanding() >= 2, "exceptions of the batch are stuck");
            // The stack is left as it is: its bios can never complete (this is the bug).
        }
    }

    @Test
    void defaultPresetIsCurrent()
    {
        assertEquals(Preset.CURRENT.config(), EngineConfig.current());
        assertEquals("current", Preset.byName("current").displayName());
    }


}
