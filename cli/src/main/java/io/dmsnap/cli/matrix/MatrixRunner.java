package io.dmsnap.cli.matrix;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link MatrixPlan} through JMH's Runner API: one JMH run per worker count (JMH's thread
 * count is fixed per run), each covering every benchmark, both presets and every store of the
 * plan, so before and after of one worker count run back to back. The runs report to one
 * {@link OutputFormat}, which sees every point. Runs on the calling thread.
 */
final class MatrixRunner
{
    private final MatrixPlan plan;
    private final OutputFormat output;

    MatrixRunner(final MatrixPlan plan, final OutputFormat output)
    {
        this.plan = plan;
        this.output = output;
    }

    /**
     * Every point's result, in run order.
     *
     * @throws RunnerException when a benchmark fails (the plan sets shouldFailOnError)
     */
    List<RunResult> run() throws RunnerException
    {
        final List<RunResult> results = new ArrayList<>();
        for (final int workers : plan.workers())
        {
            results.addAll(new Runner(plan.options(workers), output).run());
        }
        return results;
    }
}
