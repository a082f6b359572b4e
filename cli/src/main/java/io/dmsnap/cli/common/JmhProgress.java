package io.dmsnap.cli.common;

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
 * JMH's output during a run of several points, turned into progress on stderr: one line per
 * finished point with its score and time, and, when a console is attached, a live line with the
 * current point, its phase and an ETA, rewritten in place with a carriage return. JMH's own text is
 * kept as a tail of its last lines ({@link #tail()}) to explain a failure, or passed through with
 * {@code verbose}.
 *
 * <p>What differs between the commands (how many points there are, how the ETA is estimated, how a
 * score is spelled) is left to the subclass; the console handling is here once.
 *
 * <p>Thread safety: JMH calls the callbacks from its runner thread and passes the forks' output
 * from its link threads, so every method that touches the state is synchronized on this object;
 * a subclass's hooks are called with that monitor held.
 */
public abstract class JmhProgress implements OutputFormat
{
    /** Lines of JMH's output kept for {@link #tail()}. */
    private static final int TAIL_LINES = 60;
    /** Frames of a stack trace in JMH's output kept in {@link #tail()}. */
    private static final int FRAMES_KEPT = 3;

    protected final LongSupplier nanoClock;
    protected final long startNanos;
    private final PrintWriter err;
    private final boolean live;
    private final boolean verbose;
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
    protected JmhProgress(final PrintWriter err, final boolean live, final boolean verbose, final LongSupplier nanoClock)
    {
        this.err = err;
        this.live = live;
        this.verbose = verbose;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** How many points the whole run has. */
    protected abstract int totalPoints();

    /** Seconds left of the whole run. */
    public abstract long etaSeconds();

    /** The score of a finished point as the finished line prints it. */
    protected abstract String formatScore(double value, String unit);

    /** Called when a point has finished, before its line is printed (the monitor is held). */
    protected void pointFinished()
    {
    }

    /** Whether a finished point's line ends with the ETA of the rest. */
    protected boolean etaOnFinishedLine()
    {
        return false;
    }

    /** Points finished so far. */
    public final synchronized int finished()
    {
        return finished;
    }

    /** The point running now, empty between points. */
    protected final String currentPoint()
    {
        return point;
    }

    /** Seconds spent on the point running now, 0 between points. */
    protected final double secondsOnCurrentPoint(final long now)
    {
        return point.isEmpty() ? 0 : (now - pointStartNanos) / 1e9;
    }

    /**
     * The last lines of JMH's own output, where a failure's explanation is: a stack trace JMH
     * prints keeps its exception lines and first {@value #FRAMES_KEPT} frames (where in the
     * benchmark it failed); the other frames are counted in one line.
     */
    public final synchronized List<String> tail()
    {
        final List<String> lines = new ArrayList<>(tail);
        if (partialLine.length() > 0)
        {
            lines.add(partialLine.toString());
        }
        final List<String> kept = new ArrayList<>();
        int frames = 0;
        for (final String line : lines)
        {
            final boolean frame = line.startsWith("\tat ") || line.startsWith("\t... ");
            if (!frame && frames > FRAMES_KEPT)
            {
                kept.add(moreFrames(frames));
            }
            frames = frame ? frames + 1 : 0;
            if (frames <= FRAMES_KEPT)
            {
                kept.add(line);
            }
        }
        if (frames > FRAMES_KEPT)
        {
            kept.add(moreFrames(frames));
        }
        return kept;
    }

    private static String moreFrames(final int frames)
    {
        return "\t(" + (frames - FRAMES_KEPT) + " more frames; --verbose shows JMH's whole output)";
    }

    /** Remove the live line before other output goes to the console. */
    public final synchronized void clearLive()
    {
        if (live && liveWidth > 0)
        {
            err.print('\r' + " ".repeat(liveWidth) + '\r');
            err.flush();
            liveWidth = 0;
        }
    }

    /** Print a line of the command's own (not JMH's) on the console, below the live line. */
    protected final void printLine(final Object line)
    {
        clearLive();
        err.println(line);
        err.flush();
    }

    @Override
    public final void startBenchmark(final BenchmarkParams params)
    {
        startPoint(label(params));
    }

    /** How the live line and the finished line name the point JMH is about to run. */
    protected abstract String label(BenchmarkParams params);

    /** A point starts: the live line shows it from now on. */
    public final synchronized void startPoint(final String label)
    {
        point = label;
        phase = "starting";
        pointStartNanos = nanoClock.getAsLong();
        drawLive();
    }

    /** The current point entered a new phase (an iteration of warm-up or measurement). */
    public final synchronized void phase(final String text)
    {
        phase = text;
        drawLive();
    }

    @Override
    public final void iteration(final BenchmarkParams params, final IterationParams iteration, final int index)
    {
        phase((iteration.getType() == IterationType.WARMUP ? "warmup " : "measurement ") + index + "/"
            + iteration.getCount());
    }

    @Override
    public final void iterationResult(final BenchmarkParams params, final IterationParams iteration, final int index,
                                      final IterationResult result)
    {
        // Every iteration's score goes into the result file; the live line shows only the phase.
    }

    @Override
    public final synchronized void endBenchmark(final BenchmarkResult result)
    {
        final long now = nanoClock.getAsLong();
        finished++;
        pointFinished();
        final StringBuilder line = new StringBuilder();
        line.append('[').append(finished).append('/').append(totalPoints()).append("] ").append(point);
        if (result != null && result.getPrimaryResult() != null)
        {
            final Result<?> primary = result.getPrimaryResult();
            line.append(": ").append(formatScore(primary.getScore(), primary.getScoreUnit()));
        }
        line.append(" (").append(String.format(Locale.ROOT, "%.1f s", (now - pointStartNanos) / 1e9)).append(')');
        point = "";
        phase = "";
        if (etaOnFinishedLine() && finished < totalPoints())
        {
            line.append(", ETA ").append(duration(etaSeconds()));
        }
        printLine(line);
    }

    @Override
    public void startRun()
    {
        // A command's run is several JMH runs; progress counts points over all of them.
    }

    @Override
    public void endRun(final Collection<RunResult> results)
    {
        // The command prints its summary once every run is done.
    }

    @Override
    public final synchronized void print(final String s)
    {
        keep(s);
    }

    @Override
    public final synchronized void println(final String s)
    {
        keep(s + '\n');
    }

    @Override
    public final synchronized void verbosePrintln(final String s)
    {
        // JMH's extra-verbose channel (which benchmarks a pattern excluded, ...): shown with
        // --verbose, kept out of the tail that explains a failure.
        if (verbose)
        {
            clearLive();
            err.println(s);
        }
    }

    @Override
    public final synchronized void write(final int b)
    {
        keep(String.valueOf((char) b));
    }

    @Override
    public final synchronized void write(final byte[] b)
    {
        keep(new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public final synchronized void flush()
    {
        err.flush();
    }

    @Override
    public final synchronized void close()
    {
        clearLive();
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
        final String line = "[" + (finished + 1) + "/" + totalPoints() + "] " + point + " " + phase + ", ETA "
            + duration(etaSeconds());
        err.print('\r' + line + " ".repeat(Math.max(0, liveWidth - line.length())));
        err.flush();
        liveWidth = line.length();
    }

    /** {@code 45 s}, {@code 4 min 10 s}, {@code 2 h 5 min}. */
    public static String duration(final long seconds)
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
