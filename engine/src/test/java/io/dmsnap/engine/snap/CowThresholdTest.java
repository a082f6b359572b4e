package io.dmsnap.engine.snap;

import io.dmsnap.engine.config.Switches.Throttle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live module parameter {@code snapshot_cow_threshold} and the throttles that read it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class CowThresholdTest
{
    /** A writer thread looping as the kernel's caller does until a check passes without sleeping. */
    private static Thread writer(final CowThrottle t, final AtomicInteger sleeps)
    {
        final Thread w = new Thread(() ->
        {
            while (t.waitForInProgress(null))
            {
                sleeps.incrementAndGet();
            }
        });
        w.setDaemon(true);
        w.start();
        return w;
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

    private static void startCopies(final CowThrottle t, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            t.accountStartCopy();
        }
    }

    @Test
    void raisingTheThresholdWakesWaitersWithoutAnyCopyEnding() throws Exception
    {
        final CowThreshold threshold = new CowThreshold(1);
        final CowThrottle t = CowThrottle.create(Throttle.IN_PROGRESS, threshold);
        startCopies(t, 3);
        final AtomicInteger sleeps = new AtomicInteger();
        final Thread w = writer(t, sleeps);
        await(() -> t.waiters() == 1, "the writer waiting");
        threshold.set(2);          // 3 > 2: still over, the writer must stay
        assertTrue(w.isAlive());
        threshold.set(3);          // 3 <= 3: the raise itself wakes it
        w.join(10_000);
        assertFalse(w.isAlive(), "the raise did not wake the waiting writer");
        assertEquals(3, t.inFlight(), "no copy ended: the raise alone released it");
        assertTrue(sleeps.get() >= 1);
        assertEquals(0, t.waiters());
    }

    @Test
    void loweringTheThresholdHoldsBackTheNextWriters() throws Exception
    {
        final CowThreshold threshold = new CowThreshold(8);
        final CowThrottle t = CowThrottle.create(Throttle.IN_PROGRESS, threshold);
        startCopies(t, 2);
        assertFalse(t.waitForInProgress(null), "2 <= 8: no wait");
        threshold.set(1);
        assertEquals(1, t.limit());
        final AtomicInteger sleeps = new AtomicInteger();
        final Thread w = writer(t, sleeps);
        await(() -> t.waiters() == 1, "the writer waiting under the lowered threshold");
        t.accountEndCopy();        // 1 <= 1: woken
        w.join(10_000);
        assertFalse(w.isAlive());
        assertEquals(1, t.inFlight());
    }

    @Test
    void zeroMakesEveryWriterWaitWhileAnyCopyOfTheSnapshotIsInFlight() throws Exception
    {
        final CowThreshold threshold = new CowThreshold(0);
        final CowThrottle t = CowThrottle.create(Throttle.IN_PROGRESS, threshold);
        assertFalse(t.waitForInProgress(null), "no copy in flight: nobody waits, even at 0");
        startCopies(t, 2);
        final AtomicInteger sleeps = new AtomicInteger();
        final List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            writers.add(writer(t, sleeps));
        }
        await(() -> t.waiters() == 3, "all three writers waiting");
        t.accountEndCopy();        // one copy still in flight: 1 > 0
        Thread.sleep(20);
        assertEquals(3, t.waiters(), "a writer passed while a copy was still in flight");
        for (final Thread w : writers)
        {
            assertTrue(w.isAlive());
        }
        t.accountEndCopy();        // the last copy ended: every waiter is woken (non-exclusive)
        for (final Thread w : writers)
        {
            w.join(10_000);
            assertFalse(w.isAlive());
        }
        assertEquals(0, t.inFlight());
    }

    @Test
    void oneThresholdServesEverySnapshotOfTheModule() throws Exception
    {
        final CowThreshold threshold = new CowThreshold(0);
        final CowThrottle a = CowThrottle.create(Throttle.IN_PROGRESS, threshold);
        final CowThrottle b = CowThrottle.create(Throttle.IN_PROGRESS, threshold);
        assertEquals(2, threshold.liveReaders());
        startCopies(a, 1);
        startCopies(b, 1);
        final AtomicInteger sleeps = new AtomicInteger();
        final Thread wa = writer(a, sleeps);
        final Thread wb = writer(b, sleeps);
        await(() -> a.waiters() == 1 && b.waiters() == 1, "a writer waiting on each snapshot");
        threshold.set(5);
        wa.join(10_000);
        wb.join(10_000);
        assertFalse(wa.isAlive() || wb.isAlive(), "one raise must reach both snapshots");
        a.close();
        assertEquals(1, threshold.liveReaders(), "a closed throttle no longer listens");
        b.close();
        assertEquals(0, threshold.liveReaders());
    }

    @Test
    void theSemaphoreIsSizedOnceWhenTheSnapshotIsConstructed() throws Exception
    {
        final CowThreshold threshold = new CowThreshold(2);
        final CowThrottle old = CowThrottle.create(Throttle.SEMAPHORE, threshold);
        threshold.set(5);
        final CowThrottle fresh = CowThrottle.create(Throttle.SEMAPHORE, threshold);
        assertEquals(2, old.limit(), "721b1d98 reads cow_threshold in the constructor only");
        assertEquals(5, fresh.limit());
        assertEquals(0, threshold.liveReaders(), "a semaphore never listens to changes");
        old.accountStartCopy();
        old.accountStartCopy();
        final Thread third = new Thread(old::accountStartCopy);
        third.setDaemon(true);
        third.start();
        await(() -> old.waiters() == 1, "the third start blocked on the old semaphore");
        threshold.set(100);
        Thread.sleep(20);
        assertEquals(1, old.waiters(), "a raise does not add permits to an existing semaphore");
        old.accountEndCopy();
        third.join(10_000);
        assertFalse(third.isAlive());
        assertEquals(-1, CowThrottle.create(Throttle.SEMAPHORE, new CowThreshold(0)).limit(), "0: unlimited permits");
        assertEquals(-1, CowThrottle.create(Throttle.NONE, threshold).limit());
    }

    @Test
    void badValuesAreRefusedWithTheRangeNamed()
    {
        final CowThreshold threshold = new CowThreshold(7);
        final IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> threshold.set(-1));
        assertEquals("cowThreshold (snapshot_cow_threshold) must be an integer in 0..2147483647, got '-1'",
            negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> threshold.set(1L << 31));
        final IllegalArgumentException text = assertThrows(IllegalArgumentException.class, () -> threshold.set("lots"));
        assertTrue(text.getMessage().endsWith("got 'lots'"), text::getMessage);
        assertThrows(IllegalArgumentException.class, () -> new CowThreshold(-3));
        assertEquals(7, threshold.get(), "refused values change nothing");
        threshold.set(" 42 ");
        assertEquals(42, threshold.get());
    }
}
