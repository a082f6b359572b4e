package io.dmsnap.engine.snap;

import io.dmsnap.engine.config.Switches.CommitOrder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The out-of-order structures of the in-order commit stage, without a snapshot around them. */
class CompletionOrderTest
{
    private static PendingException pe(final long seq)
    {
        final PendingException p = new PendingException(null);
        p.init(seq);
        p.sequence = seq;
        return p;
    }

    @Test
    void rbTreeKeepsInvariantsUnderRandomParkAndTake()
    {
        final RbTreeOrder tree = new RbTreeOrder(pe -> { });
        final TreeSet<Long> model = new TreeSet<>();
        final Random rnd = new Random(1);
        final List<PendingException> all = new ArrayList<>();
        for (long i = 0; i < 5000; i++)
        {
            all.add(pe(i));
        }
        Collections.shuffle(all, rnd);
        int next = 0;
        for (int step = 0; step < 20000; step++)
        {
            if (next < all.size() && (model.isEmpty() || rnd.nextInt(3) != 0))
            {
                final PendingException p = all.get(next++);
                tree.park(p);
                model.add(p.sequence);
            }
            else if (!model.isEmpty())
            {
                final PendingException first = tree.first();
                assertEquals(model.first(), first.sequence);
                tree.removeFirst(first);
                model.remove(first.sequence);
            }
            if (step % 97 == 0)
            {
                tree.verify();
            }
            assertEquals(model.size(), tree.parked());
        }
        tree.verify();
    }

    @Test
    void rbTreeRemovesArbitraryNodes()
    {
        final RbTreeOrder tree = new RbTreeOrder(pe -> { });
        final List<PendingException> all = new ArrayList<>();
        for (long i = 0; i < 2000; i++)
        {
            final PendingException p = pe(i * 3);
            all.add(p);
            tree.park(p);
        }
        Collections.shuffle(all, new Random(2));
        for (int i = 0; i < all.size(); i++)
        {
            tree.remove(all.get(i));
            if (i % 50 == 0)
            {
                tree.verify();
            }
        }
        assertNull(tree.first());
        assertEquals(0, tree.parked());
    }

    @ParameterizedTest
    @EnumSource(value = CommitOrder.class, names = {"IN_ORDER_LIST", "IN_ORDER_TREE", "IN_ORDER_RING"})
    void duplicateSequenceIsAFatalBug(final CommitOrder order)
    {
        final CompletionOrder o = CompletionOrder.create(order, pe -> { });
        o.park(pe(5));
        assertThrows(IllegalStateException.class, () -> o.park(pe(5)));
    }

    @ParameterizedTest
    @EnumSource(value = CommitOrder.class, names = {"IN_ORDER_LIST", "IN_ORDER_TREE", "IN_ORDER_RING"})
    void parkedStructureReleasesInSequenceOrder(final CommitOrder order)
    {
        final CompletionOrder o = CompletionOrder.create(order, pe -> { });
        final List<PendingException> all = new ArrayList<>();
        for (long i = 1; i <= 1000; i++)
        {
            all.add(pe(i));
        }
        Collections.shuffle(all, new Random(3));
        all.forEach(o::park);
        for (long expect = 1; expect <= 1000; expect++)
        {
            final PendingException f = o.first();
            assertEquals(expect, f.sequence);
            o.removeFirst(f);
        }
        assertNull(o.first());
        final SortedListOrder list = new SortedListOrder(pe -> { });
        final PendingException a = pe(1);
        list.park(a);
        assertSame(a, list.first());
    }

    @Test
    void ringRefusesASequenceAtOrBelowTheCommitPoint()
    {
        final List<Long> committed = new ArrayList<>();
        final CompletionOrder ring = CompletionOrder.create(CommitOrder.IN_ORDER_RING, pe -> committed.add(pe.sequence));
        ring.copyDone(pe(0));
        ring.copyDone(pe(1));
        assertEquals(List.of(0L, 1L), committed);
        assertThrows(IllegalStateException.class, () -> ring.copyDone(pe(0)), "committed already");
        assertThrows(IllegalStateException.class, () -> ring.park(pe(2)), "2 is the next to commit, never parked");
        assertEquals(0, ring.parked());
    }

    @Test
    void ringGrowsOnlyWhenASequenceLandsBeyondItsCapacity()
    {
        final SequenceRingOrder ring = new SequenceRingOrder(pe -> { }, 8);
        for (long s = 1; s < 8; s++)
        {
            ring.park(pe(s));
        }
        assertEquals(8, ring.capacity(), "sequences 1..7 past the commit point fit in 8 slots");
        ring.park(pe(8));
        assertEquals(16, ring.capacity(), "8 past the commit point does not");
        ring.park(pe(40));
        assertEquals(64, ring.capacity(), "doubling until the distance fits");
        ring.copyDone(pe(0));
        assertEquals(9, ring.completeSequence(), "0..8 committed after the move to the larger ring");
        assertEquals(1, ring.parked());
        assertEquals(40, ring.first().sequence);
        assertThrows(IllegalArgumentException.class, () -> new SequenceRingOrder(pe -> { }, 12));
    }

    /**
     * A copier with at most {@code window} copies in flight: allocations in sequence order, random
     * completions among those in flight. Every exception commits once, in sequence order, and the
     * ring grows only as far as the largest distance a parked sequence had from the commit point
     * (a copy that stays in flight while later ones finish widens it beyond the window).
     */
    @Test
    void ringCapacityFollowsTheLargestDistanceFromTheCommitPoint()
    {
        final int window = 100;
        final long[] expect = {0};
        final SequenceRingOrder ring = new SequenceRingOrder(pe ->
        {
            assertEquals(expect[0], pe.sequence, "commit order");
            expect[0]++;
        }, 8);
        final Random rnd = new Random(4);
        final List<PendingException> inFlight = new ArrayList<>();
        long allocated = 0;
        long farthest = 0;
        final long total = 200_000;
        while (expect[0] < total)
        {
            while (allocated < total && inFlight.size() < window && rnd.nextInt(4) != 0)
            {
                inFlight.add(pe(allocated++));
            }
            if (!inFlight.isEmpty())
            {
                final int i = rnd.nextInt(inFlight.size());
                final PendingException done = inFlight.get(i);
                inFlight.set(i, inFlight.get(inFlight.size() - 1));
                inFlight.remove(inFlight.size() - 1);
                farthest = Math.max(farthest, done.sequence - expect[0]);
                ring.copyDone(done);
            }
            assertEquals(allocated - expect[0] - inFlight.size(), ring.parked(), "parked = allocated - committed - copying");
        }
        assertEquals(0, ring.parked());
        assertEquals(Math.max(8, Long.highestOneBit(farthest) * 2), ring.capacity(), "farthest distance " + farthest);
    }
}
