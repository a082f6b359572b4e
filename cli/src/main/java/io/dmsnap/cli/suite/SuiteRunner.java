package io.dmsnap.cli.suite;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Runs a {@link SuitePlan} through JMH's Runner API in this process, one JMH run after the other
 * (JMH forks the benchmark JVMs itself), all reporting to one {@link SuiteProgress}. Runs on the
 * calling thread; not reusable.
 */
final class SuiteRunner
{
    private final SuitePlan plan;
    private final SuiteProgress progress;
    private final LongSupplier nanoClock;
    private final double[] entrySeconds;

    SuiteRunner(final SuitePlan plan, final SuiteProgress progress, final LongSupplier nanoClock)
    {
        this.plan = plan;
        this.progress = progress;
        this.nanoClock = nanoClock;
        this.entrySeconds = new double[plan.suite().entries().size()];
    }

    /**
     * Every point's result, in run order.
     *
     * @throws RunnerException when a benchmark fails (every run fails on error); the progress
     *                         knows which entry was running and keeps JMH's last lines
     */
    List<RunResult> run() throws RunnerException
    {
        final List<RunResult> results = new ArrayList<>();
        for (int i = 0; i < plan.runs().size(); i++)
        {
            final SuitePlan.Run run = plan.runs().get(i);
            progress.startRun(i);
            final long start = nanoClock.getAsLong();
            results.addAll(new Runner(run.options(), progress).run());
            entrySeconds[plan.suite().entries().indexOf(run.entry())] += (nanoClock.getAsLong() - start) / 1e9;
        }
        return results;
    }

    /** Wall time each entry took, in the suite's order (0 for entries that did not run). */
    double[] entrySeconds()
    {
        return entrySeconds.clone();
    }
}
