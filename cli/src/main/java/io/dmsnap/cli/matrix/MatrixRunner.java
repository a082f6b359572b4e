package io.dmsnap.cli.matrix;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.WorkloadParams;
import org.openjdk.jmh.runner.format.OutputFormat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Runs a {@link MatrixPlan} through JMH's Runner API: one JMH run per worker count and round (JMH's
 * thread count is fixed per run), each covering every benchmark, both presets and every store of
 * the plan, so before and after of one worker count run back to back. With several rounds
 * ({@link MatrixPlan#rounds()}) each round is one fork per point and the presets alternate in
 * order; a point's forks from all rounds are then put together into one result, as JMH would have
 * returned them from one run with that many forks. The runs report to one {@link OutputFormat},
 * which sees every point of every round. Runs on the calling thread.
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
     * Every point's result, in the order of the first round.
     *
     * @throws RunnerException when a benchmark fails (the plan sets shouldFailOnError)
     */
    List<RunResult> run() throws RunnerException
    {
        final List<List<RunResult>> rounds = new ArrayList<>();
        for (int round = 0; round < plan.rounds(); round++)
        {
            final List<RunResult> results = new ArrayList<>();
            for (final int workers : plan.workers())
            {
                results.addAll(new Runner(plan.options(workers, round), output).run());
            }
            rounds.add(results);
        }
        return rounds.size() == 1 ? rounds.get(0) : pool(rounds);
    }

    /**
     * One result per point holding the point's forks of every round, in round order; the point's
     * parameters are the first round's with the fork count set to the number of forks pooled.
     */
    static List<RunResult> pool(final List<List<RunResult>> rounds)
    {
        final Map<String, BenchmarkParams> params = new LinkedHashMap<>();
        final Map<String, List<BenchmarkResult>> forks = new LinkedHashMap<>();
        for (final List<RunResult> round : rounds)
        {
            for (final RunResult result : round)
            {
                final String key = key(result.getParams());
                params.putIfAbsent(key, result.getParams());
                forks.computeIfAbsent(key, k -> new ArrayList<>()).addAll(result.getBenchmarkResults());
            }
        }
        final List<RunResult> pooled = new ArrayList<>();
        for (final Map.Entry<String, BenchmarkParams> point : params.entrySet())
        {
            final List<BenchmarkResult> data = forks.get(point.getKey());
            pooled.add(new RunResult(withForks(point.getValue(), data.size()), data));
        }
        return pooled;
    }

    /** What makes a point: benchmark, mode, threads and every parameter's value (not its position, which the rounds swap). */
    private static String key(final BenchmarkParams p)
    {
        final StringBuilder key = new StringBuilder(p.getBenchmark()).append(' ').append(p.getMode()).append(' ')
            .append(p.getThreads());
        for (final String name : new TreeSet<>(p.getParamsKeys()))
        {
            key.append(' ').append(name).append('=').append(p.getParam(name));
        }
        return key.toString();
    }

    private static BenchmarkParams withForks(final BenchmarkParams p, final int forks)
    {
        final WorkloadParams workload = new WorkloadParams();
        int order = 0;
        for (final String name : p.getParamsKeys())
        {
            workload.put(name, p.getParam(name), order++);
        }
        return new BenchmarkParams(p.getBenchmark(), p.generatedBenchmark(), p.shouldSynchIterations(), p.getThreads(),
            p.getThreadGroups(), p.getThreadGroupLabels(), forks, p.getWarmupForks(), p.getWarmup(), p.getMeasurement(),
            p.getMode(), workload, p.getTimeUnit(), p.getOpsPerInvocation(), p.getJvm(), p.getJvmArgs(), p.getJdkVersion(),
            p.getVmName(), p.getVmVersion(), p.getJmhVersion(), p.getTimeout());
    }
}
