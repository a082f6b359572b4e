package io.dmsnap.cli.matrix;

import io.dmsnap.bench.jmh.fio.FioBenchmarkName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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

    /**
     * Two rounds in this JVM (what rounds of one fork each run, without the forks), put together: every point keeps both rounds' forks in round order, its
     * fork count says two, and its scores are the two rounds' iterations.
     */
    @Test
    void roundsArePooledPerPointInRoundOrder() throws Exception
    {
        final MatrixPlan plan = MatrixPlan.quick().benchmarks("fio_snapshot_randwrite_latency").workers(List.of(1))
            .presets(List.of("v5.2", "current")).warmup("1x100ms").measurement("2x100ms").forks(0).build();
        final MatrixProgress progress = new MatrixProgress(new PrintWriter(new StringWriter()), false, false, 4,
            plan.estimatedSecondsPerPoint(), System::nanoTime);
        final List<RunResult> first = new Runner(plan.options(1, 0, false), progress).run().stream().toList();
        final List<RunResult> second = new Runner(plan.options(1, 0, true), progress).run().stream().toList();
        assertEquals(List.of("v5.2", "current"), first.stream().map(r -> r.getParams().getParam("preset")).toList());
        assertEquals(List.of("current", "v5.2"), second.stream().map(r -> r.getParams().getParam("preset")).toList(),
            "odd rounds run the presets the other way round");

        final List<RunResult> pooled = MatrixRunner.pool(List.of(first, second));
        assertEquals(List.of("v5.2", "current"), pooled.stream().map(r -> r.getParams().getParam("preset")).toList(),
            "points in the first round's order");
        for (final RunResult point : pooled)
        {
            final String preset = point.getParams().getParam("preset");
            assertEquals(2, point.getParams().getForks());
            final List<BenchmarkResult> forks = List.copyOf(point.getBenchmarkResults());
            assertEquals(2, forks.size());
            assertSame(only(first, preset), forks.get(0), "round 0 first");
            assertSame(only(second, preset), forks.get(1));
            assertEquals(4, MatrixPoint.of(point).iterations().length, "2 iterations in each of 2 forks");
        }
    }

    private static BenchmarkResult only(final List<RunResult> round, final String preset)
    {
        final RunResult result = round.stream().filter(r -> r.getParams().getParam("preset").equals(preset)).findFirst()
            .orElseThrow();
        assertEquals(1, result.getBenchmarkResults().size());
        return result.getBenchmarkResults().iterator().next();
    }

    @Test
    void twoForksOrMoreRunInRoundsOfOneForkWithThePresetsSwapping()
    {
        final MatrixPlan plan = MatrixPlan.quick().benchmarks("fio_snapshot_randwrite_latency").workers(List.of(1, 2))
            .presets(List.of("v5.0", "current")).forks(3).build();
        assertEquals(3, plan.rounds());
        assertEquals(plan.points() * 3, plan.progressPoints());
        assertEquals(plan.estimatedSecondsPerPoint() / 3, plan.estimatedSecondsPerProgressPoint(), 1e-9);
        for (int round = 0; round < 3; round++)
        {
            assertEquals(1, plan.options(2, round).getForkCount().get());
            assertEquals(round % 2 == 0 ? List.of("v5.0", "current") : List.of("current", "v5.0"),
                List.copyOf(plan.options(2, round).getParameter("preset").get()));
        }
        assertTrue(plan.describe().contains("3 fork(s) in 3 rounds, presets alternating"), plan.describe());
        assertEquals(3, plan.options(2).getForkCount().get(), "a suite entry keeps its forks back to back");
        assertEquals(List.of("v5.0", "current"), List.copyOf(plan.options(2).getParameter("preset").get()));
        final MatrixPlan single = MatrixPlan.quick().forks(1).build();
        assertEquals(1, single.rounds());
        assertEquals(1, single.options(1, 0).getForkCount().get());
    }
}
