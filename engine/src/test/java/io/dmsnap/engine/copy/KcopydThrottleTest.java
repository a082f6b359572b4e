package io.dmsnap.engine.copy;

import io.dmsnap.engine.copy.FakeDevice.Completion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.dmsnap.engine.copy.FakeDevice.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The df5d2e90 copy throttle driven by a hand-moved clock: the busy-time accounting, the decay,
 * the sleep decisions and their limit. Ticks are 1 ms (the kernel's jiffies at HZ=1000), the window
 * 1,024 ticks, a sleep 100 ticks, at most 10 sleeps: the kernel's constants, so the arithmetic
 * below can be followed by hand. No assertion depends on the machine's speed.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class KcopydThrottleTest
{
    private static final long MS = 1_000_000;
    private static final KcopydThrottle.Timing JIFFIES = new KcopydThrottle.Timing(MS, 10, 100, 10);

    /** A clock that moves only when told to, or by the time a sleep asks for. */
    static final class HandClock implements KcopydThrottle.Clock
    {
        final AtomicLong now = new AtomicLong();
        final List<Long> sleeps = new ArrayList<>();

        void advanceMillis(final long ms)
        {
            now.addAndGet(ms * MS);
        }

        @Override
        public long nanoTime()
        {
            return now.get();
        }

        @Override
        public synchronized void sleepNanos(final long nanos)
        {
            sleeps.add(nanos);
            now.addAndGet(nanos);
        }
    }

    @Test
    void atOneHundredPercentNothingIsAccountedAndNobodySleeps()
    {
        final HandClock clock = new HandClock();
        final KcopydThrottle t = new KcopydThrottle(100, JIFFIES, clock);
        for (int i = 0; i < 5; i++)
        {
            assertEquals(0, t.ioJobStart());
            clock.advanceMillis(700);
        }
        assertEquals(5, t.ioJobsInFlight());
        for (int i = 0; i < 5; i++)
        {
            t.ioJobFinish();
        }
        assertEquals(0, t.ioJobsInFlight());
        assertArrayEquals(new long[] {0, 0}, t.periods());
        assertEquals(0, t.sleeps());
    }

    @Test
    void overBudgetStartSleepsUntilTheIdleTimeBringsTheBusyFractionDown()
    {
        final HandClock clock = new HandClock();
        final KcopydThrottle t = new KcopydThrottle(50, JIFFIES, clock);
        assertEquals(0, t.ioJobStart(), "nothing accounted yet: within budget");
        clock.advanceMillis(300);
        t.ioJobFinish();   // the last job in flight: 300 busy ticks of 300
        assertArrayEquals(new long[] {300, 300}, t.periods());
        assertEquals(1.0, t.busyFraction());

        clock.advanceMillis(100);
        // 300 busy of 400: skew 300 - 50% x 400 = 100 > 0, sleep; 300 of 500: 50 > 0, sleep;
        // 300 of 600: 0, issue. Each sleep counts as idle time: nothing else is in flight.
        assertEquals(2, t.ioJobStart());
        assertEquals(List.of(100 * MS, 100 * MS), clock.sleeps);
        assertArrayEquals(new long[] {300, 600}, t.periods());
        assertEquals(0.5, t.busyFraction());
        assertEquals(2, t.sleeps());
        assertEquals(1, t.delayedJobs());
        assertEquals(0, t.forcedJobs());
        assertEquals(1, t.ioJobsInFlight());
    }

    @Test
    void busyTimeIsCountedOnceForOverlappingJobsOfTheGroup()
    {
        final HandClock clock = new HandClock();
        final KcopydThrottle t = new KcopydThrottle(50, JIFFIES, clock);
        clock.advanceMillis(1000);
        assertEquals(0, t.ioJobStart());   // a job of one client at 1000, after 1000 idle ticks
        assertArrayEquals(new long[] {0, 1000}, t.periods());
        clock.advanceMillis(10);
        assertEquals(0, t.ioJobStart());   // a job of another client at 1010: 10 busy ticks
        assertArrayEquals(new long[] {10, 1010}, t.periods());
        clock.advanceMillis(40);
        t.ioJobFinish();                   // at 1050 one job is still in flight: nothing credited yet
        assertArrayEquals(new long[] {10, 1010}, t.periods());
        clock.advanceMillis(30);
        t.ioJobFinish();                   // at 1080 the group goes idle: 70 more busy ticks
        assertArrayEquals(new long[] {80, 1080}, t.periods());
        clock.advanceMillis(20);
        // at 1100, after 20 idle ticks: total 1100 reaches the window, both halve.
        assertEquals(0, t.ioJobStart());
        assertArrayEquals(new long[] {40, 550}, t.periods());
    }

    @Test
    void theWindowDecaysByHalfAndAlmostResetsAfterALongIdleGap()
    {
        final HandClock clock = new HandClock();
        final KcopydThrottle t = new KcopydThrottle(90, JIFFIES, clock);
        t.ioJobStart();
        clock.advanceMillis(1500);
        t.ioJobFinish();   // a finish never decays
        assertArrayEquals(new long[] {1500, 1500}, t.periods());

        // Start: total 1500 >= 1024, fls(1500 >> 10) = 1: both halve to 750. Skew 750 - 675 > 0:
        // one sleep of 100 idle ticks, then 750 of 850 is within 90%.
        assertEquals(1, t.ioJobStart());
        assertArrayEquals(new long[] {750, 850}, t.periods());
        t.ioJobFinish();   // at once: nothing elapsed since the start
        assertArrayEquals(new long[] {750, 850}, t.periods());

        clock.advanceMillis(100_000);
        // total 100,850: fls(100,850 >> 10 = 98) = 7, so both shift by 7: 750 >> 7 = 5, 100,850 >> 7 = 787.
        assertEquals(0, t.ioJobStart());
        assertArrayEquals(new long[] {5, 787}, t.periods());
    }

    @Test
    void afterMaxSleepsTheJobIsIssuedAnyway()
    {
        final HandClock clock = new HandClock();
        final KcopydThrottle t = new KcopydThrottle(0, JIFFIES, clock);
        assertEquals(0, t.ioJobStart(), "no busy time yet, so even 0% lets the first job go");
        clock.advanceMillis(10);
        // One job stays in flight, so every sleep is busy time: the group never gets under 0%.
        assertEquals(10, t.ioJobStart());
        assertEquals(10, clock.sleeps.size());
        assertEquals(1, t.forcedJobs());
        assertEquals(2, t.ioJobsInFlight());
        assertArrayEquals(new long[] {1010, 1010}, t.periods());
    }

    @Test
    void thePercentageIsReadAtEveryStartAndValidated()
    {
        final HandClock clock = new HandClock();
        final KcopydThrottle t = new KcopydThrottle(100, JIFFIES, clock);
        t.ioJobStart();
        clock.advanceMillis(500);
        t.ioJobFinish();   // off: not accounted
        t.setPercent(10);
        assertEquals(10, t.percent());
        t.ioJobStart();
        clock.advanceMillis(500);
        t.ioJobFinish();   // 500 of 1000 ticks busy (the first 500 count as idle)
        assertArrayEquals(new long[] {500, 1000}, t.periods());
        // 500 - 10% x 1000 = 400 over budget: the next start sleeps.
        assertTrue(t.ioJobStart() > 0);
        t.ioJobFinish();
        t.setPercent(100);
        assertEquals(0, t.ioJobStart(), "turned off while running: no more sleeps");

        final IllegalArgumentException high = assertThrows(IllegalArgumentException.class, () -> t.setPercent(101));
        assertEquals("copyThrottle (snapshot_copy_throttle) must be an integer in 0..100, got '101'",
            high.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.setPercent(-1));
        assertThrows(IllegalArgumentException.class, () -> new KcopydThrottle(150, JIFFIES, clock));
        assertEquals(100, t.percent(), "a refused value changes nothing");
    }

    @Test
    void kernelTimingIsTheKernelsConstantsInMicroseconds()
    {
        final KcopydThrottle.Timing k = KcopydThrottle.Timing.KERNEL;
        assertEquals(1_000, k.tickNanos());
        assertEquals(1L << 20, 1L << k.accountIntervalShift(), "a window of about a second");
        assertEquals(100_000_000L, k.sleepTicks() * k.tickNanos(), "SLEEP_USEC: 100 ms");
        assertEquals(10, k.maxSleeps(), "MAX_SLEEPS");
        assertEquals(1, KcopydThrottle.fls(1));
        assertEquals(7, KcopydThrottle.fls(98));
        assertEquals(0, KcopydThrottle.fls(0));
    }

    @Test
    void aThrottledClientSleepsOnItsWorkerAndStillFinishesEveryCopy()
    {
        // Every reading of this clock moves it by 1 ms, so the copier looks busy all the time.
        final AtomicLong time = new AtomicLong();
        final List<Long> slept = new ArrayList<>();
        final KcopydThrottle.Clock busyClock = new KcopydThrottle.Clock()
        {
            @Override
            public long nanoTime()
            {
                return time.addAndGet(MS);
            }

            @Override
            public synchronized void sleepNanos(final long nanos)
            {
                slept.add(nanos);
                time.addAndGet(nanos);
            }
        };
        final KcopydThrottle throttle = new KcopydThrottle(10, JIFFIES, busyClock);
        final int jobs = 16;
        final FakeDevice src = new FakeDevice("src", jobs * 8L, Completion.ASYNC);
        final FakeDevice dst = new FakeDevice("dst", jobs * 8L, Completion.ASYNC);
        src.fillPattern(3);
        try (Kcopyd k = new Kcopyd("throttled", KcopydConfig.defaults().withThrottle(throttle)))
        {
            assertSame(throttle, k.throttle());
            final Recorder r = new Recorder(jobs).watching(k);
            for (int j = 0; j < jobs; j++)
            {
                k.copy(src, j * 8L, 8, dst, j * 8L, r, j);
            }
            r.await();
            assertEquals(0, r.offThread.get());
            assertArrayEquals(src.bytes(0, jobs * 8L), dst.bytes(0, jobs * 8L));
            awaitTrue(() -> throttle.ioJobsInFlight() == 0, "every I/O job finished");
            assertTrue(throttle.sleeps() > 0, "a 10% budget with a copier busy all the time must sleep");
            assertEquals(throttle.sleeps(), slept.size());
        }
        finally
        {
            src.close();
            dst.close();
        }
    }

    @Test
    void aSleepingWorkerHoldsBackLaterJobsOfItsClientOnly() throws Exception
    {
        // A clock whose sleep blocks until the test opens the gate: the worker stays inside the
        // throttle as long as the test wants, like a worker in a 100 ms sleep.
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch asleep = new CountDownLatch(1);
        final AtomicLong time = new AtomicLong();
        final KcopydThrottle.Clock gated = new KcopydThrottle.Clock()
        {
            @Override
            public long nanoTime()
            {
                return time.addAndGet(MS);
            }

            @Override
            public void sleepNanos(final long nanos)
            {
                asleep.countDown();
                try
                {
                    gate.await();
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
                time.addAndGet(nanos);
            }
        };
        final KcopydThrottle throttle = new KcopydThrottle(0, JIFFIES, gated);
        final FakeDevice src = new FakeDevice("src", 64, Completion.HELD);
        final FakeDevice dst = new FakeDevice("dst", 64, Completion.INLINE);
        try (Kcopyd k = new Kcopyd("gated", KcopydConfig.defaults().withThrottle(throttle)))
        {
            final Recorder r = new Recorder(4).watching(k);
            k.copy(src, 0, 8, dst, 0, r, 0);   // its read stays in flight (HELD): the group is busy
            awaitTrue(() -> src.heldCount() == 1, "the first read issued");
            k.copy(src, 8, 8, dst, 8, r, 1);   // over a 0% budget: the worker sleeps before this read
            assertTrue(asleep.await(5, TimeUnit.SECONDS), "the worker never slept");
            k.copy(src, 16, 8, dst, 16, r, 2);
            k.copy(src, 24, 8, dst, 24, r, 3);
            final CopierMemoryStats held = k.memory().stats();
            assertEquals(4, held.jobs(), "all four jobs hold a job object");
            assertEquals(2, held.pages(), "only the jobs the worker reached hold pages");
            assertEquals(1, src.heldCount(), "nothing else was issued while the worker slept");
            src.stopHolding();
            gate.countDown();
            r.await();
        }
        finally
        {
            gate.countDown();
            src.stopHolding();
            src.close();
            dst.close();
        }
    }
}
