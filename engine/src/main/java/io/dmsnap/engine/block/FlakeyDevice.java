package io.dmsnap.engine.block;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * A fault-injection wrapper in the spirit of {@code dm-flakey}: I/O passes to {@code inner}
 * unless a rule selects it, and a selected bio is failed, dropped, delayed or held.
 *
 * <ul>
 *   <li>{@link #fail}: complete with an error status ({@link BlkStatus#IOERR} by default) without
 *       passing the bio down.</li>
 *   <li>{@link #drop}: complete with {@link BlkStatus#OK} without passing down (a lost write, or
 *       a flush a lying cache acknowledges). Never applies to READ: a drop rule does not select reads.</li>
 *   <li>{@link #delay}: pass the bio down after the given number of nanoseconds (from a timer thread
 *       of this device), so later I/O may overtake it.</li>
 *   <li>{@link #hold}: keep the bio until the test calls {@link Hold#release()} or
 *       {@link Hold#releaseAll()}, which pass held bios down in arrival order.</li>
 * </ul>
 *
 * <p>Rules are checked in the order they were added; the first one that selects a bio acts on
 * it. A {@link Selector} chooses by operation, sector range, a count window (skip the first k
 * bios the selector matches, then act on the next n) and any {@link Predicate}.
 *
 * <p>Thread safety: {@link #submit} from any thread; rules may be added and removed while I/O
 * runs. The rule set is a copy-on-write array behind one volatile field: with no rules the pass
 * through costs that one volatile read. A rule added or removed concurrently with a submit may or
 * may not apply to that bio. This wrapper keeps no counters of its own (the inner device does);
 * each rule counts the bios it acted on.
 */
public final class FlakeyDevice implements BlockDevice
{
    /** What a rule does to a selected bio. */
    public enum Action
    {
        FAIL,
        DROP,
        DELAY,
        HOLD
    }

    private static final Rule[] NO_RULES = new Rule[0];

    private final String name;
    private final BlockDevice inner;
    /** Copy-on-write; replaced under {@code this} lock, read with one volatile load per submit. */
    private volatile Rule[] rules = NO_RULES;
    /** Timer for delay rules, created with the first one; guarded by {@code this}. */
    private ScheduledThreadPoolExecutor timer;
    /** The first exception a delayed bio's pass down threw on the timer thread (see {@link #submitDelayed}). */
    private final AtomicReference<Throwable> timerFailure = new AtomicReference<>();

    public FlakeyDevice(final String name, final BlockDevice inner)
    {
        this.name = name;
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    public BlockDevice inner()
    {
        return inner;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public long sizeSectors()
    {
        return inner.sizeSectors();
    }

    @Override
    public int logicalBlockSize()
    {
        return inner.logicalBlockSize();
    }

    @Override
    public boolean supportsDiscard()
    {
        return inner.supportsDiscard();
    }

    @Override
    public void submit(final Bio bio)
    {
        final Rule[] current = rules;
        for (final Rule rule : current)
        {
            if (rule.selects(bio))
            {
                rule.apply(bio);
                return;
            }
        }
        inner.submit(bio);
    }

    /** Fail selected bios with {@link BlkStatus#IOERR}. */
    public Rule fail(final Selector selector)
    {
        return fail(selector, BlkStatus.IOERR);
    }

    /** Fail selected bios with {@code status}. */
    public Rule fail(final Selector selector, final int status)
    {
        return add(new Rule(this, Action.FAIL, selector, status, 0, null));
    }

    /** Complete selected non-READ bios with OK without passing them down. */
    public Rule drop(final Selector selector)
    {
        return add(new Rule(this, Action.DROP, selector, BlkStatus.OK, 0, null));
    }

    /** Pass selected bios down after {@code nanos} nanoseconds. */
    public Rule delay(final Selector selector, final long nanos)
    {
        if (nanos < 0)
        {
            throw new IllegalArgumentException("negative delay " + nanos);
        }
        synchronized (this)
        {
            if (timer == null)
            {
                timer = new ScheduledThreadPoolExecutor(1, r ->
                {
                    final Thread t = new Thread(r, "flakey-" + name + "-delay");
                    t.setDaemon(true);
                    return t;
                });
            }
        }
        return add(new Rule(this, Action.DELAY, selector, BlkStatus.OK, nanos, null));
    }

    /** Hold selected bios until the returned handle releases them. */
    public Hold hold(final Selector selector)
    {
        final Hold hold = new Hold(this);
        hold.rule = add(new Rule(this, Action.HOLD, selector, BlkStatus.OK, 0, hold));
        return hold;
    }

    /**
     * Stop applying {@code rule} to new bios; bios it already holds or delays are not affected. A
     * bio whose submitter chose a hold rule just before its removal passes down, so that releasing
     * a hold after removing its rule leaves nothing held.
     *
     * @return whether the rule was active
     */
    public synchronized boolean remove(final Rule rule)
    {
        final Rule[] current = rules;
        for (int i = 0; i < current.length; i++)
        {
            if (current[i] == rule)
            {
                if (rule.hold != null)
                {
                    rule.hold.stopHolding();
                }
                final Rule[] next = new Rule[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                rules = next;   // volatile write publishes the new array
                return true;
            }
        }
        return false;
    }

    /** Remove every rule; I/O passes straight through from now on (see {@link #remove} for holds). */
    public synchronized void clearRules()
    {
        for (final Rule rule : rules)
        {
            if (rule.hold != null)
            {
                rule.hold.stopHolding();
            }
        }
        rules = NO_RULES;
    }

    /** The active rules in evaluation order. */
    public Rule[] rules()
    {
        return rules.clone();
    }

    /**
     * Remove every rule, fail every held bio with {@link BlkStatus#IOERR} and stop the timer once
     * the delayed bios were passed down. The inner device stays open: it belongs to the caller.
     */
    @Override
    public void close()
    {
        final Rule[] old;
        synchronized (this)
        {
            old = rules;
            for (final Rule rule : old)
            {
                if (rule.hold != null)
                {
                    rule.hold.stopHolding();
                }
            }
            rules = NO_RULES;
            if (timer != null)
            {
                timer.shutdown();
            }
        }
        for (final Rule rule : old)
        {
            if (rule.hold != null)
            {
                rule.hold.failAll();
            }
        }
    }

    private synchronized Rule add(final Rule rule)
    {
        final Rule[] current = rules;
        final Rule[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = rule;
        rules = next;   // volatile write publishes the new array
        return rule;
    }

    private void schedule(final Bio bio, final long nanos)
    {
        final ScheduledThreadPoolExecutor t;
        synchronized (this)
        {
            t = timer;
        }
        try
        {
            t.schedule(() -> submitDelayed(bio), nanos, TimeUnit.NANOSECONDS);
        }
        catch (final RuntimeException e)
        {
            bio.complete(BlkStatus.IOERR);   // closed: the timer no longer accepts work
        }
    }

    /**
     * Pass a delayed bio down on the timer thread. The device below may complete it right here and
     * run the whole completion chain above it; whatever that chain throws would otherwise vanish in
     * the timer's future, leaving a bio that never completes, so it is kept for {@link #timerFailure()}.
     */
    private void submitDelayed(final Bio bio)
    {
        try
        {
            inner.submit(bio);
        }
        catch (RuntimeException | Error e)
        {
            timerFailure.compareAndSet(null, e);
        }
    }

    /** The first exception thrown while a delayed bio was passed down (by the device or its completion chain), or null. */
    public Throwable timerFailure()
    {
        return timerFailure.get();
    }

    @Override
    public String toString()
    {
        return "flakey " + name + " over " + inner.name() + ", " + rules.length + " rules";
    }

    /**
     * Which bios a rule applies to. Immutable: every method returns a new selector. The default
     * selects every bio.
     */
    public static final class Selector
    {
        private final EnumSet<BioOp> ops;
        private final long fromSector;
        private final long toSector;
        private final long skip;
        private final long count;
        private final Predicate<Bio> predicate;

        private Selector(final EnumSet<BioOp> ops, final long fromSector, final long toSector, final long skip,
                         final long count, final Predicate<Bio> predicate)
        {
            this.ops = ops;
            this.fromSector = fromSector;
            this.toSector = toSector;
            this.skip = skip;
            this.count = count;
            this.predicate = predicate;
        }

        /** Every bio. */
        public static Selector all()
        {
            return new Selector(EnumSet.allOf(BioOp.class), 0, Long.MAX_VALUE, 0, Long.MAX_VALUE, null);
        }

        /** Bios with one of {@code ops}. */
        public static Selector ops(final BioOp first, final BioOp... more)
        {
            return all().op(first, more);
        }

        /** Only bios with one of these operations. */
        public Selector op(final BioOp first, final BioOp... more)
        {
            return new Selector(EnumSet.of(first, more), fromSector, toSector, skip, count, predicate);
        }

        /**
         * Only bios that overlap {@code [fromSector, toSector)}; FLUSH bios carry no range and
         * never match a selector with a sector range.
         */
        public Selector sectors(final long fromSector, final long toSector)
        {
            return new Selector(ops, fromSector, toSector, skip, count, predicate);
        }

        /** Let the first {@code skip} matching bios pass untouched. */
        public Selector skip(final long skip)
        {
            return new Selector(ops, fromSector, toSector, skip, count, predicate);
        }

        /** Act on at most {@code count} matching bios after the skipped ones; unlimited by default. */
        public Selector count(final long count)
        {
            return new Selector(ops, fromSector, toSector, skip, count, predicate);
        }

        /** Only bios for which {@code predicate} is true (called on the submitting thread; must not block). */
        public Selector where(final Predicate<Bio> predicate)
        {
            return new Selector(ops, fromSector, toSector, skip, count,
                this.predicate == null ? predicate : this.predicate.and(predicate));
        }

        boolean matches(final Bio bio)
        {
            if (!ops.contains(bio.op()))
            {
                return false;
            }
            if (fromSector != 0 || toSector != Long.MAX_VALUE)
            {
                if (bio.op() == BioOp.FLUSH
                    || bio.sector() >= toSector || bio.sector() + bio.sectors() <= fromSector)
                {
                    return false;
                }
            }
            return predicate == null || predicate.test(bio);
        }
    }

    /** One active rule: a selector and an action. */
    public static final class Rule
    {
        private final FlakeyDevice device;
        private final Action action;
        private final Selector selector;
        private final int status;
        private final long delayNanos;
        private final Hold hold;
        /** Matches seen so far; each matching bio takes a unique ticket with an atomic increment. */
        private final AtomicLong matches = new AtomicLong();
        private final LongAdder applied = new LongAdder();

        private Rule(final FlakeyDevice device, final Action action, final Selector selector, final int status,
                     final long delayNanos, final Hold hold)
        {
            this.device = device;
            this.action = action;
            this.selector = Objects.requireNonNull(selector, "selector");
            this.status = status;
            this.delayNanos = delayNanos;
            this.hold = hold;
        }

        public Action action()
        {
            return action;
        }

        /** How many bios this rule acted on. */
        public long applied()
        {
            return applied.sum();
        }

        /** Stop applying this rule; same as {@link FlakeyDevice#remove}. */
        public boolean remove()
        {
            return device.remove(this);
        }

        boolean selects(final Bio bio)
        {
            if (action == Action.DROP && bio.op() == BioOp.READ)
            {
                return false;
            }
            if (!selector.matches(bio))
            {
                return false;
            }
            final long ticket = matches.getAndIncrement();
            return ticket >= selector.skip && ticket - selector.skip < selector.count;
        }

        void apply(final Bio bio)
        {
            applied.increment();
            switch (action)
            {
                case FAIL:
                    bio.complete(status);
                    break;
                case DROP:
                    bio.complete(BlkStatus.OK);
                    break;
                case DELAY:
                    device.schedule(bio, delayNanos);
                    break;
                default:
                    hold.add(bio);
                    break;
            }
        }
    }

    /** The bios a hold rule keeps, and the test's handle to wait for and release them. */
    public static final class Hold
    {
        private final FlakeyDevice device;
        /** Guarded by {@code this}; waiters use wait/notifyAll on it. */
        private final ArrayDeque<Bio> held = new ArrayDeque<>();
        private long total;
        private Rule rule;
        /** Set once the rule was removed; guarded by {@code this}. */
        private boolean stopped;

        private Hold(final FlakeyDevice device)
        {
            this.device = device;
        }

        /** The rule that fills this hold (remove it to stop holding new bios). */
        public Rule rule()
        {
            return rule;
        }

        /** Bios held now. */
        public synchronized int heldCount()
        {
            return held.size();
        }

        /** Bios ever held by this rule, released or not. */
        public synchronized long totalHeld()
        {
            return total;
        }

        /** Wait until at least one bio is held; false on timeout. */
        public boolean awaitHeld(final long timeout, final TimeUnit unit) throws InterruptedException
        {
            return awaitHeld(1, timeout, unit);
        }

        /** Wait until at least {@code count} bios are held at once; false on timeout. */
        public synchronized boolean awaitHeld(final int count, final long timeout, final TimeUnit unit)
            throws InterruptedException
        {
            final long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (held.size() < count)
            {
                final long left = deadline - System.nanoTime();
                if (left <= 0)
                {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        /** Pass the oldest held bio down to the inner device on this thread; null when none is held. */
        public Bio release()
        {
            final Bio bio;
            synchronized (this)
            {
                bio = held.pollFirst();
            }
            if (bio != null)
            {
                device.inner.submit(bio);
            }
            return bio;
        }

        /** Pass every held bio down, oldest first; returns how many. */
        public int releaseAll()
        {
            int n = 0;
            while (release() != null)
            {
                n++;
            }
            return n;
        }

        /** Complete every held bio with {@link BlkStatus#IOERR} without passing it down; returns how many. */
        public int failAll()
        {
            int n = 0;
            while (true)
            {
                final Bio bio;
                synchronized (this)
                {
                    bio = held.pollFirst();
                }
                if (bio == null)
                {
                    return n;
                }
                bio.complete(BlkStatus.IOERR);
                n++;
            }
        }

        /**
         * The rule is gone: a submitter that read the rules before their removal may still arrive
         * here, after the test released what was held; such a bio passes down instead of staying
         * held with nobody left to release it.
         */
        private synchronized void stopHolding()
        {
            stopped = true;
        }

        private void add(final Bio bio)
        {
            synchronized (this)
            {
                if (!stopped)
                {
                    held.addLast(bio);
                    total++;
                    notifyAll();
                    return;
                }
            }
            device.inner.submit(bio);
        }
    }
}
