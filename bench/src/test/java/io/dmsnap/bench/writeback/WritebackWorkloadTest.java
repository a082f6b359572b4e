package io.dmsnap.bench.writeback;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer, the flusher and the completions together, on a device that completes every bio a
 * little later from a thread of its own and checks what reaches it: never more in flight than the
 * dirty limit, no bio across a split boundary, every byte written back.
 */
@Timeout(60)
final class WritebackWorkloadTest
{
    private static final long MIB = 1 << 20;

    /** Completes bios in arrival order after a short delay; records what it saw. */
    private static final class SlowDevice implements BlockDevice
    {
        final long sectors;
        final long splitSectors;
        final int failAfter;
        final ConcurrentLinkedQueue<Bio> queue = new ConcurrentLinkedQueue<>();
        final AtomicLong inFlightBytes = new AtomicLong();
        final AtomicLong peakInFlightBytes = new AtomicLong();
        final AtomicLong bios = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final List<String> violations = new ArrayList<>();
        final Thread completer;
        volatile boolean closed;

        SlowDevice(final long bytes, final long splitBytes, final int failAfter)
        {
            this.sectors = bytes >> Bio.SECTOR_SHIFT;
            this.splitSectors = splitBytes >> Bio.SECTOR_SHIFT;
            this.failAfter = failAfter;
            this.completer = new Thread(this::complete, "slow-device");
            completer.setDaemon(true);
            completer.start();
        }

        @Override
        public String name()
        {
            return "slow";
        }

        @Override
        public long sizeSectors()
        {
            return sectors;
        }

        @Override
        public void submit(final Bio bio)
        {
            if (bio.op() != BioOp.WRITE || bio.sector() / splitSectors != (bio.sector() + bio.sectors() - 1) / splitSectors
                || bio.sectors() > PageCache.MAX_RUN_PAGES * 8)
            {
                synchronized (violations)
                {
                    violations.add(bio.op() + " " + bio.sector() + "+" + bio.sectors());
                }
            }
            final long now = inFlightBytes.addAndGet(bio.bytes());
            peakInFlightBytes.accumulateAndGet(now, Math::max);
            queue.add(bio);
        }

        private void complete()
        {
            while (!closed)
            {
                final Bio bio = queue.poll();
                if (bio == null)
                {
                    LockSupport.parkNanos(20_000);
                    continue;
                }
                inFlightBytes.addAndGet(-bio.bytes());
                final long n = bios.incrementAndGet();
                bytes.addAndGet(bio.bytes());
                bio.complete(failAfter > 0 && n >= failAfter ? BlkStatus.IOERR : BlkStatus.OK);
            }
        }

        @Override
        public void close()
        {
            closed = true;
        }
    }

    @Test
    void theDirtyLimitBoundsTheBytesInFlightAndEveryByteIsWrittenBack() throws Exception
    {
        final SlowDevice device = new SlowDevice(64 * MIB, 4096, 0);
        try
        {
            final WritebackSettings settings = WritebackSettings.dt(16 * MIB, MIB).withRecordBytes(MIB);
            final WritebackResult r = new WritebackWorkload(device, settings, 4096).run(WritebackWorkload.Progress.NONE);
            assertEquals(List.of(), device.violations);
            assertTrue(device.peakInFlightBytes.get() <= MIB, "in flight " + device.peakInFlightBytes.get());
            assertTrue(r.peakWritebackBytes() <= MIB);
            assertTrue(r.cache().peakCountedPages() <= MIB / PageCache.PAGE_BYTES);
            assertTrue(r.cache().writerHolds() > 0, "16 MiB through a 1 MiB limit holds the writer");
            assertEquals(16 * MIB, r.bytesWritten());
            assertEquals(16, r.records());
            assertEquals(device.bytes.get(), r.bytesWrittenBack());
            assertEquals(device.bios.get(), r.bios());
            assertEquals(r.bios(), r.latencyNanos().getTotalCount(), "one latency per bio");
            assertEquals(r.cache().pagesSubmitted(), r.cache().pagesWritten());
            assertEquals(0, r.cache().dirtyPages() + r.cache().writebackPages());
            assertEquals(r.bios(), r.cache().pagesSubmitted(), "4 KiB chunks: one bio per page");
        }
        finally
        {
            device.close();
        }
    }

    @Test
    void largerChunksGetLargerBiosThatNeverCrossAChunk() throws Exception
    {
        final SlowDevice device = new SlowDevice(64 * MIB, 64 * 1024, 0);
        try
        {
            final WritebackResult r = new WritebackWorkload(device, WritebackSettings.dt(8 * MIB, 2 * MIB), 64 * 1024)
                .run(WritebackWorkload.Progress.NONE);
            assertEquals(List.of(), device.violations);
            assertTrue(r.bios() < r.cache().pagesSubmitted(), "runs of up to 16 pages");
            assertTrue(r.bios() >= r.cache().pagesSubmitted() / 16);
        }
        finally
        {
            device.close();
        }
    }

    @Test
    void burstsWriteTheirSizeThenPause() throws Exception
    {
        final SlowDevice device = new SlowDevice(64 * MIB, 4096, 0);
        try
        {
            final WritebackSettings settings = WritebackSettings.dt(4 * MIB, 2 * MIB).withRecordBytes(256 * 1024)
                .withBursts(MIB, TimeUnit.MILLISECONDS.toNanos(20));
            final WritebackResult r = new WritebackWorkload(device, settings, 4096).run(WritebackWorkload.Progress.NONE);
            assertEquals(4, r.bursts());
            assertEquals(16, r.records(), "a burst of 1 MiB is four 256 KiB records");
            assertEquals(4 * MIB, r.bytesWritten());
        }
        finally
        {
            device.close();
        }
    }

    @Test
    void aTimedRunWritesUntilItsDurationAndThenSyncs() throws Exception
    {
        final SlowDevice device = new SlowDevice(64 * MIB, 4096, 0);
        try
        {
            final WritebackSettings settings = WritebackSettings.dt(MIB, MIB).withRecordBytes(64 * 1024)
                .withDuration(TimeUnit.MILLISECONDS.toNanos(200));
            final WritebackResult r = new WritebackWorkload(device, settings, 4096).run(WritebackWorkload.Progress.NONE);
            assertTrue(r.bytesWritten() > 0);
            assertEquals(r.cache().pagesSubmitted() * PageCache.PAGE_BYTES, r.bytesWrittenBack());
            assertTrue(r.writerNanos() >= TimeUnit.MILLISECONDS.toNanos(200), "the writer stops at its deadline");
        }
        finally
        {
            device.close();
        }
    }

    @Test
    void aFailedWriteEndsTheRunWithTheReason() throws Exception
    {
        final SlowDevice device = new SlowDevice(64 * MIB, 4096, 10);
        try
        {
            final WritebackWorkload w = new WritebackWorkload(device, WritebackSettings.dt(4 * MIB, MIB), 4096);
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> w.run(WritebackWorkload.Progress.NONE));
            assertTrue(e.getMessage().contains("failed with"), e.getMessage());
        }
        finally
        {
            device.close();
        }
    }

    @Test
    void settingsAreChecked()
    {
        assertThrows(IllegalArgumentException.class, () -> WritebackSettings.dt(4096, 4096), "a limit of 1 page");
        assertThrows(IllegalArgumentException.class, () -> WritebackSettings.dt(1000, MIB), "not whole pages");
        assertThrows(IllegalArgumentException.class, () -> WritebackSettings.dt(0, MIB), "no amount, no duration");
        assertThrows(IllegalArgumentException.class, () -> WritebackSettings.dt(MIB, MIB).withDirty(MIB, MIB),
            "background at the limit");
        final SlowDevice device = new SlowDevice(MIB, 4096, 0);
        try
        {
            assertThrows(IllegalArgumentException.class,
                () -> new WritebackWorkload(device, WritebackSettings.dt(4 * MIB, MIB), 4096), "a 4 MiB record on 1 MiB");
        }
        finally
        {
            device.close();
        }
    }
}
