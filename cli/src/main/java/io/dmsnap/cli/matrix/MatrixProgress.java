package io.dmsnap.cli.matrix;

import io.dmsnap.cli.common.JmhProgress;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a matrix run: the points are the matrix's (benchmark, workers, preset, store) cells.
 *
 * <p>ETA: the mean duration of the finished points times the points left, less the time already
 * spent on the current one; before the first point finishes, the plan's estimate per point.
 */
final class MatrixProgress extends JmhProgress
{
    private final int totalPoints;
    private final double estimatedSecondsPerPoint;

    /**
     * @param live    whether to draw the live line (a console is attached)
     * @param verbose whether to pass JMH's own text through to {@code err}
     */
    MatrixProgress(final PrintWriter err, final boolean live, final boolean verbose, final int totalPoints,
                   final double estimatedSecondsPerPoint, final LongSupplier nanoClock)
    {
        super(err, live, verbose, nanoClock);
        this.totalPoints = totalPoints;
        this.estimatedSecondsPerPoint = estimatedSecondsPerPoint;
    }

    @Override
    protected int totalPoints()
    {
        return totalPoints;
    }

    /** The ETA in seconds: what is left of the run at the rate measured so far. */
    @Override
    public synchronized long etaSeconds()
    {
        final long now = nanoClock.getAsLong();
        final int finished = finished();
        final double perPoint = finished == 0 ? estimatedSecondsPerPoint : (now - startNanos) / 1e9 / finished;
        final double left = (totalPoints - finished) * perPoint - Math.min(secondsOnCurrentPoint(now), perPoint);
        return Math.max(0, Math.round(left));
    }

    @Override
    protected String formatScore(final double value, final String unit)
    {
        return score(value, unit);
    }

    /** {@code benchmark workers=N preset=P store=S}. */
    @Override
    protected String label(final BenchmarkParams params)
    {
        final String benchmark = params.getBenchmark();
        return benchmark.substring(benchmark.lastIndexOf('.') + 1) + " workers=" + params.getThreads() + " preset="
            + params.getParam("preset") + " store=" + params.getParam("store");
    }

    /** A score with its unit: whole operations per second, two decimals for times. */
    static String score(final double value, final String unit)
    {
        if (Double.isNaN(value))
        {
            return "NaN " + unit;
        }
        return unit.endsWith("/op") ? String.format(Locale.ROOT, "%.2f %s", value, unit)
            : String.format(Locale.ROOT, "%.0f %s", value, unit);
    }
}
