package io.dmsnap.engine.snap;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.MappedDevice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The module's done counter ({@code _pending_exceptions_done_count}): every pending_complete moves
 * it, and a thread waiting for it to move (as a merge does) is woken by the next copy-on-write.
 */
@Timeout(60)
class PendingExceptionsDoneTest
{
    @Test
    void eachCopyOnWriteCountsOnceAndWakesAWaiter() throws Exception
    {
        final SnapStack stack = new SnapStack(EngineConfig.current(), 1 << 14);
        stack.addSnapshot("snap", 1 << 14, "N", 8);
        final Origins origins = Origins.of(stack.dm);
        final MappedDevice origin = stack.origin;
        final long before = origins.pendingExceptionsDone();

        final AtomicLong woken = new AtomicLong(-1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread merge = new Thread(() ->
        {
            try
            {
                woken.set(origins.awaitPendingExceptionDone(before));
            }
            catch (final Throwable e)
            {
                failure.set(e);
            }
        }, "merge");
        merge.start();
        while (merge.getState() != Thread.State.WAITING && merge.isAlive())
        {
            Thread.sleep(1);   // until it sleeps on the wait queue: the wake-up path is what is tested
        }

        assertEquals(0, SnapStack.write(origin, 0, SnapStack.pattern(0, 1, 0)));   // first write: one COW
        merge.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(merge.isAlive(), "the waiter was not woken by the copy-on-write");
        assertEquals(null, failure.get());
        assertEquals(before + 1, woken.get());

        assertEquals(0, SnapStack.write(origin, 0, SnapStack.pattern(0, 2, 0)));   // same chunk: no COW
        assertEquals(0, SnapStack.write(origin, 64, SnapStack.pattern(8, 1, 0)));  // another chunk: one more
        assertEquals(before + 2, origins.pendingExceptionsDone());
    }
}
