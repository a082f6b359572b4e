package io.dmsnap.engine.concurrent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpinLockTest
{
    private final SpinLock lock = new SpinLock(LockClass.named("test spin lock"));
    /** Guarded by {@link #lock}: a plain read-modify-write loses updates unless the lock excludes. */
    private long counter;

    /**
     * More threads than cores, and holders that sometimes sleep inside the critical section: the
     * waiters run out of spin rounds and go through the yield phase. Exclusion must hold and every
     * waiter must get through.
     */
    @Test
    void excludesAndMakesProgressWhenHoldersAreDescheduled() throws Exception
    {
        final int threads = 4;
        final int perThread = 20_000;
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final Thread w = new Thread(() ->
            {
                awaitQuietly(start);
                for (int i = 0; i < perThread; i++)
                {
                    lock.lock();
                    try
                    {
                        final long seen = counter;
                        if ((i & 1023) == 0)
                        {
                            sleepQuietly();   // a holder off the CPU: waiters must yield, not spin forever
                        }
                        counter = seen + 1;
                    }
                    finally
                    {
                        lock.unlock();
                    }
                }
            }, "spin-lock-worker-" + t);
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (final Thread w : workers)
        {
            w.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(w.isAlive(), w.getName() + " is stuck on the lock");
        }
        assertEquals((long) threads * perThread, counter);
    }

    @Test
    void unlockLetsTheNextHolderIn() throws Exception
    {
        lock.lock();
        final CountDownLatch acquired = new CountDownLatch(1);
        final Thread waiter = new Thread(() ->
        {
            lock.lock();
            acquired.countDown();
            lock.unlock();
        });
        waiter.start();
        assertFalse(acquired.await(50, TimeUnit.MILLISECONDS), "the waiter got in while the lock was held");
        lock.unlock();
        assertTrue(acquired.await(10, TimeUnit.SECONDS), "the waiter never got in after unlock");
        waiter.join();
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly()
    {
        try
        {
            Thread.sleep(1);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
