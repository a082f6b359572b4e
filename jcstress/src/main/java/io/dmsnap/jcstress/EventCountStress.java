package io.dmsnap.jcstress;

import io.dmsnap.engine.concurrent.EventCount;
import io.dmsnap.engine.concurrent.LockClass;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JZI_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The done counter's wait queue ({@code _pending_exceptions_done}, {@link EventCount}): an
 * advancer counts without a lock and wakes only a registered waiter; the waiter registers, then
 * re-checks. The Dekker pair must never lose the wake-up (Agrona's {@code DekkerTests} is the
 * model).
 */
public final class EventCountStress
{
    private static final LockClass MONITOR = LockClass.named("jcstress event count");

    private EventCountStress()
    {
    }

    /**
     * One waiter waits for the count to leave 0; one advancer moves it concurrently. Outcome: the
     * value the waiter returned with, whether it had to be rescued (not woken within 5 s), the
     * waiters still registered at the end. FORBIDDEN: a rescue (a lost wake-up), any other value.
     */
    @JCStressTest
    @Outcome(id = "1, false, 0", expect = ACCEPTABLE, desc = "woken by the advance, or saw it before sleeping")
    @Outcome(expect = FORBIDDEN, desc = "the wake-up was lost (the waiter had to be interrupted) or a wrong value")
    @State
    public static class WakeUpNeverLost
    {
        private final EventCount count = new EventCount(MONITOR);
        private final WakeUpWatch watch = new WakeUpWatch();

        @Actor
        public void waiter(final JZI_Result r)
        {
            watch.enter();
            try
            {
                r.r1 = count.await(0);
            }
            catch (final InterruptedException e)
            {
                r.r1 = -1;
            }
            r.r2 = !watch.leave();
        }

        @Actor
        public void advancer()
        {
            count.advance();
            watch.awaitLeave();
        }

        @Arbiter
        public void arbiter(final JZI_Result r)
        {
            r.r3 = count.waiters();
        }
    }

    /**
     * The same property in jcstress's termination mode: the waiter waits, the signal advances.
     * FORBIDDEN: STALE (the waiter was never woken).
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the advance released the waiter")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the waiter was never woken: a lost wake-up")
    @State
    public static class WakeUpTerminates
    {
        private final EventCount count = new EventCount(MONITOR);

        @Actor
        public void waiter()
        {
            try
            {
                count.await(0);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();   // jcstress interrupts a stale actor: leave
            }
        }

        @Signal
        public void advancer()
        {
            count.advance();
        }
    }
}
