package io.dmsnap.cli.ab;

import io.dmsnap.cli.matrix.MatrixPlan;
import io.dmsnap.cli.suite.SuiteFile;
import io.dmsnap.cli.suite.SuitePlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Plans against the bench module's benchmarks: forks a side when none is given, and the time estimates. */
@Timeout(30)
final class AbPlanTest
{
    private static SuitePlan suite(final String text)
    {
        return SuitePlan.of(SuiteFile.parse("suite.txt", text));
    }

    @Test
    void oneRowNeedsCompareSMinimumOfForks()
    {
        final SuitePlan one = suite("jmh ThrottleBench -p throttle=NONE");
        assertEquals(1, AbPlan.expectedRows(one));
        // The exact U test reaches 0.05 with 4 a side, but compare gives no verdict below --min-samples.
        assertEquals(5, AbPlan.defaultForks(one, 5, 0.05));
        assertEquals(7, AbPlan.defaultForks(one, 7, 0.05));
    }

    @Test
    void manyRowsNeedMoreForksForHolm()
    {
        // The quick matrix: 32 points, 16 of them latency in sample mode (score and 8 percentiles each).
        final SuitePlan matrix = suite("matrix");
        assertEquals(16 + 16 * 9, AbPlan.expectedRows(matrix));
        // 0.05 / 160 = 0.0003: 7 a side reach 0.00058 at best, 8 reach 0.00016.
        assertEquals(8, AbPlan.defaultForks(matrix, 5, 0.05));
        // Three throughput points: 0.05 / 3 = 0.017, reached with 5 a side (0.0079).
        assertEquals(5, AbPlan.defaultForks(suite("jmh ThrottleBench"), 2, 0.05));
    }

    @Test
    void theEstimateIsOneForkOfEveryPointTimesTwoSidesTimesTheForks()
    {
        final AbPlan plan = AbPlan.of(suite("jmh ThrottleBench -p throttle=NONE -wi 2 -w 100ms -i 3 -r 200ms -f 9 -wf 2"), 4);
        final double fork = MatrixPlan.FORK_OVERHEAD_SECONDS + 2 * 0.1 + 3 * 0.2;
        assertEquals(fork, plan.runs().get(0).forkSeconds(), 1e-9, "-f 9 -wf 2 give way to one fork a process");
        assertEquals(2 * 4 * fork, plan.estimatedSeconds(), 1e-9);
        assertEquals(8, plan.schedule().slots().size());
    }

    @Test
    void settingsALineLeavesOutComeFromTheAnnotations()
    {
        // ThrottleBench: @Warmup(3 x 1 s), @Measurement(5 x 1 s); three throttles.
        final AbPlan plan = AbPlan.of(suite("jmh ThrottleBench -i 2"), 2);
        assertEquals(3 * (MatrixPlan.FORK_OVERHEAD_SECONDS + 3 + 2), plan.runs().get(0).forkSeconds(), 1e-9);
        assertEquals("jmh ThrottleBench (3 points)", plan.runs().get(0).label());
    }
}
