package io.dmsnap.cli.matrix;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.format.OutputFormat;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * JMH's output during a matrix run, turned into progress: one line per finished point, always,
 * and, when a console is attached, a live line with the current point, its phase and an ETA,
 * rewritten in place with a carriage return. JMH's own text is kept as a tail of the last lines
 * ({@link #tail()}) to explain a failure, or passed through with {@code verbose}.
 *
 * <p>ETA: the mean duration of the finished points times the points left, less the time already
 * spent on the current one; before the first point finishes, the plan's estimate per point.
 *
 * <p>Thread safety: JMH calls the callbacks from its runner thread and passes the forks' output
 * from its link threads, so every method is synchronized.
 */
final class MatrixProgress implements OutputFormat
{
    private static final int TAIL_LINES = 60;

    private final PrintWriter err;
    private final boolean live;
    private final boolean verbose;
    private final int totalPoints;
    private final double estimatedSecondsPerPoint;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final StringBuilder partialLine = new StringBuilder();

    private int finished;
    private long pointStartNanos;
    private String point = "";
    private String phase = "";
    /** Characters of the live line on screen, to blank them out when it is replaced. */
    private int liveWidth;

    /**
     * @param live    whether to draw the live line (a console is attached)
     * @param verbose whether to pass JMH's own text through to {@code err}
     */
    MatrixProgress(final PrintWriter err, final boolean live, final boolean verbose, final int totalPoints,
                   final double estimatedSecondsPerPoint, final LongSupplier nanoClock)
    {
        this.err = err;
        this.live = live;
        this.verbose = verbose;
        this.totalPoints = totalPoints;
        this.estimatedSecondsPerPoint = estimatedSecondsPerPoint;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** Points finished so far. */
    synchronized int finished()
    {
        return finished;
    }

    /** The last lines of JMH's own output (a failure's explanation is there). */
    synchronized List<String> tail()
    {
        final List<String> lines = new ArrayList<>(tail);
        if (partialLine.length() > 0)
        {
            lines.add(partialLine.toString());
        }
        return lines;
    }

    /** Remove the live line before other output goes to the console. */
    synchronized void clearLive()
    {
        if (live && liveWidth > 0)
        {
            err.print('\r' + " ".repeat(liveWidth) + '\r');
            err.flush();
            liveWidth = 0;
        }
    }

    @Override
    public void startBenchmark(final BenchmarkParams params)
    {
        startPoint(label(params));
    }

    @Override
    public void iteration(final BenchmarkParams params, final IterationParams iteration, final int index)
    {
        phase((iteration.getType() == IterationType.WARMUP ? "warmup " : "measurement ") + index + "/"
            + iteration.getCount());
    }

    /** A point starts: it is what the live line shows from now on. */
    synchronized void startPoint(final String label)
    {
        point = label;
        phase = "starting";
        pointStartNanos = nanoClock.getAsLong();
        drawLive();
    }

    /** The current point entered a new phase (an iteration of warm-up or measurement). */
    synchronized void phase(final String text)
    {
        phase = text;
        drawLive();
    }

    @Override
    public void iterationResult(final BenchmarkParams params, final IterationParams iteration, final int index,
                                final IterationResult result)
    {
        // Per-iteration scores are in the result file; the live line only shows the phase.
    }

    @Override
    public synchronized void endBenchmark(final BenchmarkResult result)
    {
        final long now = nanoClock.getAsLong();
        finished++;
        clearLive();
        final StringBuilder line = new StringBuilder();
        line.append('[').append(finished).append('/').append(totalPoints).append("] ").append(point);
        if (result != null && result.getPrimaryResult() != null)
        {
            final Result<?> primary = result.getPrimaryResult();
            line.append(": ").append(score(primary.getScore(), primary.getScoreUnit()));
        }
        line.append(" (").append(seconds(now - pointStartNanos)).append(')');
        err.println(line);
        err.flush();
        point = "";
        phase = "";
    }

    @Override
    public void startRun()
    {
        // One JMH run per worker count; progress counts points over all of them.
    }

    @Override
    public void endRun(final Collection<RunResult> results)
    {
        // The command prints the tables once every run is done.
    }

    @Override
    public synchronized void print(final String s)
    {
        keep(s);
    }

    @Override
    public synchronized void println(final String s)
    {
        keep(s + '\n');
    }

    @Override
    public synchronized void verbosePrintln(final String s)
    {
        keep(s + '\n');
    }

    @Override
    public synchronized void write(final int b)
    {
        keep(String.valueOf((char) b));
    }

    @Override
    public synchronized void write(final byte[] b)
    {
        keep(new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void flush()
    {
        err.flush();
    }

    @Override
    public synchronized void close()
    {
        clearLive();
    }

    /** The ETA in seconds: what is left of the run at the rate measured so far. */
    synchronized long etaSeconds()
    {
        final long now = nanoClock.getAsLong();
        final double perPoint = finished == 0 ? estimatedSecondsPerPoint : (now - startNanos) / 1e9 / finished;
        final double spentOnCurrent = point.isEmpty() ? 0 : (now - pointStartNanos) / 1e9;
        final double left = (totalPoints - finished) * perPoint - Math.min(spentOnCurrent, perPoint);
        return Math.max(0, Math.round(left));
    }

    private void keep(final String text)
    {
        if (verbose)
        {
            clearLive();
            err.print(text);
        }
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '\n')
            {
                tail.addLast(partialLine.toString());
                partialLine.setLength(0);
                if (tail.size() > TAIL_LINES)
                {
                    tail.removeFirst();
                }
            }
            else if (c != '\r')
            {
                partialLine.append(c);
            }
        }
    }

    private void drawLive()
    {
        if (!live)
        {
            return;
        }
        final String line = "[" + (finished + 1) + "/" + totalPoints + "] " + point + " " + phase + ", ETA "
            + duration(etaSeconds());
        err.print('\r' + line + " ".repeat(Math.max(0, liveWidth - line.length())));
        err.flush();
        liveWidth = line.length();
    }

    /** {@code benchmark workers=N preset=P store=S}. */
    static String label(final BenchmarkParams params)
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

    private static String seconds(final long nanos)
    {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** {@code 45 s}, {@code 4 min 10 s}, {@code 2 h 5 min}. */
    static String duration(final long seconds)
    {
        if (seconds < 60)
        {
            return seconds + " s";
        }
        if (seconds < 3600)
        {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
