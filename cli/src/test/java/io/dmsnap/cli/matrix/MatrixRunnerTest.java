package io.dmsnap.cli.matrix;

import io.dmsnap.bench.jmh.fio.FioBenchmarkName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.results.RunResult;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A latency benchmark through the Runner API in this JVM: SampleTime results become points with percentiles. */
@Timeout(60)
final class MatrixRunnerTest
{
    @BeforeAll
    static void allowConcurrentJmhRuns()
    {
        // See MatrixCommandTest: the smoke runs measure nothing and may share the machine with a JMH run.
        System.setProperty("jmh.ignoreLock", "true");
    }

    @Test
    void latencyPointsCarryTheMeanAndOrderedPercentiles() throws Exception
    {
        final MatrixPlan plan = MatrixPlan.quick().benchmarks("fio_snapshot_randwrite_latency").workers(List.of(1))
            .presets(List.of("v5.2", "current")).warmup("1x100ms").measurement("1x100ms").forks(0).build();
        final StringWriter err = new StringWriter();
        final MatrixProgress progress = new MatrixProgress(new PrintWriter(err), false, false, plan.points(),
            plan.estimatedSecondsPerPoint(), System::nanoTime);
        final List<RunResult> results = new MatrixRunner(plan, progress).run();
        assertEquals(2, results.size());
        assertEquals(2, progress.finished());
        for (final RunResult result : results)
        {
            final MatrixPoint point = MatrixPoint.of(result);
            assertEquals(FioBenchmarkName.parse("fio_snapshot_randwrite_latency"), point.benchmark());
            assertEquals(1, point.workers());
            assertEquals("N", point.store());
            assertTrue(List.of("v5.2", "current").contains(point.preset()), point.preset());
            assertEquals("us/op", point.unit());
            final double[] p = point.percentiles();
            assertEquals(3, p.length);
            assertTrue(point.score() > 0 && p[0] > 0 && p[0] <= p[1] && p[1] <= p[2],
                point.score() + " " + java.util.Arrays.toString(p));
        }
        assertTrue(err.toString().contains("[2/2] fio_snapshot_randwrite_latency workers=1"), err::toString);
        assertTrue(err.toString().contains(" us/op ("), err::toString);
    }
}
