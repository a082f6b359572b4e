package io.dmsnap.cli.ab;

import io.dmsnap.cli.stats.Power;
import io.dmsnap.cli.suite.JmhEntry;
import io.dmsnap.cli.suite.SuiteEntry;
import io.dmsnap.cli.suite.SuitePlan;
import io.dmsnap.cli.suite.SuitePoint;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an A/B run runs: the suite's JMH runs (a {@code jmh} line is one, a {@code matrix} line one
 * per worker count), each as {@code 2 x forks} processes of one fork in the {@link AbbaSchedule}
 * order, and how long that should take. The suite's own fork counts ({@code -f}, {@code -wf},
 * {@code --forks}) give way to the A/B run's: every process is {@code -f 1 -wf 0}, and the
 * forks a side are the rounds. Every run's command line is built here once, so what
 * {@code java -jar benchmarks.jar} cannot express is refused before any build. Immutable.
 */
final class AbPlan
{
    /** Rows a sample-mode point gives: its score and JMH's eight percentiles (p0.00 to p1.00). */
    private static final int SAMPLE_MODE_ROWS = 9;

    /**
     * One run of the suite.
     *
     * @param index       position in the suite plan, from 0
     * @param suiteRun    the suite plan's run: entry, options, points
     * @param paramNames  the parameters its benchmarks declare
     * @param forkSeconds the estimated duration of one process
     */
    record Run(int index, SuitePlan.Run suiteRun, Set<String> paramNames, double forkSeconds)
    {
        /**
         * {@code jmh REGEX} or {@code matrix (line 3), 2 worker(s)} (two matrix lines can share a
         * worker count), with the point count.
         */
        String label()
        {
            final SuiteEntry entry = suiteRun.entry();
            final int points = suiteRun.points().size();
            final String what = entry instanceof JmhEntry jmh ? "jmh " + jmh.regex()
                : "matrix (line " + entry.line() + "), " + suiteRun.points().get(0).threads() + " worker(s)";
            return what + " (" + points + (points == 1 ? " point)" : " points)");
        }

        /** The words after {@code java -jar benchmarks.jar} for one fork writing JMH's JSON to {@code resultFile}. */
        List<String> arguments(final Path resultFile)
        {
            return JmhArguments.forProcess(suiteRun.options(), paramNames, resultFile);
        }
    }

    private final SuitePlan suite;
    private final List<Run> runs;
    private final AbbaSchedule schedule;

    private AbPlan(final SuitePlan suite, final List<Run> runs, final int forks)
    {
        this.suite = suite;
        this.runs = List.copyOf(runs);
        this.schedule = AbbaSchedule.of(forks, runs.size());
    }

    /**
     * The plan of {@code forks} forks a side, with the benchmarks' annotations from JMH's list on
     * this class path (the build running dmsnap) for the estimates.
     *
     * @throws IllegalArgumentException when a run's options cannot be put on JMH's command line
     */
    static AbPlan of(final SuitePlan suite, final int forks)
    {
        return of(suite, forks, BenchmarkList.defaultList());
    }

    static AbPlan of(final SuitePlan suite, final int forks, final BenchmarkList benchmarks)
    {
        final OutputFormat quiet = OutputFormatFactory.createFormatInstance(
            new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT);
        final List<Run> runs = new ArrayList<>();
        for (final SuitePlan.Run run : suite.runs())
        {
            final Set<String> params = new TreeSet<>();
            for (final SuitePoint p : run.points())
            {
                params.addAll(p.params().keySet());
            }
            try
            {
                JmhArguments.of(run.options(), params);
            }
            catch (final IllegalArgumentException e)
            {
                throw new IllegalArgumentException(suite.suite().source() + ":" + run.entry().line() + ": " + e.getMessage());
            }
            final double seconds = ForkEstimate.seconds(run.options(), run.points(),
                benchmarks.find(quiet, run.options().getIncludes(), run.options().getExcludes()));
            runs.add(new Run(runs.size(), run, params, seconds));
        }
        return new AbPlan(suite, runs, forks);
    }

    /**
     * The forks a side when none is given: enough for a verdict on every row. At least
     * {@code minSamples} (compare gives no verdict with fewer), and at least the fewest with which
     * the exact U test can reach {@code alpha / rows}, the level Holm's adjustment asks of the most
     * significant of the rows (a sample-mode point counts as its 9 rows, any other as 1; profiler
     * rows are not known before the run).
     */
    static int defaultForks(final SuitePlan suite, final int minSamples, final double alpha)
    {
        return Math.max(minSamples, Power.smallestSamplesPerSide(alpha / expectedRows(suite)));
    }

    /** The rows the suite's primary results will give (above). */
    static int expectedRows(final SuitePlan suite)
    {
        int rows = 0;
        for (final SuitePlan.Run run : suite.runs())
        {
            for (final SuitePoint p : run.points())
            {
                rows += p.mode().equals("sample") ? SAMPLE_MODE_ROWS : 1;
            }
        }
        return rows;
    }

    SuitePlan suite()
    {
        return suite;
    }

    List<Run> runs()
    {
        return runs;
    }

    AbbaSchedule schedule()
    {
        return schedule;
    }

    int forks()
    {
        return schedule.forks();
    }

    /** Points of the suite (each measured {@code forks} times a side). */
    int points()
    {
        return suite.points();
    }

    /** What all processes of both sides should take. */
    double estimatedSeconds()
    {
        return 2.0 * forks() * runs.stream().mapToDouble(Run::forkSeconds).sum();
    }
}
