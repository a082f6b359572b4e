package io.dmsnap.engine.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class NullDeviceTest
{
    private static final long TIB_SECTORS = (1L << 40) >>> Bio.SECTOR_SHIFT;

    @Test
    void inlineDeviceCompletesInsideSubmitOnTheSubmitter()
    {
        final NullDevice dev = new NullDevice("null0", 1024);
        final Completions c = new Completions();
        dev.submit(c.bio(BioOp.WRITE, 8, 8, ByteBuffer.allocate(4096)));
        assertEquals(1, c.count(), "completed before submit returned");
        assertSame(Thread.currentThread(), c.all().get(0).thread);
        assertEquals(BlkStatus.OK, c.all().get(0).status);
    }

    @Test
    void readsDoNotTouchTheBuffer()
    {
        final NullDevice dev = new NullDevice("null0", 1024);
        final ByteBuffer buf = Completions.pattern(4096, 3);
        final byte[] before = Completions.bytes(buf);
        assertEquals(BlkStatus.OK, SyncIo.write(dev, 0, ByteBuffer.allocate(4096)));
        assertEquals(BlkStatus.OK, SyncIo.read(dev, 0, buf));
        assertArrayEquals(before, Completions.bytes(buf));
    }

    @Test
    void oneTebibyteCostsNothingAndItsLastBlockIsAddressable()
    {
        final long before = usedHeap();
        final NullDevice dev = new NullDevice("huge", TIB_SECTORS);
        assertTrue(usedHeap() - before < (16L << 20), "no per-size memory");
        assertEquals(BlkStatus.OK, SyncIo.io(dev, BioOp.WRITE, TIB_SECTORS - 8, 8, null, 0));
        assertEquals(BlkStatus.IOERR, SyncIo.io(dev, BioOp.WRITE, TIB_SECTORS - 7, 8, null, 0));
    }

    @Test
    void outOfRangeAndMisalignedCompleteWithIoErrorWithoutThrowing()
    {
        final NullDevice dev = new NullDevice("null4k", 1024, 0, 4096);
        final Completions c = new Completions();
        dev.submit(c.bio(BioOp.READ, 1024, 8, null));       // beyond the end
        dev.submit(c.bio(BioOp.READ, 1020, 8, null));       // crosses the end
        dev.submit(c.bio(BioOp.WRITE, 1, 8, null));         // misaligned start
        dev.submit(c.bio(BioOp.WRITE, 0, 4, null));         // misaligned length
        dev.submit(c.bio(BioOp.WRITE, -8, 8, null));        // negative
        dev.submit(c.bio(BioOp.WRITE, 0, 8, ByteBuffer.allocate(512)));  // buffer too small
        dev.submit(c.bio(BioOp.READ, 0, 1, ByteBuffer.allocate(4096).asReadOnlyBuffer()));
        dev.submit(c.bio(BioOp.READ, 0, 8, ByteBuffer.allocate(4096).asReadOnlyBuffer()));   // read into read-only
        dev.submit(c.bio(BioOp.WRITE, 8, 8, null));         // valid
        final List<Completions.Done> done = c.all();
        assertEquals(9, done.size());
        for (int i = 0; i < 8; i++)
        {
            assertEquals(BlkStatus.IOERR, done.get(i).status, "bio " + i);
        }
        assertEquals(BlkStatus.OK, done.get(8).status);
        assertEquals(8, dev.stats().errors());
        assertEquals(1, dev.stats().writes());
    }

    @Test
    void discardAndFlushAreCounted()
    {
        final NullDevice dev = new NullDevice("null0", 1024);
        assertTrue(dev.supportsDiscard());
        assertEquals(BlkStatus.OK, SyncIo.io(dev, BioOp.DISCARD, 0, 64, null, 0));
        assertEquals(BlkStatus.OK, SyncIo.flush(dev));
        assertEquals(BlkStatus.OK, SyncIo.io(dev, BioOp.WRITE, 0, 8, null, Bio.REQ_PREFLUSH | Bio.REQ_FUA));
        assertEquals(BlkStatus.OK, SyncIo.io(dev, BioOp.READ, 0, 16, null, 0));
        final DeviceStats s = dev.stats();
        assertEquals(1, s.discards());
        assertEquals(64, s.sectorsDiscarded());
        assertEquals(2, s.flushes());
        assertEquals(1, s.writes());
        assertEquals(1, s.fuaWrites());
        assertEquals(8, s.sectorsWritten());
        assertEquals(1, s.reads());
        assertEquals(16, s.sectorsRead());
    }

    @Test
    void delayedCompletionRunsOnTheCompletionThreadInOrderAfterTheDelay() throws InterruptedException
    {
        final long delay = TimeUnit.MILLISECONDS.toNanos(2);
        final NullDevice dev = new NullDevice("slow", 1 << 20, delay, 512);
        try
        {
            final Completions c = new Completions();
            final int n = 200;
            final long[] submitted = new long[n];
            for (int i = 0; i < n; i++)
            {
                submitted[i] = System.nanoTime();
                dev.submit(c.bio(BioOp.WRITE, i * 8L, 8, null));
            }
            assertTrue(c.await(n, 5_000));
            final List<Completions.Done> done = c.all();
            for (int i = 0; i < n; i++)
            {
                final Completions.Done d = done.get(i);
                assertEquals(i * 8L, d.bio.sector(), "FIFO order");
                assertNotSame(Thread.currentThread(), d.thread);
                assertTrue(d.nanoTime - submitted[i] >= delay, "completed after the delay");
                assertEquals(BlkStatus.OK, d.status);
            }
        }
        finally
        {
            dev.close();
        }
    }

    @Test
    void delayedCompletionFromManySubmittersCompletesEveryBioOnce() throws InterruptedException
    {
        final NullDevice dev = new NullDevice("slow", 1 << 20, 20_000, 512);
        try
        {
            final Completions c = new Completions();
            final int threads = 4;
            final int perThread = 2_000;
            final Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                final int id = t;
                workers[t] = new Thread(() ->
                {
                    for (int i = 0; i < perThread; i++)
                    {
                        dev.submit(c.bio(BioOp.READ, (id * perThread + i) % (1 << 20), 1, null));
                    }
                });
                workers[t].start();
            }
            for (final Thread w : workers)
            {
                w.join();
            }
            assertTrue(c.await(threads * perThread, 5_000));
            // Every bio exactly once: distinct bios, no extra completions after a settle pause.
            Thread.sleep(20);
            assertEquals(threads * perThread, c.count());
            assertEquals(threads * perThread, c.all().stream().map(d -> d.bio).distinct().count());
        }
        finally
        {
            dev.close();
        }
    }

    @Test
    void closeFailsQueuedAndLaterBios() throws InterruptedException
    {
        final NullDevice dev = new NullDevice("slow", 1024, TimeUnit.SECONDS.toNanos(30), 512);
        final Completions c = new Completions();
        dev.submit(c.bio(BioOp.WRITE, 0, 8, null));
        dev.close();
        assertTrue(c.await(1, 2_000));
        assertEquals(BlkStatus.IOERR, c.all().get(0).status);
        dev.submit(c.bio(BioOp.WRITE, 0, 8, null));
        assertEquals(2, c.count());
        assertEquals(BlkStatus.IOERR, c.all().get(1).status);
    }

    @Test
    void constructorRejectsBadGeometry()
    {
        assertThrows(IllegalArgumentException.class, () -> new NullDevice("x", 1024, 0, 1000));
        assertThrows(IllegalArgumentException.class, () -> new NullDevice("x", 1001, 0, 4096));
        assertThrows(IllegalArgumentException.class, () -> new NullDevice("x", 1024, -1, 512));
    }

    private static long usedHeap()
    {
        final Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
