package io.dmsnap.engine.concurrent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The state behind {@link LockDep}: the locks each thread holds, in acquisition order, and the
 * order graph between {@link LockClass}es learnt from them. Tests make their own instance; the
 * engine uses the one inside {@link LockDep}.
 *
 * <p>Rules (a subset of the kernel's lockdep): taking class B while holding class A records the
 * edge A -&gt; B, with the stack of that first acquisition. Before an edge is added, the graph is
 * searched for a path B -&gt; ... -&gt; A; if there is one, the two orders can deadlock and a
 * {@link Violation} is recorded (once per pair) with the stacks of the edges on that path and the
 * current stack, and the new edge is not added. Taking a class already held (two buckets of one
 * table, two snapshots' state locks during a handover) adds nothing: like the kernel's nesting
 * annotations, order within one class is left to the code. A release that finds no matching
 * acquisition on its thread (a read lock released by another thread) is ignored.
 *
 * <p>Cost, paid only when on: a thread-local lookup and a scan of the held locks per acquisition,
 * a concurrent map lookup per held lock; a stack trace only when an edge is new. The graph is
 * changed under this object's monitor, read without it (concurrent maps).
 *
 * <p>Thread safety: any thread.
 */
public final class LockOrderChecker
{
    private static final int MAX_HELD = 64;

    /** Edges: for each class, the classes taken while it was held, with the first such stack. */
    private final ConcurrentHashMap<LockClass, ConcurrentHashMap<LockClass, Edge>> after = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Violation> violations = new CopyOnWriteArrayList<>();
    private final Set<Long> reportedPairs = new HashSet<>();   // guarded by this
    private final boolean print;
    private final ThreadLocal<Held> held = ThreadLocal.withInitial(Held::new);

    /** A checker that records violations without printing them. */
    public LockOrderChecker()
    {
        this(false);
    }

    /** @param print whether to print each violation to standard error when it is recorded */
    LockOrderChecker(final boolean print)
    {
        this.print = print;
    }

    /** Before a blocking acquisition of {@code c} by the calling thread. */
    public void acquire(final LockClass c)
    {
        final Held h = held.get();
        for (int i = 0; i < h.depth; i++)
        {
            final LockClass outer = h.classes[i];
            if (outer != c)
            {
                ensureEdge(outer, c, h);
            }
        }
        h.push(c);
    }

    /** After the calling thread released {@code c}. */
    public void release(final LockClass c)
    {
        held.get().remove(c);
    }

    /** The classes the calling thread holds, outermost first. */
    public List<LockClass> held()
    {
        final Held h = held.get();
        return List.of(Arrays.copyOf(h.classes, h.depth));
    }

    public List<Violation> violations()
    {
        return List.copyOf(violations);
    }

    /** @throws LockOrderViolation listing every violation from index {@code from} on, if any */
    public void checkNoViolations(final int from)
    {
        final List<Violation> all = violations();
        if (all.size() <= from)
        {
            return;
        }
        final LockOrderViolation error = new LockOrderViolation(
            (all.size() - from) + " lock order violation(s); the first: " + all.get(from).message());
        for (int i = from; i < all.size(); i++)
        {
            error.addSuppressed(all.get(i).established());
            error.addSuppressed(all.get(i).current());
        }
        throw error;
    }

    /**
     * Forget the order learnt so far (the violations stay recorded): for a harness that runs
     * several variants of the engine in one JVM, whose orders need not agree with each other
     * (a historic variant takes its locks differently on purpose).
     */
    public synchronized void forgetOrder()
    {
        after.clear();
        reportedPairs.clear();
    }

    /** Every edge learnt so far, "A -> B" one per line, sorted. */
    public String describeOrder()
    {
        final List<String> lines = new ArrayList<>();
        after.forEach((from, tos) -> tos.keySet().forEach(to -> lines.add(from + " -> " + to)));
        lines.sort(null);
        return String.join("\n", lines);
    }

    private void ensureEdge(final LockClass outer, final LockClass inner, final Held h)
    {
        final Map<LockClass, Edge> known = after.get(outer);
        if (known != null && known.containsKey(inner))
        {
            return;   // the common case: an order seen before
        }
        final Violation v;
        synchronized (this)
        {
            final List<Edge> path = path(inner, outer);
            if (path == null)
            {
                after.computeIfAbsent(outer, k -> new ConcurrentHashMap<>())
                    .putIfAbsent(inner, new Edge(outer, inner, new StackAt(
                        Thread.currentThread().getName() + " took " + inner + " while holding " + outer)));
                return;
            }
            if (!reportedPairs.add(((long) outer.id() << 32) | inner.id()))
            {
                return;
            }
            v = new Violation(outer, inner, path, h.describe(), Thread.currentThread().getName());
            violations.add(v);
        }
        if (print)
        {
            System.err.println(v.report());
        }
    }

    /** A path of edges from {@code from} to {@code to}, or null; caller holds this. */
    private List<Edge> path(final LockClass from, final LockClass to)
    {
        final Map<LockClass, Edge> cameBy = new HashMap<>();
        final ArrayDeque<LockClass> queue = new ArrayDeque<>();
        queue.add(from);
        cameBy.put(from, null);
        while (!queue.isEmpty())
        {
            final LockClass at = queue.poll();
            if (at == to)
            {
                final List<Edge> edges = new ArrayList<>();
                for (Edge e = cameBy.get(at); e != null; e = cameBy.get(e.from))
                {
                    edges.add(0, e);
                }
                return edges;
            }
            final Map<LockClass, Edge> next = after.get(at);
            if (next != null)
            {
                for (final Edge e : next.values())
                {
                    if (!cameBy.containsKey(e.to))
                    {
                        cameBy.put(e.to, e);
                        queue.add(e.to);
                    }
                }
            }
        }
        return null;
    }

    /** One learnt order and the stack of the acquisition that first showed it. */
    private record Edge(LockClass from, LockClass to, StackAt stack)
    {
    }

    /**
     * A stack trace as a value: the place an acquisition happened, not an error. The checker's own
     * frames are cut off, so the first frame is the lock's (or its caller's).
     */
    static final class StackAt extends Throwable
    {
        private static final long serialVersionUID = 1L;

        StackAt(final String message)
        {
            super(message, null, false, true);
            final StackTraceElement[] frames = getStackTrace();
            int first = 0;
            while (first < frames.length - 1 && isChecker(frames[first].getClassName()))
            {
                first++;
            }
            setStackTrace(Arrays.copyOfRange(frames, first, frames.length));
        }

        private static boolean isChecker(final String className)
        {
            final String checker = LockOrderChecker.class.getName();
            return className.equals(checker) || className.startsWith(checker + "$") || className.equals(LockDep.class.getName());
        }
    }

    /**
     * One inversion: the calling thread took {@code inner} while holding {@code outer}, but the
     * graph already had the path {@code inner -> ... -> outer}.
     */
    public static final class Violation
    {
        private final LockClass outer;
        private final LockClass inner;
        private final List<Edge> established;
        private final StackAt current;

        Violation(final LockClass outer, final LockClass inner, final List<Edge> established,
                  final String heldNow, final String thread)
        {
            this.outer = outer;
            this.inner = inner;
            this.established = established;
            this.current = new StackAt(thread + " takes " + inner + " while holding " + heldNow);
        }

        public LockClass outer()
        {
            return outer;
        }

        public LockClass inner()
        {
            return inner;
        }

        /** One line: both orders. */
        public String message()
        {
            final StringBuilder order = new StringBuilder().append(inner);
            for (final Edge e : established)
            {
                order.append(" -> ").append(e.to);
            }
            return "lock order inversion: " + outer + " -> " + inner + " now, but " + order + " before";
        }

        /**
         * The stack that established the earlier order (the first edge of its path; the other
         * edges' stacks are attached as suppressed exceptions).
         */
        public Throwable established()
        {
            final Throwable first = established.get(0).stack;
            final StackAt copy = new StackAt(first.getMessage());
            copy.setStackTrace(first.getStackTrace());
            for (int i = 1; i < established.size(); i++)
            {
                copy.addSuppressed(established.get(i).stack);
            }
            return copy;
        }

        /** The stack of the acquisition that inverted the order. */
        public Throwable current()
        {
            return current;
        }

        /** The message, then both stacks, as the kernel's lockdep splat gives them. */
        public String report()
        {
            final StringBuilder s = new StringBuilder(message()).append('\n');
            s.append("-- the earlier order was established at:\n");
            for (final Edge e : established)
            {
                appendStack(s, e.stack);
            }
            s.append("-- the current acquisition:\n");
            appendStack(s, current);
            return s.toString();
        }

        private static void appendStack(final StringBuilder s, final Throwable t)
        {
            s.append("   ").append(t.getMessage()).append('\n');
            for (final StackTraceElement e : t.getStackTrace())
            {
                s.append("      at ").append(e).append('\n');
            }
        }

        @Override
        public String toString()
        {
            return message();
        }
    }

    /** One thread's held classes, outermost first. Owner thread only. */
    private static final class Held
    {
        LockClass[] classes = new LockClass[8];
        int depth;
        boolean overflowReported;

        void push(final LockClass c)
        {
            if (depth == classes.length)
            {
                if (depth == MAX_HELD)
                {
                    // More than any path of the engine nests: acquisitions whose release ran on
                    // another thread. Never fail the I/O for the checker's sake: say so once, and
                    // start this thread's record afresh.
                    if (!overflowReported)
                    {
                        overflowReported = true;
                        System.err.println("lockdep: " + Thread.currentThread().getName() + " holds more than "
                            + MAX_HELD + " locks by its record (released on other threads?); its record restarts: "
                            + describe());
                    }
                    Arrays.fill(classes, null);
                    depth = 0;
                }
                else
                {
                    classes = Arrays.copyOf(classes, depth * 2);
                }
            }
            classes[depth++] = c;
        }

        void remove(final LockClass c)
        {
            for (int i = depth - 1; i >= 0; i--)
            {
                if (classes[i] == c)
                {
                    System.arraycopy(classes, i + 1, classes, i, depth - i - 1);
                    classes[--depth] = null;
                    return;
                }
            }
        }

        String describe()
        {
            return Arrays.toString(Arrays.copyOf(classes, depth));
        }
    }
}
