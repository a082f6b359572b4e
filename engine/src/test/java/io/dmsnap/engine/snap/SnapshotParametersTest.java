package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.copy.CopierMemory;
import io.dmsnap.engine.copy.CopierMemoryStats;
import io.dmsnap.engine.copy.Kcopyd;
import io.dmsnap.engine.dm.MappedDevice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.dmsnap.engine.snap.SnapStack.BLOCK;
import static io.dmsnap.engine.snap.SnapStack.pattern;
import static io.dmsnap.engine.snap.SnapStack.read;
import static io.dmsnap.engine.snap.SnapStack.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module parameters changed while a stack runs: the COW threshold reaches running snapshots
 * (IN_PROGRESS) or only new ones (SEMAPHORE), the copy throttle and the account are shared by every
 * snapshot's copier, the sub-job size reaches new copiers, and the copier memory follows the copies.
 * Origin reads are held in the device, so copies stay in flight until the test lets them go.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class SnapshotParametersTest
{
    private static final long SECTORS = 4096;
    private static final long COPY_BYTES = CopierMemory.JOB_OBJECT_BYTES
        + CopierMemory.pageBytes(CopierMemory.pagesFor(8));

    private static final ExecutorService IO = Executors.newCachedThreadPool(r ->
    {
        final Thread t = new Thread(r, "parameters-io");
        t.setDaemon(true);
        return t;
    });

    private static EngineConfig config(final String... overrides)
    {
        return EngineConfig.of("current", List.of(overrides));
    }

    private static CompletableFuture<Integer> writeChunk(final MappedDevice origin, final int chunk)
    {
        return CompletableFuture.supplyAsync(() -> write(origin, chunk * 8L, pattern(chunk, 1, 0)), IO);
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    /** A stack whose origin data device can hold reads (the copies' source). */
    private static SnapStack heldStack(final EngineConfig config) throws Exception
    {
        return new SnapStack(config, new FlakeyDevice("base", new MemoryDevice("base-mem", SECTORS)));
    }

    private static void finish(final SnapStack st, final FlakeyDevice.Hold hold,
                               final List<CompletableFuture<Integer>> writes) throws Exception
    {
        ((FlakeyDevice) st.base).clearRules();
        hold.releaseAll();
        for (final CompletableFuture<Integer> w : writes)
        {
            assertEquals(BlkStatus.OK, w.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void raisingTheThresholdLetsAWaitingOriginWriterStartItsCopyWhileEveryCopyIsStalled() throws Exception
    {
        try (SnapStack st = heldStack(config("throttle=IN_PROGRESS", "cowThreshold=2")))
        {
            st.addSnapshot("snap", SECTORS, "N", 8);
            final Snapshot s = st.snapshot("snap");
            final SnapshotParameters p = SnapshotParameters.of(st.dm);
            assertEquals(2, p.cowThreshold());
            final FlakeyDevice.Hold hold = ((FlakeyDevice) st.base).hold(FlakeyDevice.Selector.ops(BioOp.READ));
            final List<CompletableFuture<Integer>> writes = new ArrayList<>();
            try
            {
                for (int i = 0; i < 3; i++)
                {
                    writes.add(writeChunk(st.origin, i));
                    final int n = i + 1;
                    await(() -> s.throttle.inFlight() == n && hold.heldCount() == n, n + " copies in flight");
                }
                writes.add(writeChunk(st.origin, 3));   // 3 > 2: waits
                await(() -> s.throttle.waiters() == 1, "the fourth writer waiting");
                assertEquals(3, hold.heldCount());

                p.setCowThreshold(10);
                // In flight counts up only: 4 means the fourth started and none of the stalled three ended.
                await(() -> s.throttle.inFlight() == 4 && hold.heldCount() == 4, "the fourth copy after the raise");
                assertEquals(4, hold.totalHeld(), "four reads ever held, four held now: none was let go");
                assertEquals(10, s.stats().cowLimit());
                finish(st, hold, writes);
            }
            finally
            {
                ((FlakeyDevice) st.base).clearRules();
                hold.releaseAll();
            }
            for (int i = 0; i < 4; i++)
            {
                assertArrayEquals(new byte[BLOCK], read(st.dm.mappedDevice("snap"), i * 8L, BLOCK));
                assertArrayEquals(pattern(i, 1, 0), read(st.origin, i * 8L, BLOCK));
            }
        }
    }

    @Test
    void loweringTheThresholdToZeroHoldsEveryWriterUntilTheSnapshotsLastCopyEnds() throws Exception
    {
        try (SnapStack st = heldStack(config("throttle=IN_PROGRESS", "cowThreshold=10")))
        {
            st.addSnapshot("snap", SECTORS, "N", 8);
            final Snapshot s = st.snapshot("snap");
            final FlakeyDevice.Hold hold = ((FlakeyDevice) st.base).hold(FlakeyDevice.Selector.ops(BioOp.READ));
            final List<CompletableFuture<Integer>> writes = new ArrayList<>();
            try
            {
                writes.add(writeChunk(st.origin, 0));
                writes.add(writeChunk(st.origin, 1));
                await(() -> s.throttle.inFlight() == 2 && hold.heldCount() == 2, "two copies in flight");

                SnapshotParameters.of(st.dm).setCowThreshold(0);
                writes.add(writeChunk(st.origin, 2));
                writes.add(writeChunk(st.origin, 3));
                await(() -> s.throttle.waiters() == 2, "both new writers waiting at threshold 0");
                assertEquals(0, s.stats().cowLimit());

                hold.release();   // the first copy ends; one is still in flight
                await(() -> s.throttle.inFlight() == 1, "the first copy finished");
                Thread.sleep(20);
                assertEquals(2, s.throttle.waiters(), "a writer passed while a copy of the snapshot was in flight");
                assertEquals(1, hold.heldCount());

                hold.release();   // the last copy ends: both waiters are woken and check again; the first
                                  // to start a copy makes the other wait again (unless both checked first)
                await(() -> hold.heldCount() >= 1 && hold.heldCount() + s.throttle.waiters() == 2,
                    "the writers woken by the end of the last copy");
                finish(st, hold, writes);
                // The copier ends its accounting after it has released the writes that waited on the
                // copy (copy_callback calls account_end_copy last), so the count reaches 0 just after.
                await(() -> s.throttle.inFlight() == 0, "no copy in flight after the last write");
            }
            finally
            {
                ((FlakeyDevice) st.base).clearRules();
                hold.releaseAll();
            }
        }
    }

    @Test
    void oneThresholdForEverySnapshotAndTheSemaphoreReadsItOnlyAtConstruction() throws Exception
    {
        try (SnapStack st = new SnapStack(config("throttle=SEMAPHORE", "cowThreshold=4"), SECTORS))
        {
            st.addSnapshot("old", SECTORS, "N", 8);
            final SnapshotParameters p = SnapshotParameters.of(st.dm);
            p.setCowThreshold(1);
            st.addSnapshot("new", SECTORS, "N", 8);
            assertEquals(4, st.snapshot("old").stats().cowLimit(), "721b1d98: the semaphore keeps its size");
            assertEquals(1, st.snapshot("new").stats().cowLimit());
            assertEquals(0, p.cowThresholdParameter().liveReaders());
        }
        try (SnapStack st = new SnapStack(config("throttle=IN_PROGRESS", "cowThreshold=4"), SECTORS))
        {
            st.addSnapshot("a", SECTORS, "N", 8);
            st.addSnapshot("b", SECTORS, "N", 16);
            final SnapshotParameters p = SnapshotParameters.of(st.dm);
            assertEquals(2, p.cowThresholdParameter().liveReaders());
            p.setCowThreshold(9);
            assertEquals(9, st.snapshot("a").stats().cowLimit());
            assertEquals(9, st.snapshot("b").stats().cowLimit());
            st.dm.remove("b");
            assertEquals(1, p.cowThresholdParameter().liveReaders(), "a removed snapshot stops listening");
            assertThrows(IllegalArgumentException.class, () -> p.setCowThreshold(-1));
            assertEquals(9, p.cowThreshold());
        }
    }

    @Test
    void copierClientsShareTheThrottleAndTheAccountAndReadTheSubJobSizeWhenCreated() throws Exception
    {
        try (SnapStack st = new SnapStack(config("copyThrottle=80", "subJobSizeKb=64"), SECTORS))
        {
            final SnapshotParameters p = SnapshotParameters.of(st.dm);
            assertEquals(80, p.copyThrottle());
            assertEquals(64, p.subJobSizeKb());
            st.addSnapshot("first", SECTORS, "N", 8);
            p.setSubJobSizeKb(16);
            p.setCopyThrottle(30);
            st.addSnapshot("second", SECTORS, "N", 8);
            final Kcopyd first = (Kcopyd) st.snapshot("first").copier;
            final Kcopyd second = (Kcopyd) st.snapshot("second").copier;
            assertEquals(128, first.subJobSectors(), "kcopyd_subjob_size_kb is read when a client is created");
            assertEquals(32, second.subJobSectors());
            assertSame(p.copyThrottleRecord(), first.throttle());
            assertSame(p.copyThrottleRecord(), second.throttle());
            assertEquals(30, first.throttle().percent(), "the throttle change reaches the existing client");
            assertSame(p.copierMemory(), first.memory());
            assertSame(p.copierMemory(), second.memory());
            assertEquals(CopierMemory.reserveBytes(128) + CopierMemory.reserveBytes(32),
                p.copierMemoryStats().currentBytes());
            assertThrows(IllegalArgumentException.class, () -> p.setCopyThrottle(101));
            assertThrows(IllegalArgumentException.class, () -> p.setSubJobSizeKb(2048));
            p.setSubJobSizeKb(0);
            assertEquals(512, p.subJobSizeKb(), "0 stands for the default, as in the kernel");
        }
    }

    @Test
    void withoutACowLimitTheCopierMemoryGrowsWithTheQueuedCopiesAndTheThresholdBoundsIt() throws Exception
    {
        final int writers = 12;
        for (final String throttle : new String[] {"NONE", "IN_PROGRESS"})
        {
            try (SnapStack st = heldStack(config("throttle=" + throttle, "cowThreshold=2")))
            {
                st.addSnapshot("snap", SECTORS, "N", 8);
                final Snapshot s = st.snapshot("snap");
                final SnapshotParameters p = SnapshotParameters.of(st.dm);
                final long reserve = CopierMemory.reserveBytes(1024);
                assertEquals(reserve, p.copierMemoryStats().currentBytes());
                final FlakeyDevice.Hold hold = ((FlakeyDevice) st.base).hold(FlakeyDevice.Selector.ops(BioOp.READ));
                final List<CompletableFuture<Integer>> writes = new ArrayList<>();
                final long copies = throttle.equals("NONE") ? writers : 3;   // IN_PROGRESS: in_progress <= 2 passes
                try
                {
                    for (int i = 0; i < writers; i++)
                    {
                        writes.add(writeChunk(st.origin, i));
                        final int n = i + 1;
                        await(() -> s.throttle.inFlight() + s.throttle.waiters() >= n,
                            "writer " + n + " started or waiting");
                    }
                    await(() -> hold.heldCount() == copies, copies + " copy reads at the device");
                    final CopierMemoryStats m = p.copierMemoryStats();
                    assertEquals(copies, m.jobs());
                    assertEquals(reserve + copies * COPY_BYTES, m.currentBytes(), throttle);
                    assertEquals(m.currentBytes(), s.stats().copierBytes());
                    finish(st, hold, writes);
                }
                finally
                {
                    ((FlakeyDevice) st.base).clearRules();
                    hold.releaseAll();
                }
                final CopierMemoryStats after = p.copierMemoryStats();
                assertEquals(reserve, after.currentBytes());
                assertTrue(after.peakBytes() >= reserve + copies * COPY_BYTES);
                if (throttle.equals("NONE"))
                {
                    assertEquals(reserve + writers * COPY_BYTES, after.peakBytes(), "every copy held memory at once");
                }
            }
        }
    }
}
