package io.dmsnap.cli.suite;

import io.dmsnap.cli.matrix.MatrixPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Suites resolved against the benchmarks of the bench module (JMH's list on the class path). */
@Timeout(20)
final class SuitePlanTest
{
    private static final String THROTTLE = "io.dmsnap.bench.jmh.micro.ThrottleBench.startEndCopy";

    private static SuitePlan plan(final String text)
    {
        return SuitePlan.of(SuiteFile.parse("suite.txt", text));
    }

    @Test
    void aJmhLineTakesTheAnnotationsWhereItSaysNothing()
    {
        final SuitePlan plan = plan("jmh ThrottleBench");
        assertEquals(1, plan.runs().size());
        final List<SuitePoint> points = plan.runs().get(0).points();
        assertEquals(List.of("IN_PROGRESS", "NONE", "SEMAPHORE"),
            points.stream().map(p -> p.params().get("throttle")).sorted().toList());
        for (final SuitePoint p : points)
        {
            assertEquals(THROTTLE, p.benchmark());
            assertEquals("avgt", p.mode());
            assertEquals(1, p.threads());
            // @Fork(1), @Warmup(3 x 1 s), @Measurement(5 x 1 s), plus a JVM start
            assertEquals(1 * (3 + 5 + MatrixPlan.FORK_OVERHEAD_SECONDS), p.estimatedSeconds(), 1e-9);
        }
        assertEquals(3, plan.points());
        assertEquals(3 * (8 + MatrixPlan.FORK_OVERHEAD_SECONDS), plan.estimatedSeconds(), 1e-9);
    }

    @Test
    void theLinesOptionsComeFirst()
    {
        final SuitePlan plan = plan("jmh ThrottleBench -p throttle=NONE -f 2 -wi 1 -w 100ms -i 2 -r 200ms -t 2 -bm all");
        final List<SuitePoint> points = plan.runs().get(0).points();
        assertEquals(List.of("avgt", "sample", "ss", "thrpt"), points.stream().map(SuitePoint::mode).sorted().toList());
        for (final SuitePoint p : points)
        {
            assertEquals(Map.of("throttle", "NONE"), p.params());
            assertEquals(2, p.threads());
        }
        final SuitePoint thrpt = points.stream().filter(p -> p.mode().equals("thrpt")).findFirst().orElseThrow();
        assertEquals(2 * (0.1 + 0.4 + MatrixPlan.FORK_OVERHEAD_SECONDS), thrpt.estimatedSeconds(), 1e-9);
        assertEquals("ThrottleBench.startEndCopy [thrpt, threads=2] {throttle=NONE}", thrpt.label());
    }

    @Test
    void groupThreadsAddUp()
    {
        final SuitePoint p = plan("jmh 'StoreCommitBench.writers2$' -p outstanding=1").runs().get(0).points().get(0);
        assertEquals(3, p.threads(), "@GroupThreads 2 + 1");
    }

    @Test
    void aMatrixLineHasThePlansPointsAndEstimate()
    {
        final SuitePlan plan = plan("matrix --benchmarks origin_randwrite --workers 1,2 --warmup 1x1s --measurement 2x1s");
        final MatrixEntry entry = (MatrixEntry) plan.suite().entries().get(0);
        assertEquals(2, plan.runs().size(), "one run per worker count");
        assertEquals(entry.plan().points(), plan.points());
        assertEquals(entry.plan().points() * entry.plan().estimatedSecondsPerPoint(), plan.estimatedSeconds(), 1e-9);
        assertEquals(List.of("current", "v5.0"), plan.runs().get(0).points().stream().map(p -> p.params().get("preset"))
            .distinct().sorted().toList());
        assertTrue(plan.runs().get(1).points().stream().allMatch(p -> p.threads() == 2));
    }

    @Test
    void anEntryThatFindsNothingIsReportedWithItsLine()
    {
        final SuiteFileException e = assertThrows(SuiteFileException.class,
            () -> plan("jmh ThrottleBench\n\njmh NoSuchBench -f 1\n"));
        assertEquals(3, e.line());
        assertEquals("suite.txt:3: no benchmark matches NoSuchBench (java -jar bench/target/benchmarks.jar -l lists them)",
            e.getMessage());
        final SuiteFileException excluded = assertThrows(SuiteFileException.class,
            () -> plan("jmh ThrottleBench -e Throttle"));
        assertTrue(excluded.getMessage().contains("no benchmark matches ThrottleBench outside Throttle"), excluded::getMessage);
    }

    @Test
    void aPointMeasuredTwiceIsRefused()
    {
        final SuiteFileException e = assertThrows(SuiteFileException.class,
            () -> plan("jmh ThrottleBench -p throttle=NONE\n# both\njmh 'Throttle.*Copy'\n"));
        assertEquals(3, e.line());
        assertTrue(e.problem().startsWith("ThrottleBench.startEndCopy [avgt, threads=1] {throttle=NONE} is measured on "
            + "line 1 already"), e::getMessage);
    }

    @Test
    void theSameBenchmarkWithOtherParametersThreadsOrModesIsAnotherPoint()
    {
        assertEquals(4, plan("jmh ThrottleBench -p throttle=NONE\njmh ThrottleBench -p throttle=SEMAPHORE\n"
            + "jmh ThrottleBench -p throttle=NONE -t 2\njmh ThrottleBench -p throttle=NONE -bm thrpt").points());
    }
}
