package io.dmsnap.jcstress;

import io.dmsnap.engine.concurrent.CompletionStack;
import io.dmsnap.engine.concurrent.SingleWaiter;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIZ_Result;
import org.openjdk.jcstress.infra.results.ZZ_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Many completers, one waiter ({@link CompletionStack} over {@link SingleWaiter}): a completer
 * publishes (its CAS onto the stack) and then wakes; the waiter announces its park and then
 * re-checks. After Agrona's {@code DekkerTests}: the two halves must never both miss each other,
 * so no wake-up is lost and no completion is taken twice or dropped.
 */
public final class CompletionStackStress
{
    private CompletionStackStress()
    {
    }

    /** A completion: carries its own link, as a bio or an I/O slot does. */
    static final class Item implements CompletionStack.Node<Item>
    {
        final int value;
        private Item next;

        Item(final int value)
        {
            this.value = value;
        }

        @Override
        public Item stackNext()
        {
            return next;
        }

        @Override
        public void stackNext(final Item n)
        {
            next = n;
        }
    }

    /**
     * The Dekker pair itself. The waker publishes an event (a volatile write) and then wakes; the
     * owner announces its park and then reads the event. r1: the waker unparked the owner; r2: the
     * owner saw the event. FORBIDDEN: neither (the owner would park with nobody to wake it).
     */
    @JCStressTest
    @Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the owner missed the event; the waker saw the park and unparked")
    @Outcome(id = "false, true", expect = ACCEPTABLE, desc = "the owner saw the event: no park, no unpark")
    @Outcome(id = "true, true", expect = ACCEPTABLE, desc = "both saw each other (one unpark too many, harmless)")
    @Outcome(id = "false, false", expect = FORBIDDEN, desc = "both missed each other: a lost wake-up")
    @State
    public static class Dekker
    {
        private final SingleWaiter waiter = new SingleWaiter();
        private volatile int event;

        @Actor
        public void waker(final ZZ_Result r)
        {
            event = 1;               // publish (volatile write)
            r.r1 = waiter.wake();    // then read the announcement
        }

        @Actor
        public void owner(final ZZ_Result r)
        {
            waiter.bind(Thread.currentThread());   // before the announcement, so a waker that sees it unparks this thread
            waiter.prepareToPark();   // announce (volatile write)
            r.r2 = event == 1;        // then re-check (volatile read)
        }
    }

    /**
     * Two completers push one item each while the owner awaits both. Outcome: the sum of the values
     * taken (1 + 2), the items taken, whether the owner had to be rescued (not woken within 5 s).
     * FORBIDDEN: a rescue (a lost wake-up), an item lost or taken twice.
     */
    @JCStressTest
    @Outcome(id = "3, 2, false", expect = ACCEPTABLE, desc = "both completions taken once, the owner woken when it slept")
    @Outcome(expect = FORBIDDEN, desc = "a lost wake-up (the owner had to be interrupted), or an item lost or doubled")
    @State
    public static class TwoCompletersOneWaiter
    {
        private final CompletionStack<Item> stack = new CompletionStack<>();
        private final WakeUpWatch watch = new WakeUpWatch();
        private final Item one = new Item(1);
        private final Item two = new Item(2);

        @Actor
        public void owner(final IIZ_Result r)
        {
            stack.bind(Thread.currentThread());
            watch.enter();
            int sum = 0;
            int taken = 0;
            while (taken < 2 && !Thread.currentThread().isInterrupted())
            {
                for (Item i = stack.await(Long.MAX_VALUE); i != null; i = i.stackNext())
                {
                    sum += i.value;
                    taken++;
                }
            }
            r.r3 = !watch.leave();
            r.r1 = sum;
            r.r2 = taken;
        }

        @Actor
        public void completerOne()
        {
            stack.push(one);
        }

        @Actor
        public void completerTwo()
        {
            stack.push(two);
            watch.awaitLeave();
        }

        @Arbiter
        public void arbiter(final IIZ_Result r)
        {
            if (!stack.isEmpty())
            {
                r.r2 += 100;   // something left behind: makes the outcome FORBIDDEN
            }
        }
    }

    /**
     * The same in jcstress's termination mode: the owner awaits one completion, the signal pushes
     * it. FORBIDDEN: STALE (the owner was never woken).
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the push woke the owner")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the owner was never woken: a lost wake-up")
    @State
    public static class WakeUpTerminates
    {
        private final CompletionStack<Item> stack = new CompletionStack<>();
        private final Item item = new Item(1);

        @Actor
        public void owner()
        {
            stack.bind(Thread.currentThread());
            // jcstress interrupts a stale actor; leave then instead of spinning through park().
            while (stack.await(Long.MAX_VALUE) == null && !Thread.currentThread().isInterrupted())
            {
                Thread.onSpinWait();
            }
        }

        @Signal
        public void completer()
        {
            stack.push(item);
        }
    }
}
