package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Submitters race suspend/resume cycles: no clone may reach a target between its postsuspend and
 * its resume, no clone may be outstanding at postsuspend, and every bio completes exactly once.
 */
class GateConcurrencyTest
{
    private static final int SUBMITTERS = 2;
    private static final int DEPTH = 8;

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void noBioSlipsThroughASuspend() throws Exception
    {
        final DeviceMapper dm = new DeviceMapper();
        final ProbeType probe = new ProbeType().quiet();
        dm.registerTargetType(probe);
        // Completions come from the flakey device's timer thread, concurrently with the submitters.
        final FlakeyDevice base = new FlakeyDevice("base", new MemoryDevice("base-data", 64));
        base.delay(FlakeyDevice.Selector.all(), 0);
        dm.addDevice(base);
        final MappedDevice md = dm.create("d", "0 32 probe a dev=base maxio=4\n32 32 probe b dev=base");
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong submitted = new AtomicLong();
        final AtomicLong completed = new AtomicLong();
        final AtomicInteger errors = new AtomicInteger();
        final CountDownLatch finished = new CountDownLatch(SUBMITTERS);
        for (int t = 0; t < SUBMITTERS; t++)
        {
            final int seed = t;
            final Thread thread = new Thread(() ->
            {
                final Semaphore depth = new Semaphore(DEPTH);
                final ConcurrentLinkedQueue<Bio> free = new ConcurrentLinkedQueue<>();
                for (int i = 0; i < DEPTH; i++)
                {
                    free.add(new Bio());
                }
                long n = 0;
                while (!stop.get())
                {
                    depth.acquireUninterruptibly();
                    final Bio bio = free.poll();
                    final long sector = (n * 7 + seed * 13) % 56;
                    bio.init(n % 3 == 0 ? BioOp.FLUSH : BioOp.WRITE, sector, 8, null, 0, (b, s) ->
                    {
                        if (s != BlkStatus.OK)
                        {
                            errors.incrementAndGet();
                        }
                        completed.incrementAndGet();
                        free.add(b);
                        depth.release();
                    }, null);
                    submitted.incrementAndGet();
                    md.submit(bio);
                    n++;
                }
                depth.acquireUninterruptibly(DEPTH);
                finished.countDown();
            }, "submitter-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (int cycle = 0; (cycle < 100 || completed.get() < 2_000) && System.nanoTime() < deadline; cycle++)
        {
            dm.suspend("d");
            assertTrue(md.isSuspended());
            dm.resume("d");
        }
        stop.set(true);
        assertTrue(finished.await(10, TimeUnit.SECONDS));
        base.close();
        assertEquals(0, probe.violations.get());
        assertEquals(0, errors.get());
        assertEquals(submitted.get(), completed.get());
        assertTrue(submitted.get() >= 2_000, "submitters made progress: " + submitted.get());
        assertEquals(0, md.inFlight());
    }
}
