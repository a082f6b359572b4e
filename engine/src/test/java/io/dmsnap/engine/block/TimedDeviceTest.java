package io.dmsnap.engine.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timed wrapper and the completion timer. Exact expectations run on a manual clock and timer
 * (virtual time); the tests on the shared timer check where and that completions happen, never
 * how long they took.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TimedDeviceTest
{
    private static final long T0 = 1_000_000_000L;
    private static final long MS = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void tenRequestsAreDeliveredAtExactlyTheirDueTimes()
    {
        final ManualClock clock = new ManualClock(T0);
        final CompletionTimer timer = CompletionTimer.manual(clock);
        final MemoryDevice memory = new MemoryDevice("mem", 1 << 16);
        final TimedDevice dev = new TimedDevice(memory, DeviceProfile.parse("bw=4MB/s,qd=1"), timer);
        final List<Long> completedAt = new ArrayList<>();
        final List<Bio> completed = new ArrayList<>();
        final BioEndIo record = (bio, status) ->
        {
            assertEquals(BlkStatus.OK, status);
            completedAt.add(clock.nanoTime());
            completed.add(bio);
        };
        final Bio[] bios = new Bio[10];
        for (int i = 0; i < bios.length; i++)
        {
            bios[i] = new Bio().init(BioOp.WRITE, i * 8L, 8, Completions.pattern(4096, i), 0, record, "owner" + i);
            dev.submit(bios[i]);
        }
        assertEquals(0, completed.size(), "nothing is due at submission");
        // The data is already on the inner device: only the completion waits.
        assertArrayEquals(Completions.bytes(Completions.pattern(4096, 9)), memory.readBytes(72, 8));
        final long transfer = 1_024_000;   // 4096 B at 4,000,000 B/s
        for (int i = 0; i < bios.length; i++)
        {
            final long due = T0 + (i + 1) * transfer;
            assertEquals(due, timer.nextDueNanos());
            clock.set(due - 1);
            assertEquals(0, timer.runDue(), "request " + i + " one nanosecond early");
            clock.set(due);
            assertEquals(1, timer.runDue(), "request " + i + " on time");
            assertSame(bios[i], completed.get(i), "FIFO");
            assertEquals(due, (long) completedAt.get(i));
            assertEquals("owner" + i, bios[i].owner(), "the bio's own callback context is back");
        }
        final TimedDeviceStats s = dev.stats();
        assertEquals(10, s.delivered());
        assertEquals(0, s.latenessNanos(), "delivered exactly at the due times");
        assertEquals(0, s.inFlight());
        assertEquals(9, s.queuedWaits());
        assertEquals(T0 + 10 * transfer, s.lastDueNanos());
        assertEquals(10, dev.pooledEntries(), "one entry per request in flight at once");
    }

    @Test
    void entriesAreReusedOnceDelivered()
    {
        final ManualClock clock = new ManualClock(T0);
        final CompletionTimer timer = CompletionTimer.manual(clock);
        final TimedDevice dev = new TimedDevice(new NullDevice("n", 1 << 16), DeviceProfile.parse("latency=1ms"), timer);
        final Completions c = new Completions();
        for (int round = 0; round < 5; round++)
        {
            for (int i = 0; i < 4; i++)
            {
                dev.submit(c.bio(BioOp.READ, i * 8L, 8, null));
            }
            clock.advance(MS);
            assertEquals(4, timer.runDue());
        }
        assertEquals(20, c.count());
        assertEquals(4, dev.pooledEntries());
    }

    @Test
    void equalDueTimesCompleteInSubmissionOrderAcrossDevices()
    {
        final ManualClock clock = new ManualClock(T0);
        final CompletionTimer timer = CompletionTimer.manual(clock);
        final DeviceProfile profile = DeviceProfile.parse("latency=1ms");
        final TimedDevice a = new TimedDevice(new NullDevice("a", 1 << 16), profile, timer);
        final TimedDevice b = new TimedDevice(new NullDevice("b", 1 << 16), profile, timer);
        final Completions c = new Completions();
        for (int i = 0; i < 6; i++)
        {
            (i % 2 == 0 ? a : b).submit(c.bio(BioOp.WRITE, i * 8L, 8, null));
        }
        clock.advance(MS);
        assertEquals(6, timer.runDue());
        for (int i = 0; i < 6; i++)
        {
            assertEquals(i * 8L, c.all().get(i).bio.sector());
        }
    }

    @Test
    void aCallbackThatSubmitsAgainIsTimedLikeAnyRequest()
    {
        final ManualClock clock = new ManualClock(T0);
        final CompletionTimer timer = CompletionTimer.manual(clock);
        final TimedDevice dev = new TimedDevice(new NullDevice("n", 1 << 16), DeviceProfile.parse("latency=1ms"), timer);
        final int[] completions = new int[1];
        final Bio bio = new Bio();
        final BioEndIo again = new BioEndIo()
        {
            @Override
            public void endIo(final Bio done, final int status)
            {
                if (++completions[0] < 3)
                {
                    dev.submit(bio.init(BioOp.WRITE, 0, 8, null, 0, this, null));
                }
            }
        };
        dev.submit(bio.init(BioOp.WRITE, 0, 8, null, 0, again, null));
        clock.advance(MS);
        assertEquals(1, timer.runDue(), "the resubmitted request is due 1 ms later, not now");
        assertEquals(T0 + 2 * MS, timer.nextDueNanos());
        clock.advance(MS);
        assertEquals(1, timer.runDue());
        clock.advance(MS);
        assertEquals(1, timer.runDue());
        assertEquals(3, completions[0]);
        assertEquals(Long.MAX_VALUE, timer.nextDueNanos());
    }

    @Test
    void theNullProfileLeavesTheDeviceAsItIsAndACostFreeProfileCompletesInline()
    {
        final NullDevice inner = new NullDevice("n", 1 << 16);
        assertSame(inner, TimedDevice.wrap(inner, DeviceProfile.NULL));
        final BlockDevice timed = TimedDevice.wrap(inner, DeviceProfile.parse("qd=4"));
        assertNotSame(inner, timed);
        final Completions c = new Completions();
        timed.submit(c.bio(BioOp.WRITE, 0, 8, null));
        assertEquals(1, c.count(), "due at arrival: delivered inside submit");
        assertSame(Thread.currentThread(), c.all().get(0).thread);
        assertEquals("n", timed.name());
        assertEquals(1 << 16, timed.sizeSectors());
    }

    @Test
    void theSharedTimerCompletesEveryDeviceOnItsOneThread() throws InterruptedException
    {
        final List<TimedDevice> devices = new ArrayList<>();
        for (int d = 0; d < 8; d++)
        {
            devices.add(new TimedDevice(new NullDevice("shared" + d, 1 << 16), DeviceProfile.parse("latency=20ms,qd=2")));
        }
        final Completions c = new Completions();
        for (int i = 0; i < 50; i++)
        {
            for (final TimedDevice dev : devices)
            {
                dev.submit(c.bio(BioOp.WRITE, i * 8L, 8, null));
            }
        }
        assertTrue(c.await(400, 15_000), "all 400 completed: " + c.count());
        // Requests are delivered by the timer thread; only one whose due time had already passed
        // when the inner device completed it (the submitter was descheduled for 20 ms) completes
        // inline on the submitter.
        Thread timerThread = null;
        for (final Completions.Done done : c.all())
        {
            assertEquals(BlkStatus.OK, done.status);
            if (done.thread != Thread.currentThread())
            {
                assertTrue(timerThread == null || timerThread == done.thread, "one thread completes every device");
                timerThread = done.thread;
            }
        }
        assertEquals("device-timer", timerThread.getName());
        final long timerThreads = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("device-timer")).count();
        assertEquals(1, timerThreads, "no thread per device");
        for (final TimedDevice dev : devices)
        {
            final TimedDeviceStats s = dev.stats();
            assertEquals(50, s.delivered());
            assertTrue(s.latenessNanos() >= 0);
            assertEquals(50, s.writes());
            assertEquals(0, s.inFlight());
            dev.close();
        }
    }

    /**
     * Submitters on several threads, each keeping a window of requests in flight and submitting the
     * next from the completion callback (on the timer thread): every request completes exactly
     * once. A lost wake-up of the timer would leave requests waiting forever and fail the bounded
     * wait.
     */
    @Test
    void concurrentSubmittersLoseNoCompletion() throws InterruptedException
    {
        final int threads = 3;
        final int perThread = 3_000;
        final int window = 8;
        final TimedDevice[] devices = {
            new TimedDevice(new NullDevice("c0", 1 << 20), DeviceProfile.parse("latency=30us,dist=lognormal,spread=100%,qd=4")),
            new TimedDevice(new NullDevice("c1", 1 << 20), DeviceProfile.parse("latency=5us,bw=2GB/s")),
            new TimedDevice(new NullDevice("c2", 1 << 20), DeviceProfile.parse("latency=1us,dist=uniform,spread=50%"))};
        final AtomicIntegerArray completions = new AtomicIntegerArray(
            threads * perThread);
        final CountDownLatch done = new CountDownLatch(threads * perThread);
        final Thread[] submitters = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            final int base = t * perThread;
            final AtomicInteger next = new AtomicInteger(base);
            final BioEndIo[] again = new BioEndIo[1];
            again[0] = (bio, status) ->
            {
                completions.incrementAndGet((Integer) bio.owner());
                done.countDown();
                final int id = next.getAndIncrement();
                if (id < base + perThread)
                {
                    devices[id % devices.length].submit(bio.init(BioOp.WRITE, (id % 4096) * 8L, 8, null, 0, again[0], id));
                }
            };
            submitters[t] = new Thread(() ->
            {
                for (int i = 0; i < window; i++)
                {
                    final int id = next.getAndIncrement();
                    devices[id % devices.length].submit(new Bio().init(BioOp.WRITE, (id % 4096) * 8L, 8, null, 0, again[0], id));
                }
            }, "submitter-" + t);
            submitters[t].start();
        }
        for (final Thread t : submitters)
        {
            t.join();
        }
        assertTrue(done.await(15, TimeUnit.SECONDS), "completions missing: " + done.getCount());
        for (int i = 0; i < completions.length(); i++)
        {
            assertEquals(1, completions.get(i), "request " + i);
        }
        long delivered = 0;
        for (final TimedDevice dev : devices)
        {
            final TimedDeviceStats s = dev.stats();
            assertEquals(0, s.inFlight());
            delivered += s.delivered();
            assertTrue(dev.pooledEntries() <= threads * window, "entries are reused: " + dev.pooledEntries());
            dev.close();
        }
        assertEquals(threads * perThread, delivered);
    }

    @Test
    void anInnerDeviceThatCompletesLaterStillDeliversAtTheDueTime() throws InterruptedException
    {
        final ManualClock clock = new ManualClock(T0);
        final CompletionTimer timer = CompletionTimer.manual(clock);
        final NullDevice slow = new NullDevice("slow", 1 << 16, 100_000, Bio.SECTOR_SIZE);   // its own thread
        // The hold keeps the second request from the null device until the clock has passed its due
        // time, whatever the scheduler does to this thread.
        final FlakeyDevice gate = new FlakeyDevice("gate", slow);
        final TimedDevice dev = new TimedDevice(gate, DeviceProfile.parse("latency=5ms"), timer);
        try
        {
            final Completions c = new Completions();
            dev.submit(c.bio(BioOp.READ, 0, 8, null));
            // Wait (bounded) until the inner device has handed the request to the timer.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (timer.nextDueNanos() == Long.MAX_VALUE && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertEquals(T0 + 5 * MS, timer.nextDueNanos());
            assertEquals(0, c.count());
            clock.set(T0 + 5 * MS);
            assertEquals(1, timer.runDue());
            assertEquals(1, c.count());
            // Past its due time when the inner device completes: delivered on the inner's completion thread.
            final FlakeyDevice.Hold hold = gate.hold(FlakeyDevice.Selector.all());
            dev.submit(c.bio(BioOp.READ, 8, 8, null));
            assertTrue(hold.awaitHeld(10, TimeUnit.SECONDS));
            clock.set(T0 + 20 * MS);
            hold.release();
            assertTrue(c.await(2, 10_000));
            assertTrue(c.all().get(1).thread.getName().startsWith("nullblk-slow"), c.all().get(1).thread.getName());
            assertEquals(10 * MS, dev.stats().latenessNanos(), "submitted at 5 ms, due at 10 ms, delivered at 20 ms");
        }
        finally
        {
            dev.close();
        }
    }

    @Test
    void aFileDeviceKeepsItsDataBehindTheTiming() throws IOException
    {
        final ManualClock clock = new ManualClock(T0);
        final CompletionTimer timer = CompletionTimer.manual(clock);
        final FileDevice file = FileDevice.create("file", dir.resolve("disk.img"), 1 << 20, false);
        final TimedDevice dev = new TimedDevice(file, DeviceProfile.parse("sata-ssd"), timer);
        final Completions c = new Completions();
        final ByteBuffer data = Completions.pattern(8192, 5);
        dev.submit(c.bio(BioOp.WRITE, 16, 16, data));
        final ByteBuffer back = ByteBuffer.allocate(8192);
        dev.submit(c.bio(BioOp.READ, 16, 16, back));
        assertEquals(0, c.count());
        clock.advance(MS);
        assertEquals(2, timer.runDue());
        assertArrayEquals(Completions.bytes(data), Completions.bytes(back));
        final TimedDeviceStats s = dev.stats();
        assertEquals(8192, s.bytesRead());
        assertEquals(8192, s.bytesWritten());
        dev.close();
    }

    @Test
    void invalidRequestsAndRequestsAfterCloseFailWithoutTiming()
    {
        final ManualClock clock = new ManualClock(T0);
        final CompletionTimer timer = CompletionTimer.manual(clock);
        final MemoryDevice memory = new MemoryDevice("mem", 1024);
        final TimedDevice dev = new TimedDevice(memory, DeviceProfile.parse("hdd"), timer);
        final Completions c = new Completions();
        dev.submit(c.bio(BioOp.WRITE, 1020, 8, null));   // crosses the end
        assertEquals(BlkStatus.IOERR, c.all().get(0).status);
        assertEquals(1, dev.refused());
        assertEquals(0, dev.stats().requests());
        dev.close();
        dev.submit(c.bio(BioOp.WRITE, 0, 8, null));
        assertEquals(BlkStatus.IOERR, c.all().get(1).status);
        assertEquals(2, dev.refused());
        assertEquals(BlkStatus.IOERR, SyncIo.io(memory, BioOp.WRITE, 0, 8, null, 0), "close closed the inner device");
    }

    @Test
    void aCallbackThatThrowsIsReportedAndTheTimerGoesOn()
    {
        final ManualClock clock = new ManualClock(T0);
        final CompletionTimer timer = CompletionTimer.manual(clock);
        final TimedDevice dev = new TimedDevice(new NullDevice("n", 1 << 16), DeviceProfile.parse("latency=1ms"), timer);
        final List<Throwable> reported = new ArrayList<>();
        final Thread.UncaughtExceptionHandler previous = Thread.currentThread().getUncaughtExceptionHandler();
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.add(e));
        try
        {
            final Completions c = new Completions();
            dev.submit(new Bio().init(BioOp.WRITE, 0, 8, null, 0, (bio, status) ->
            {
                throw new IllegalStateException("broken callback");
            }, null));
            dev.submit(c.bio(BioOp.WRITE, 8, 8, null));
            clock.advance(MS);
            assertEquals(2, timer.runDue());
            assertEquals(1, c.count(), "the next completion still ran");
            assertEquals(1, timer.callbackFailures());
            assertEquals("broken callback", reported.get(0).getMessage());
        }
        finally
        {
            Thread.currentThread().setUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void steadyStateSubmitAndCompletionAllocateNothing()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final ManualClock clock = new ManualClock(T0);
        final CompletionTimer timer = CompletionTimer.manual(clock);
        final TimedDevice ssd = new TimedDevice(new NullDevice("ssd", 1 << 20),
            DeviceProfile.parse("latency=20us,dist=lognormal,spread=30%,bw=1GB/s,iops=100k,qd=8"), timer);
        final TimedDevice hdd = new TimedDevice(new NullDevice("hdd", 1 << 20), DeviceProfile.parse("hdd,qd=4"), timer);
        final CountingEndIo counter = new CountingEndIo();
        final Bio[] bios = new Bio[64];
        for (int i = 0; i < bios.length; i++)
        {
            bios[i] = new Bio();
        }
        for (int round = 0; round < 200; round++)   // warm up: compile, grow the pools, heaps and queues
        {
            cycle(ssd, hdd, bios, counter, clock, timer, round);
        }
        final long tid = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(tid);
        for (int round = 0; round < 100; round++)
        {
            cycle(ssd, hdd, bios, counter, clock, timer, round);
        }
        final long allocated = threads.getThreadAllocatedBytes(tid) - before;
        // 100 rounds x 64 requests: a single allocation per request would be over 100 KB.
        assertTrue(allocated < 1_024, "heap bytes allocated by 6,400 timed requests: " + allocated);
        assertEquals(300 * 64, counter.count);
    }

    private static void cycle(final TimedDevice ssd, final TimedDevice hdd, final Bio[] bios, final CountingEndIo counter,
                              final ManualClock clock, final CompletionTimer timer, final int round)
    {
        for (int i = 0; i < bios.length; i++)
        {
            final long sector = ((round * 7919L + i * 104_729L) % 130_000) * 8;
            (i % 2 == 0 ? ssd : hdd).submit(bios[i].init(i % 3 == 0 ? BioOp.READ : BioOp.WRITE, sector, 8, null, 0,
                counter, null));
        }
        while (timer.nextDueNanos() != Long.MAX_VALUE)
        {
            clock.set(timer.nextDueNanos());
            timer.runDue();
        }
    }

    /** Counts completions without allocating. */
    private static final class CountingEndIo implements BioEndIo
    {
        int count;

        @Override
        public void endIo(final Bio bio, final int status)
        {
            count++;
        }
    }
}
