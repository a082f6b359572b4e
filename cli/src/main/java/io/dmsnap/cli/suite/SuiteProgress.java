package io.dmsnap.cli.suite;

import io.dmsnap.cli.common.JmhProgress;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Progress of a suite run: a line when an entry starts, and the finished points' lines end with
 * the ETA of the suite.
 *
 * <p>ETA: the plan's estimate of what is left (the current run's points not finished, the runs not
 * started), scaled by how the finished points' real time compared with their estimates (the
 * estimate knows the iterations, not the machine's speed or the benchmarks' setup time).
 */
final class SuiteProgress extends JmhProgress
{
    private final SuitePlan plan;

    /** Index of the current JMH run in the plan, -1 before the first. */
    private int run = -1;
    private int finishedInRun;
    private double finishedEstimate;

    /**
     * @param live    whether to draw the live line (a console is attached)
     * @param verbose whether to pass JMH's own text through to {@code err}
     */
    SuiteProgress(final PrintWriter err, final boolean live, final boolean verbose, final SuitePlan plan,
                  final LongSupplier nanoClock)
    {
        super(err, live, verbose, nanoClock);
        this.plan = plan;
    }

    /** The plan's run {@code index} starts; a line names its entry when the entry changes. */
    synchronized void startRun(final int index)
    {
        final SuitePlan.Run next = plan.runs().get(index);
        final boolean newEntry = run < 0 || plan.runs().get(run).entry() != next.entry();
        run = index;
        finishedInRun = 0;
        if (newEntry)
        {
            final SuiteEntry entry = next.entry();
            final int entries = plan.suite().entries().size();
            final int number = plan.suite().entries().indexOf(entry) + 1;
            final int points = plan.runs().stream().filter(r -> r.entry() == entry).mapToInt(r -> r.points().size()).sum();
            printLine("entry " + number + "/" + entries + ", line " + entry.line() + ": " + entry.text() + " ("
                + points + " point" + (points == 1 ? "" : "s") + "), ETA " + duration(etaSeconds()));
        }
    }

    /** The entry of the current run, or null before the first. */
    synchronized SuiteEntry currentEntry()
    {
        return run < 0 ? null : plan.runs().get(run).entry();
    }

    @Override
    protected int totalPoints()
    {
        return plan.points();
    }

    @Override
    protected void pointFinished()
    {
        finishedInRun++;
        finishedEstimate += currentPointEstimate();
    }

    @Override
    protected boolean etaOnFinishedLine()
    {
        return true;
    }

    @Override
    protected String formatScore(final double value, final String unit)
    {
        return score(value, unit);
    }

    /** Seconds left: the plan's estimate of the rest, at the pace of the points finished so far. */
    @Override
    public synchronized long etaSeconds()
    {
        final long now = nanoClock.getAsLong();
        final double elapsed = (now - startNanos) / 1e9;
        final double spentOnCurrent = secondsOnCurrentPoint(now);
        final boolean inPoint = !currentPoint().isEmpty();
        final double pace = finished() == 0 || finishedEstimate <= 0 ? 1 : (elapsed - spentOnCurrent) / finishedEstimate;
        final double current = inPoint ? Math.max(0, currentPointEstimate() * pace - spentOnCurrent) : 0;
        double left = 0;
        for (int i = Math.max(run, 0); i < plan.runs().size(); i++)
        {
            final SuitePlan.Run r = plan.runs().get(i);
            final int done = i == run ? finishedInRun + (inPoint ? 1 : 0) : 0;
            left += Math.max(0, r.points().size() - done) * r.estimatedSeconds() / r.points().size();
        }
        return Math.max(0, Math.round(left * pace + current));
    }

    /** The plan's estimate of one point of the current run (its points' mean). */
    private double currentPointEstimate()
    {
        if (run < 0)
        {
            return 0;
        }
        final SuitePlan.Run r = plan.runs().get(run);
        return r.estimatedSeconds() / r.points().size();
    }

    @Override
    protected String label(final BenchmarkParams params)
    {
        return pointLabel(params);
    }

    /** The point JMH is running, as {@link SuitePoint#label()} spells it. */
    static String pointLabel(final BenchmarkParams params)
    {
        final TreeMap<String, String> values = new TreeMap<>();
        for (final String key : params.getParamsKeys())
        {
            values.put(key, params.getParam(key));
        }
        return new SuitePoint(params.getBenchmark(), params.getMode().shortLabel(), params.getThreads(), values, 0)
            .label();
    }

    /** A score with its unit: four significant digits, whole numbers from 1000 up. */
    static String score(final double value, final String unit)
    {
        if (!Double.isFinite(value))
        {
            return "NaN " + unit;
        }
        final double magnitude = Math.abs(value);
        final String format = magnitude >= 999.95 ? "%.0f" : magnitude >= 99.995 ? "%.1f" : magnitude >= 9.9995 ? "%.2f"
            : magnitude >= 1 ? "%.3f" : "%.3g";
        return String.format(Locale.ROOT, format, value) + " " + unit;
    }
}
