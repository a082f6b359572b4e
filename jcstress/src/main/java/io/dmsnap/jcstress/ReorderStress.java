package io.dmsnap.jcstress;

import io.dmsnap.engine.config.Switches.CommitOrder;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The in-order commit stage (230c83af) fed by copy completions that two threads post to the
 * copier at the same time: whichever reaches the copier thread first, sequence 0 is committed
 * before sequence 1. See {@link CopierCompletions}.
 *
 * <p>Outcome: committed count right after sequence 0's callback, the same after sequence 1's,
 * commits out of sequence order. -1 means a callback never ran within 10 s (a lost completion).
 */
public final class ReorderStress
{
    private ReorderStress()
    {
    }

    /**
     * Sorted-list stage (v4.18). FORBIDDEN: "2, 1, 2" (1 was committed before 0) and any lost
     * completion.
     */
    @JCStressTest
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "0 reached the copier first and was committed at once, then 1")
    @Outcome(id = "2, 0, 0", expect = ACCEPTABLE_INTERESTING,
        desc = "1 reached the copier first and was parked; 0 then committed both, in order")
    @Outcome(expect = FORBIDDEN, desc = "committed out of sequence order, or a completion was lost")
    @State
    public static class InOrderList
    {
        private final CopierCompletions completions = new CopierCompletions(CommitOrder.IN_ORDER_LIST);

        @Actor
        public void completeZero()
        {
            completions.post(0);
        }

        @Actor
        public void completeOne()
        {
            completions.post(1);
        }

        @Arbiter
        public void arbiter(final III_Result r)
        {
            completions.awaitBoth(r);
        }
    }

    /** Red-black tree stage (3db2776d), the current design. Same outcomes as {@link InOrderList}. */
    @JCStressTest
    @JCStressMeta(InOrderList.class)
    @State
    public static class InOrderTree
    {
        private final CopierCompletions completions = new CopierCompletions(CommitOrder.IN_ORDER_TREE);

        @Actor
        public void completeZero()
        {
            completions.post(0);
        }

        @Actor
        public void completeOne()
        {
            completions.post(1);
        }

        @Arbiter
        public void arbiter(final III_Result r)
        {
            completions.awaitBoth(r);
        }
    }

    /** Sequence ring stage (preset experimental). Same outcomes as {@link InOrderList}. */
    @JCStressTest
    @JCStressMeta(InOrderList.class)
    @State
    public static class InOrderRing
    {
        private final CopierCompletions completions = new CopierCompletions(CommitOrder.IN_ORDER_RING);

        @Actor
        public void completeZero()
        {
            completions.post(0);
        }

        @Actor
        public void completeOne()
        {
            completions.post(1);
        }

        @Arbiter
        public void arbiter(final III_Result r)
        {
            completions.awaitBoth(r);
        }
    }

    /**
     * Control: the pre-230c83af stage commits in completion order, so this test shows the order the
     * in-order stages must undo. "2, 1, 2" (1 committed first) is ACCEPTABLE_INTERESTING here;
     * seeing it at all proves the two completions really race. FORBIDDEN: a lost completion.
     */
    @JCStressTest
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "0 completed first: committed in order by chance")
    @Outcome(id = "2, 1, 2", expect = ACCEPTABLE_INTERESTING,
        desc = "1 completed first and was committed before 0 (what in-order commit forbids)")
    @Outcome(expect = FORBIDDEN, desc = "a completion was lost or counted twice")
    @State
    public static class AsCompletedControl
    {
        private final CopierCompletions completions = new CopierCompletions(CommitOrder.AS_COMPLETED);

        @Actor
        public void completeZero()
        {
            completions.post(0);
        }

        @Actor
        public void completeOne()
        {
            completions.post(1);
        }

        @Arbiter
        public void arbiter(final III_Result r)
        {
            completions.awaitBoth(r);
        }
    }
}
