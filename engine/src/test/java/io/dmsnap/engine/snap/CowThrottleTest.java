package io.dmsnap.engine.snap;

import io.dmsnap.engine.config.EngineConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three COW throttles in isolation. */
@Timeout(30)
class CowThrottleTest
{
    @Test
    void inProgressWaitsAboveThresholdWithTheOriginsLockReleased() throws Exception
    {
        final CowThrottle t = CowThrottle.create(EngineConfig.current().withCowThreshold(2));
        assertTrue(t.waitsBeforeLocking());
        for (int i = 0; i < 3; i++)
        {
            t.accountStartCopy();   // never blocks
        }
        assertEquals(3, t.inFlight());
        final ReentrantReadWriteLock origins = new ReentrantReadWriteLock(true);
        final AtomicBoolean slept = new AtomicBoolean();
        final CountDownLatch holding = new CountDownLatch(1);
        final Thread writer = new Thread(() ->
        {
            origins.readLock().lock();
            holding.countDown();
            slept.set(t.waitForInProgress(origins.readLock()::unlock));
        });
        writer.start();
        holding.await();
        // While it waits, the origins lock is free: a writer (table load) gets it.
        assertTrue(origins.writeLock().tryLock(5, TimeUnit.SECONDS), "waiting writer still holds _origins_lock");
        origins.writeLock().unlock();
        assertTrue(writer.isAlive());
        t.accountEndCopy();   // 2 <= threshold: wakes it
        writer.join(5000);
        assertFalse(writer.isAlive());
        assertTrue(slept.get());
        assertFalse(t.waitForInProgress(null), "below the threshold nobody waits");
        assertEquals(3, t.peakInFlight());
    }

    @Test
    void thresholdZeroWaitsWhileAnyCopyIsInFlight() throws Exception
    {
        final CowThrottle t = CowThrottle.create(EngineConfig.current().withCowThreshold(0));
        assertFalse(t.waitForInProgress(null));
        t.accountStartCopy();
        final Thread w = new Thread(() -> t.waitForInProgress(null));
        w.start();
        while (t.waiters() == 0)
        {
            Thread.sleep(1);
        }
        t.accountEndCopy();
        w.join(5000);
        assertFalse(w.isAlive());
    }

    @Test
    void semaphoreBoundsCopiesByBlockingTheStarter() throws Exception
    {
        final CowThrottle t = CowThrottle.create(EngineConfig.current().with("throttle", "SEMAPHORE").withCowThreshold(2));
        assertFalse(t.waitsBeforeLocking());
        t.accountStartCopy();
        t.accountStartCopy();
        final Thread third = new Thread(t::accountStartCopy);
        third.start();
        while (t.waiters() == 0)
        {
            Thread.sleep(1);
        }
        assertEquals(2, t.inFlight());
        t.accountEndCopy();
        third.join(5000);
        assertFalse(third.isAlive());
        assertEquals(2, t.peakInFlight());
    }

    @Test
    void noThrottleNeverWaits()
    {
        final CowThrottle t = CowThrottle.create(EngineConfig.current().with("throttle", "NONE").withCowThreshold(1));
        for (int i = 0; i < 10_000; i++)
        {
            t.accountStartCopy();
        }
        assertFalse(t.waitForInProgress(null));
        assertEquals(10_000, t.inFlight());
        assertEquals(0, t.waiters());
    }
}
