package io.dmsnap.engine.concurrent;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventCountTest
{
    private static final LockClass MONITOR = LockClass.named("test event count");
    private static final long BOUND_SECONDS = 30;

    @Test
    void advanceWithoutWaitersOnlyCounts()
    {
        final EventCount count = new EventCount(MONITOR);
        count.advance();
        count.advance();
        assertEquals(2, count.get());
        assertEquals(0, count.waiters());
    }

    @Test
    void awaitReturnsAtOnceWhenTheCountHasMoved() throws InterruptedException
    {
        final EventCount count = new EventCount(MONITOR);
        count.advance();
        assertEquals(1, count.await(0));
        assertEquals(0, count.waiters());
    }

    @Test
    void aRegisteredWaiterIsWokenByTheNextAdvance() throws Exception
    {
        final EventCount count = new EventCount(MONITOR);
        final AtomicLong seen = new AtomicLong(-1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread waiter = new Thread(() ->
        {
            try
            {
                seen.set(count.await(0));
            }
            catch (final Throwable e)
            {
                failure.set(e);
            }
        }, "merge");
        waiter.start();
        // Advance only once the waiter is registered, so the wake-up path is the one tested.
        while (count.waiters() == 0 && waiter.isAlive())
        {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.WAITING, awaitState(waiter));
        count.advance();
        waiter.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        assertFalse(waiter.isAlive(), "the waiter was not woken");
        assertEquals(null, failure.get());
        assertEquals(1, seen.get());
        assertEquals(0, count.waiters());
    }

    /**
     * The lost-wake-up race, many times over: a waiter waits for each new value while advancers
     * race with its registration. Every round must end; a lost wake-up leaves the waiter asleep and
     * the bounded join fails.
     */
    @Test
    void noWakeUpIsLostWhenAdvancersRaceTheRegistration() throws Exception
    {
        final EventCount count = new EventCount(MONITOR);
        final int rounds = 20_000;
        final CountDownLatch go = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread waiter = new Thread(() ->
        {
            try
            {
                go.await();
                long seen = 0;
                while (seen < rounds)
                {
                    seen = count.await(seen);
                }
            }
            catch (final Throwable e)
            {
                failure.set(e);
            }
        }, "waiter");
        final Thread advancer = new Thread(() ->
        {
            try
            {
                go.await();
                for (int i = 0; i < rounds; i++)
                {
                    count.advance();
                    if ((i & 7) == 0)
                    {
                        Thread.yield();   // let the waiter register between some advances
                    }
                }
            }
            catch (final Throwable e)
            {
                failure.set(e);
            }
        }, "advancer");
        waiter.start();
        advancer.start();
        go.countDown();
        advancer.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        waiter.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        assertFalse(waiter.isAlive(), "a wake-up was lost: the waiter still sleeps at " + count);
        assertEquals(null, failure.get());
        assertEquals(rounds, count.get());
        assertEquals(0, count.waiters());
    }

    @Test
    void anInterruptedWaiterLeavesItsRegistration() throws Exception
    {
        final EventCount count = new EventCount(MONITOR);
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final Thread waiter = new Thread(() ->
        {
            try
            {
                count.await(0);
            }
            catch (final Throwable e)
            {
                thrown.set(e);
            }
        });
        waiter.start();
        while (count.waiters() == 0)
        {
            Thread.onSpinWait();
        }
        waiter.interrupt();
        waiter.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        assertEquals(0, count.waiters());
    }

    private static Thread.State awaitState(final Thread t) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (t.getState() != Thread.State.WAITING && t.isAlive() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        return t.getState();
    }
}
