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
    @EnumSource(value = CommitOrder.class, names = {"IN_ORDER_LIST", "IN_ORDER_TREE"})
    void duplicateSequenceIsAFatalBug(final CommitOrder order)
    {
        final CompletionOrder o = CompletionOrder.create(order, pe -> { });
        o.park(pe(5));
        assertThrows(IllegalStateException.class, () -> o.park(pe(5)));
    }

    @ParameterizedTest
    @EnumSource(value = CommitOrder.class, names = {"IN_ORDER_LIST", "IN_ORDER_TREE"})
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
}
