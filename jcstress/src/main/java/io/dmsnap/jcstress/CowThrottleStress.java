package io.dmsnap.jcstress;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches.Throttle;
import io.dmsnap.engine.snap.CowThrottle;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.ZZJ_Result;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The in-progress COW throttle (b2155578): writers wait in {@code waitForInProgress} while more
 * than {@code cow_threshold} copies are in flight, and the end of a copy wakes them. A lost
 * wake-up would hang a writer; the tests bound every wait ({@link WakeUpWatch}, or jcstress's
 * termination mode) so that it shows as a FORBIDDEN outcome instead.
 */
public final class CowThrottleStress
{
    private static final EngineConfig IN_PROGRESS = EngineConfig.current().with(Throttle.IN_PROGRESS);
    private static final EngineConfig THRESHOLD_0 = IN_PROGRESS.withCowThreshold(0);
    private static final EngineConfig THRESHOLD_1 = IN_PROGRESS.withCowThreshold(1);

    private CowThrottleStress()
    {
    }

    /** A throttle of {@code config} with one copy already in flight. */
    static CowThrottle withOneCopyInFlight(final EngineConfig config)
    {
        final CowThrottle throttle = CowThrottle.create(config);
        throttle.accountStartCopy();
        return throttle;
    }

    /**
     * Threshold 0, one copy in flight: one writer waits, the copy ends concurrently. Outcome:
     * whether the writer slept, whether it had to be rescued (not woken within 5 s), copies in
     * flight at the end. FORBIDDEN: any rescue (a lost wake-up), a count other than 0.
     */
    @JCStressTest
    @Outcome(id = "false, false, 0", expect = ACCEPTABLE, desc = "the copy ended before the check: no wait")
    @Outcome(id = "true, false, 0", expect = ACCEPTABLE, desc = "slept and was woken by the end of the copy")
    @Outcome(expect = FORBIDDEN, desc = "the wake-up was lost (the writer had to be interrupted) or the count is wrong")
    @State
    public static class WakeUpNeverLost
    {
        private final CowThrottle throttle = withOneCopyInFlight(THRESHOLD_0);
        private final WakeUpWatch watch = new WakeUpWatch();

        @Actor
        public void writer(final ZZJ_Result r)
        {
            watch.enter();
            r.r1 = throttle.waitForInProgress(null);
            r.r2 = !watch.leave();
        }

        @Actor
        public void copyEnds()
        {
            throttle.accountEndCopy();
            watch.awaitLeave();
        }

        @Arbiter
        public void arbiter(final ZZJ_Result r)
        {
            r.r3 = throttle.inFlight();
        }
    }

    /**
     * The same property in jcstress's termination mode: the writer waits (re-checking after each
     * wake-up, as the kernel's caller does), the signal ends the copy. FORBIDDEN: STALE (the writer
     * was never woken).
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the end of the copy released the writer")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the writer was never woken: a lost wake-up")
    @State
    public static class WakeUpTerminates
    {
        private final CowThrottle throttle = withOneCopyInFlight(THRESHOLD_0);

        @Actor
        public void writer()
        {
            // jcstress interrupts a stale actor; stop then instead of spinning through wait().
            while (throttle.waitForInProgress(null) && !Thread.currentThread().isInterrupted())
            {
                Thread.onSpinWait();
            }
        }

        @Signal
        public void copyEnds()
        {
            throttle.accountEndCopy();
        }
    }

    /**
     * Threshold 1, one copy in flight (at the threshold, so a check passes): two writers each check
     * and then start a copy. A writer that sleeps is released by the other writer, which plays the
     * copier and ends the first copy once the sleeper is queued (nothing else would).
     *
     * <p>Outcome per writer (r1, r2): 0 = passed having seen at most 1 in flight, 1 = slept and was
     * woken, 2 = passed although it had already seen 2 in flight before its check (more than the
     * threshold let through; copies in flight only rise until someone sleeps, so a writer that saw 2
     * must sleep), 3 = slept and had to be rescued (a lost wake-up). r3 = copies in flight at the
     * end, r4 = the peak.
     *
     * <p>The limit is soft: the check and the start are separate steps, as in the kernel, so both
     * writers may pass while each sees 1 and three copies are in flight with threshold 1. That is
     * ACCEPTABLE_INTERESTING. FORBIDDEN: both sleeping (impossible without an extra copy), a writer
     * passing over the limit, a rescue, any other count.
     */
    @JCStressTest
    @Outcome(id = "0, 0, 3, 3", expect = ACCEPTABLE_INTERESTING,
        desc = "soft limit: both passed the check at 1 in flight, so 3 are in flight with threshold 1")
    @Outcome(id = {"1, 0, 2, 2", "0, 1, 2, 2"}, expect = ACCEPTABLE,
        desc = "the later writer saw 2 > 1 and slept until the first copy ended")
    @Outcome(expect = FORBIDDEN, desc = "over the limit, both slept, a lost wake-up, or a wrong count")
    @State
    public static class SoftLimitTwoWriters
    {
        private static final int PASSED = 0;
        private static final int SLEPT = 1;
        private static final int PASSED_OVER_LIMIT = 2;
        private static final int RESCUED = 3;
        private static final long THRESHOLD = 1;

        private final CowThrottle throttle = withOneCopyInFlight(THRESHOLD_1);
        private final WakeUpWatch firstWatch = new WakeUpWatch();
        private final WakeUpWatch secondWatch = new WakeUpWatch();
        /** The initial copy is ended at most once, by whichever writer finds the other asleep. */
        private final AtomicBoolean initialEnded = new AtomicBoolean();

        @Actor
        public void first(final IIII_Result r)
        {
            r.r1 = checkThenStart(firstWatch);
            releaseIfAsleep(secondWatch);
        }

        @Actor
        public void second(final IIII_Result r)
        {
            r.r2 = checkThenStart(secondWatch);
            releaseIfAsleep(firstWatch);
        }

        @Arbiter
        public void arbiter(final IIII_Result r)
        {
            r.r3 = (int) throttle.inFlight();
            r.r4 = (int) throttle.peakInFlight();
        }

        /** A writer: the kernel's check-and-retry loop, then the start of its copy. */
        private int checkThenStart(final WakeUpWatch watch)
        {
            // Volatile read before the check. The count read here is at most the throttle's own
            // in-progress count (raised first, under its monitor) and nothing ends a copy before
            // a writer sleeps, so a writer that sees more than the threshold here must sleep.
            final long seen = throttle.inFlight();
            watch.enter();
            boolean slept = false;
            while (throttle.waitForInProgress(null))
            {
                slept = true;
                if (Thread.currentThread().isInterrupted())
                {
                    break;   // rescued by the other writer; leave() below clears the interrupt
                }
            }
            final boolean byItself = watch.leave();
            throttle.accountStartCopy();
            if (!byItself)
            {
                return RESCUED;
            }
            if (slept)
            {
                return SLEPT;
            }
            return seen > THRESHOLD ? PASSED_OVER_LIMIT : PASSED;
        }

        /**
         * The other writer may be asleep (it saw this writer's copy on top of the first one). Wait
         * until it has left or is queued in the throttle; once it is queued, end the first copy,
         * which must wake it, and wait (bounded, see {@link WakeUpWatch}) for it to leave.
         */
        private void releaseIfAsleep(final WakeUpWatch other)
        {
            int spins = 0;
            while (!other.hasLeft())
            {
                // waiters() reads under the throttle's monitor: a writer counted there is past its
                // last check and will be woken by an end of copy that brings the count to 1.
                if (throttle.waiters() > 0)
                {
                    if (initialEnded.compareAndSet(false, true))
                    {
                        throttle.accountEndCopy();
                    }
                    other.awaitLeave();
                    return;
                }
                if (++spins < 1000)
                {
                    Thread.onSpinWait();
                }
                else
                {
                    Thread.yield();
                }
            }
        }
    }
}
