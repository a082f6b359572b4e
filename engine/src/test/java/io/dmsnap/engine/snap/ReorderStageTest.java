package io.dmsnap.engine.snap;

import io.dmsnap.engine.config.Switches.CommitOrder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
}
