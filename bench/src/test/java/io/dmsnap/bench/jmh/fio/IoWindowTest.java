package io.dmsnap.bench.jmh.fio;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.NullDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class IoWindowTest
{
    /** Keeps every bio until the test completes it, from the test's thread. */
    private static final class HeldDevice implements BlockDevice
    {
        final LinkedBlockingQueue<Bio> held = new LinkedBlockingQueue<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        @Override
        public String name()
        {
            return "held";
        }

        @Override
        public long sizeSectors()
        {
            return 1 << 20;
        }

        @Override
        public void submit(final Bio bio)
        {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            held.add(bio);
        }

        /** Complete a bio the test took; counted out of flight before its callback runs. */
        void complete(final Bio bio)
        {
            inFlight.decrementAndGet();
            bio.complete(BlkStatus.OK);
        }

        Bio take() throws InterruptedException
        {
            final Bio bio = held.poll(5, TimeUnit.SECONDS);
            assertNotNull(bio, "no bio was submitted");
            return bio;
        }
    }

    @Test
    void depthOneIsSynchronousOnAnInlineDevice()
    {
        final NullDevice device = new NullDevice("null", 1 << 16);
        final IoWindow window = new IoWindow(1, 4096, 1);
        window.bind(Thread.currentThread());
        for (int i = 0; i < 100; i++)
        {
            window.submit(device, BioOp.WRITE, i * 8L, 8);
            assertEquals(0, window.inFlight());
        }
        assertEquals(100, device.stats().writes());
    }

    @Test
    void aFullWindowWaitsForACompletionFromAnotherThread() throws Exception
    {
        final HeldDevice device = new HeldDevice();
        final IoWindow window = new IoWindow(4, 4096, 1);
        final AtomicLong submitted = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread worker = new Thread(() ->
        {
            try
            {
                window.bind(Thread.currentThread());
                for (int i = 0; i < 6; i++)
                {
                    window.submit(device, BioOp.WRITE, i * 8L, 8);
                    submitted.incrementAndGet();
                }
                window.drain();
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        });
        worker.start();
        final Bio first = device.take();
        for (int i = 0; i < 3; i++)
        {
            device.complete(device.take());   // three of the first four complete
        }
        // Four in flight minus three completed: the worker refills to four and then waits.
        final Bio fifth = device.take();
        final Bio sixth = device.take();
        Thread.sleep(50);
        assertEquals(6, submitted.get());
        assertTrue(worker.isAlive(), "drain returned with requests in flight");
        device.complete(first);
        device.complete(fifth);
        Thread.sleep(20);
        assertTrue(worker.isAlive(), "drain returned with one request in flight");
        device.complete(sixth);
        worker.join(5000);
        assertFalse(worker.isAlive());
        assertNull(failure.get());
        assertTrue(device.maxInFlight.get() <= 4, "more requests in flight than the window allows: " + device.maxInFlight.get());
        assertEquals(0, window.inFlight());
    }

    @Test
    void aSeventhRequestWaitsUntilOneOfFourCompletes() throws Exception
    {
        final HeldDevice device = new HeldDevice();
        final IoWindow window = new IoWindow(4, 4096, 1);
        final AtomicLong submitted = new AtomicLong();
        final Thread worker = new Thread(() ->
        {
            window.bind(Thread.currentThread());
            for (int i = 0; i < 5; i++)
            {
                window.submit(device, BioOp.READ, i * 8L, 8);
                submitted.incrementAndGet();
            }
        });
        worker.start();
        final Bio first = device.take();
        for (int i = 0; i < 3; i++)
        {
            device.take();
        }
        Thread.sleep(50);
        assertEquals(4, submitted.get(), "a fifth request went out while four were in flight");
        device.complete(first);
        assertNotNull(device.take());
        worker.join(5000);
        assertEquals(5, submitted.get());
    }

    @Test
    void completionsFromADeviceThreadAreReaped()
    {
        final NullDevice device = new NullDevice("delayed", 1 << 16, 20_000, 512);
        try
        {
            final IoWindow window = new IoWindow(8, 4096, 1);
            window.bind(Thread.currentThread());
            for (int i = 0; i < 200; i++)
            {
                window.submit(device, BioOp.WRITE, (i % 64) * 8L, 8);
                assertTrue(window.inFlight() <= 8);
            }
            window.drain();
            assertEquals(0, window.inFlight());
            assertEquals(200, device.stats().writes());
        }
        finally
        {
            device.close();
        }
    }

    @Test
    void aFailedRequestFailsTheBenchmark()
    {
        final NullDevice device = new NullDevice("small", 64);
        final IoWindow window = new IoWindow(1, 4096, 1);
        window.bind(Thread.currentThread());
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> window.submit(device, BioOp.WRITE, 1000, 8));
        assertTrue(e.getMessage().contains("failed"), e.getMessage());
        assertEquals(1, window.errors());
    }
}
