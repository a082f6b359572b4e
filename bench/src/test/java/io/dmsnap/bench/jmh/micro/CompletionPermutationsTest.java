package io.dmsnap.bench.jmh.micro;

import io.dmsnap.engine.config.Switches.CommitOrder;
import io.dmsnap.engine.snap.ReorderStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class CompletionPermutationsTest
{
    @ParameterizedTest
    @EnumSource(CompletionPermutations.class)
    void everyOrderIsAPermutation(final CompletionPermutations order)
    {
        final int[] p = order.of(5_000, 11);
        final boolean[] seen = new boolean[p.length];
        for (final int s : p)
        {
            assertTrue(!seen[s], "duplicate " + s);
            seen[s] = true;
        }
    }

    @Test
    void reverseIsReverse()
    {
        assertArrayEquals(new int[] {3, 2, 1, 0}, CompletionPermutations.REVERSE.of(4, 0));
    }

    @Test
    void randomIsDeterministicPerSeedAndNotTheIdentity()
    {
        final int[] a = CompletionPermutations.RANDOM.of(1000, 1);
        assertArrayEquals(a, CompletionPermutations.RANDOM.of(1000, 1));
        int fixedPoints = 0;
        for (int i = 0; i < a.length; i++)
        {
            fixedPoints += a[i] == i ? 1 : 0;
        }
        assertTrue(fixedPoints < 20, "fixed points " + fixedPoints);   // about 1 expected
    }

    @ParameterizedTest
    @EnumSource(CompletionPermutations.class)
    void inOrderStagesCommitEverythingInOrder(final CompletionPermutations order)
    {
        for (final CommitOrder kind : new CommitOrder[] {CommitOrder.IN_ORDER_LIST, CommitOrder.IN_ORDER_TREE})
        {
            final ReorderStage stage = new ReorderStage(kind, 2_000);
            assertEquals(2_000, stage.complete(order.of(2_000, 3)));
            assertEquals(0, stage.parked());
            assertEquals(0, stage.outOfOrderCommits());
        }
    }
}
