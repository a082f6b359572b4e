package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches.MergeRuns;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.dm.StatusType;
import io.dmsnap.engine.lvm.LvmStack;
import io.dmsnap.engine.store.CowInspector;
import io.dmsnap.engine.store.CowReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import static io.dmsnap.engine.snap.SnapStack.pattern;
import static io.dmsnap.engine.snap.SnapStack.read;
import static io.dmsnap.engine.snap.SnapStack.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code snapshot-merge} target: lvconvert's sequence on a live origin, runs, the end of the
 * merge (status and event), the refusals, writes during the merge, an invalid snapshot and a
 * failed merge.
 */
@Timeout(60)
final class MergeTest
{
    private static final int BLOCKS = 64;
    private static final long SECTORS = (long) BLOCKS * SnapStack.BLOCK / 512;
    private static final int BLOCK_SECTORS = SnapStack.BLOCK / 512;
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** An origin of stamped blocks (version 0) with a persistent snapshot (CS 8) and origin writes to {@code written}. */
    private static Fixture fixture(final EngineConfig config, final int... written) throws DmException
    {
        return fixture(config, "P 8", written);
    }

    private static Fixture fixture(final EngineConfig config, final String storeAndChunk, final int... written)
        throws DmException
    {
        final DeviceMapper dm = new DeviceMapper(config);
        final MemoryDevice data = new MemoryDevice("data", SECTORS);
        // Two layers: the outer one holds bios, the inner one fails the held ones once released.
        final FlakeyDevice cow = new FlakeyDevice("cow", new FlakeyDevice("cow-faults", new MemoryDevice("cow-mem", 2048)));
        final LvmStack stack = new LvmStack(dm, data);
        for (int b = 0; b < BLOCKS; b++)
        {
            assertEquals(BlkStatus.OK, write(stack.origin(), (long) b * BLOCK_SECTORS, pattern(b, 0, 0)));
        }
        stack.addSnapshot("snap", cow, storeAndChunk);
        for (final int b : written)
        {
            assertEquals(BlkStatus.OK, write(stack.origin(), (long) b * BLOCK_SECTORS, pattern(b, 1, 1)));
        }
        return new Fixture(dm, stack, data, cow);
    }

    private record Fixture(DeviceMapper dm, LvmStack stack, MemoryDevice data, FlakeyDevice cow)
    {
        /** Wait for the merge-end event on the origin device (the merge may already have ended). */
        MergeStats awaitMergeEnd(final long eventBefore) throws Exception
        {
            final MergeTarget m = stack.mergeTarget();
            long seen = eventBefore;
            while (!m.mergeStats().completed() && !m.mergeStats().failed())
            {
                final long now = dm.waitEvent(LvmStack.ORIGIN, seen, WAIT);
                assertTrue(now != seen || m.mergeStats().completed(), "no merge-end event within " + WAIT);
                seen = now;
            }
            return m.mergeStats();
        }

        String info() throws DmException
        {
            return SnapStack.targetStatus(dm.status(LvmStack.ORIGIN, StatusType.INFO));
        }
    }

    @Test
    void lvconvertMergeBringsTheSnapshotBackAndEmptiesTheCow() throws Exception
    {
        final Fixture f = fixture(EngineConfig.current(), 3, 4, 5, 6, 20, 40, 41);
        // A snapshot write too: after the merge the origin holds it.
        assertEquals(BlkStatus.OK, write(f.dm.mappedDevice("snap"), 30L * BLOCK_SECTORS, pattern(30, 7, 7)));
        final long event = f.dm.eventNr(LvmStack.ORIGIN);
        final MergeTarget m = f.stack.startMerge("snap");
        assertNotNull(m);
        final MergeStats stats = f.awaitMergeEnd(event);
        assertTrue(stats.completed());
        assertFalse(stats.failed());
        assertEquals(8, stats.chunksMerged(), "seven origin-written chunks and one snapshot-written chunk");
        assertEquals(stats.commits(), stats.copyJobs(), "one commit per copier job");
        assertTrue(f.dm.eventNr(LvmStack.ORIGIN) > event, "the merge end raised a dm event");
        for (int b = 0; b < BLOCKS; b++)
        {
            final byte[] expected = b == 30 ? pattern(30, 7, 7) : pattern(b, 0, 0);
            assertArrayEquals(expected, read(f.stack.origin(), (long) b * BLOCK_SECTORS, SnapStack.BLOCK), "block " + b);
            assertArrayEquals(expected, read(f.data, (long) b * BLOCK_SECTORS, SnapStack.BLOCK), "data block " + b);
        }
        // lvm2 sees the end as sectors_allocated == metadata_sectors.
        final String[] usage = f.info().split("[/ ]");
        assertEquals(usage[0], usage[2], "allocated == metadata at the end: " + f.info());
        f.stack.finishMerge();
        assertEquals("0 " + SECTORS + " snapshot-origin data", f.dm.status(LvmStack.ORIGIN, StatusType.TABLE).trim());
        final CowReport report = CowInspector.inspect(f.cow, null);
        assertEquals(0, report.exceptionCount(), "the COW lists no exception after the merge: " + report.statusLine());
        f.stack.removeAll();
    }

    @Test
    void aRunOfConsecutiveExceptionsIsOneCopyAndOneCommit() throws Exception
    {
        final int[] run = new int[12];
        Arrays.setAll(run, i -> 10 + i);
        final Fixture f = fixture(EngineConfig.current(), run);
        final long event = f.dm.eventNr(LvmStack.ORIGIN);
        f.stack.startMerge("snap");
        final MergeStats stats = f.awaitMergeEnd(event);
        assertEquals(1, stats.copyJobs());
        assertEquals(1, stats.commits());
        assertEquals(12, stats.largestRun());
        assertEquals(1, stats.originFlushes(), "the origin is flushed before the commit (fcc42338)");

        final Fixture one = fixture(EngineConfig.current().toBuilder().mergeRuns(MergeRuns.ONE_CHUNK).build(), run);
        final long event1 = one.dm.eventNr(LvmStack.ORIGIN);
        one.stack.startMerge("snap");
        final MergeStats single = one.awaitMergeEnd(event1);
        assertEquals(12, single.copyJobs(), "before 8a2d5286: a job per chunk");
        assertEquals(12, single.commits());
        for (final Fixture x : new Fixture[] {f, one})
        {
            for (final int b : run)
            {
                assertArrayEquals(pattern(b, 0, 0), read(x.data, (long) b * BLOCK_SECTORS, SnapStack.BLOCK));
            }
            x.stack.removeAll();
        }
    }

    @Test
    void aTransientSnapshotCannotMergeAndOnlyOneMergePerOrigin() throws Exception
    {
        final DeviceMapper dm = new DeviceMapper(EngineConfig.current());
        final LvmStack stack = new LvmStack(dm, new MemoryDevice("data", SECTORS));
        stack.addSnapshot("t", new MemoryDevice("cow-t", 2048), "N 8");
        final DmException transientRefused = assertThrows(DmException.class, () -> stack.startMerge("t"));
        assertTrue(transientRefused.getMessage().contains("Snapshot exception store does not support snapshot-merge."),
            transientRefused.getMessage());
        assertEquals("0 " + SECTORS + " snapshot-origin data", dm.status(LvmStack.ORIGIN, StatusType.TABLE).trim());
        assertTrue(dm.mappedDevice("t") != null && !dm.mappedDevice("t").isSuspended(), "the refused snapshot runs on");

        dm.addDevice(new MemoryDevice("cow-a", 2048));
        dm.addDevice(new MemoryDevice("cow-b", 2048));
        stack.addSnapshotOn("a", "cow-a", "P 8");
        stack.addSnapshotOn("b", "cow-b", "P 8");
        stack.startMerge("a");
        final DmException second = assertThrows(DmException.class,
            () -> dm.create("second", LvmStack.mergeTable(SECTORS, "data", "cow-b", "P 8")));
        assertTrue(second.getMessage().contains("A snapshot is already merging."), second.getMessage());
        stack.removeAll();
    }

    @Test
    void writesDuringTheMergeLandOnTheOriginAndDiscardsAreIgnored() throws Exception
    {
        // discard_zeroes_cow: the merge target takes discards (the table line's features) and ignores them.
        final Fixture f = fixture(EngineConfig.current(), "P 8 1 discard_zeroes_cow", 1, 2, 3, 50);
        // Hold the merge's COW reads so that the merge stays in its first run.
        final FlakeyDevice.Hold hold = f.cow.hold(FlakeyDevice.Selector.ops(BioOp.READ).count(1));
        final long event = f.dm.eventNr(LvmStack.ORIGIN);
        final Thread starter = new Thread(() ->
        {
            try
            {
                f.stack.startMerge("snap");
            }
            catch (final DmException e)
            {
                throw new IllegalStateException(e);
            }
        });
        starter.start();
        starter.join();
        while (hold.heldCount() == 0)
        {
            Thread.sleep(1);
        }
        // Block 50 is the last exception: the run in flight. Block 1 is remapped, not merged yet.
        final MappedDevice origin = f.stack.origin();
        final CompletableFuture<Integer> queued = CompletableFuture.supplyAsync(
            () -> write(origin, 50L * BLOCK_SECTORS, pattern(50, 9, 9)));
        assertEquals(BlkStatus.OK, write(origin, 1L * BLOCK_SECTORS, pattern(1, 9, 9)));
        assertEquals(BlkStatus.OK, write(origin, 7L * BLOCK_SECTORS, pattern(7, 9, 9)));
        assertEquals(BlkStatus.OK, SyncIo.io(origin, BioOp.DISCARD, 2L * BLOCK_SECTORS, BLOCK_SECTORS, null, 0),
            "the merge target ignores a discard");
        Thread.sleep(20);
        assertFalse(queued.isDone(), "a write to the chunk being merged waits for the run's commit");
        hold.rule().remove();
        hold.releaseAll();
        assertEquals(BlkStatus.OK, queued.get());
        f.awaitMergeEnd(event);
        for (int b = 0; b < BLOCKS; b++)
        {
            final boolean rewritten = b == 1 || b == 7 || b == 50;
            assertArrayEquals(rewritten ? pattern(b, 9, 9) : pattern(b, 0, 0),
                read(f.data, (long) b * BLOCK_SECTORS, SnapStack.BLOCK),
                "block " + b + (rewritten ? " (written during the merge)" : ""));
        }
        f.stack.removeAll();
    }

    @Test
    void aCowReadErrorFailsTheMergeAndNormalIoContinues() throws Exception
    {
        final Fixture f = fixture(EngineConfig.current(), 5, 6, 30);
        final FlakeyDevice.Hold hold = f.cow.hold(FlakeyDevice.Selector.ops(BioOp.READ).count(1));
        final Thread starter = new Thread(() ->
        {
            try
            {
                f.stack.startMerge("snap");
            }
            catch (final DmException e)
            {
                throw new IllegalStateException(e);
            }
        });
        starter.start();
        starter.join();
        while (hold.heldCount() == 0)
        {
            Thread.sleep(1);
        }
        final MappedDevice origin = f.stack.origin();
        final CompletableFuture<Integer> queued = CompletableFuture.supplyAsync(
            () -> write(origin, 30L * BLOCK_SECTORS, pattern(30, 9, 9)));
        Thread.sleep(20);
        ((FlakeyDevice) f.cow.inner()).fail(FlakeyDevice.Selector.ops(BioOp.READ));
        hold.rule().remove();
        hold.releaseAll();
        assertEquals(BlkStatus.IOERR, (int) queued.get(), "the write queued on the failed run fails");
        while (!f.stack.mergeTarget().mergeStats().failed())
        {
            Thread.sleep(1);
        }
        assertEquals("Merge failed", f.info());
        assertEquals(BlkStatus.OK, write(origin, 40L * BLOCK_SECTORS, pattern(40, 9, 9)), "normal I/O continues");
        assertArrayEquals(pattern(40, 9, 9), read(f.data, 40L * BLOCK_SECTORS, SnapStack.BLOCK));
        f.stack.removeAll();
    }

    @Test
    void anInvalidSnapshotDoesNotMergeAndAllIoGoesToTheOrigin() throws Exception
    {
        final DeviceMapper dm = new DeviceMapper(EngineConfig.current());
        final MemoryDevice data = new MemoryDevice("data", SECTORS);
        final MemoryDevice cow = new MemoryDevice("cow", 2048);
        dm.addDevice(data);
        dm.addDevice(cow);
        // A valid=0 header: magic "SnAp", valid 0, version 1, chunk size 8.
        final ByteBuffer header = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0x70416e53).putInt(0).putInt(1).putInt(8);
        cow.writeBytes(0, header.array());
        data.writeBytes(0, pattern(0, 3, 3));
        dm.create("merge", LvmStack.mergeTable(SECTORS, "data", "cow", "P 8"));
        assertEquals("Invalid", SnapStack.targetStatus(dm.status("merge", StatusType.INFO)));
        final MergeTarget m = (MergeTarget) dm.mappedDevice("merge").targetAt(0);
        assertFalse(m.mergeStats().running());
        assertEquals(0, m.mergeStats().copyJobs());
        assertArrayEquals(pattern(0, 3, 3), read(dm.mappedDevice("merge"), 0, SnapStack.BLOCK));
        assertEquals(BlkStatus.OK, write(dm.mappedDevice("merge"), 8, pattern(1, 4, 4)));
        assertArrayEquals(pattern(1, 4, 4), read(data, 8, SnapStack.BLOCK));
        dm.remove("merge");
    }
}
