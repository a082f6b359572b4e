package io.dmsnap.engine.snap;

import io.dmsnap.engine.config.Switches.CommitOrder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stand-alone reorder stage commits everything, in order for the in-order variants. */
class ReorderStageTest
{
    @ParameterizedTest
    @EnumSource(CommitOrder.class)
    void reverseCompletionsAreCommittedInAllocationOrderExceptWithoutReordering(final CommitOrder kind)
    {
        final int n = 2000;
        final int[] reverse = new int[n];
        for (int i = 0; i < n; i++)
        {
            reverse[i] = n - 1 - i;
        }
        final ReorderStage stage = new ReorderStage(kind, n);
        assertEquals(n, stage.complete(reverse));
        assertEquals(0, stage.parked());
        if (kind == CommitOrder.AS_COMPLETED)
        {
            assertTrue(stage.outOfOrderCommits() > 0);
        }
        else
        {
            assertEquals(0, stage.outOfOrderCommits());
        }
    }

    @Test
    void oneAtATimeParksALaterSequenceUntilItsPredecessorCompletes()
    {
        final ReorderStage stage = new ReorderStage(CommitOrder.IN_ORDER_TREE, 3);
        stage.copyDone(2);
        stage.copyDone(1);
        assertEquals(0, stage.committed());
        assertEquals(-1, stage.lastCommitted());
        assertEquals(2, stage.parked());
        stage.copyDone(0);
        assertEquals(3, stage.committed());
        assertEquals(2, stage.lastCommitted());
        assertEquals(0, stage.outOfOrderCommits());
    }

    @Test
    void oneAtATimeWithoutReorderingCommitsInCompletionOrder()
    {
        final ReorderStage stage = new ReorderStage(CommitOrder.AS_COMPLETED, 2);
        stage.copyDone(1);
        assertEquals(1, stage.committed());
        assertEquals(1, stage.lastCommitted());
        stage.copyDone(0);
        assertEquals(0, stage.lastCommitted());
        assertEquals(2, stage.outOfOrderCommits());
    }

    @Test
    void resetStartsTheSequenceOver()
    {
        final ReorderStage stage = new ReorderStage(CommitOrder.IN_ORDER_LIST, 2);
        stage.copyDone(0);
        stage.copyDone(1);
        stage.reset();
        assertEquals(0, stage.committed());
        stage.copyDone(1);
        assertEquals(0, stage.committed());
        stage.copyDone(0);
        assertEquals(2, stage.committed());
    }

    /** Reverse, random and in-order completion of the same allocations: every in-order stage commits in allocation order. */
    @ParameterizedTest
    @EnumSource(value = CommitOrder.class, names = {"IN_ORDER_LIST", "IN_ORDER_TREE", "IN_ORDER_RING"})
    void everyPermutationCommitsInAllocationOrder(final CommitOrder kind)
    {
        final int n = 3000;
        final int[] inOrder = new int[n];
        final int[] reverse = new int[n];
        for (int i = 0; i < n; i++)
        {
            inOrder[i] = i;
            reverse[i] = n - 1 - i;
        }
        final int[] random = inOrder.clone();
        final Random rnd = new Random(5);
        for (int i = n - 1; i > 0; i--)
        {
            final int j = rnd.nextInt(i + 1);
            final int t = random[i];
            random[i] = random[j];
            random[j] = t;
        }
        final ReorderStage stage = new ReorderStage(kind, n);
        for (final int[] order : List.of(inOrder, reverse, random, reverse, inOrder))
        {
            assertEquals(n, stage.complete(order));
            assertEquals(0, stage.parked());
            assertEquals(0, stage.outOfOrderCommits());
            assertEquals(n - 1, stage.lastCommitted());
        }
    }

    @Test
    void aPartialRunLeavesNothingBehindAfterReset()
    {
        final ReorderStage stage = new ReorderStage(CommitOrder.IN_ORDER_RING, 4);
        stage.copyDone(3);
        stage.copyDone(2);
        assertEquals(2, stage.parked());
        stage.reset();
        assertEquals(0, stage.parked());
        assertEquals(4, stage.complete(new int[] {3, 1, 2, 0}));
        assertEquals(0, stage.outOfOrderCommits());
    }
}
