package io.dmsnap.cli.suite;

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
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * JMH's output during a suite run, turned into progress on stderr: a line when an entry starts, a
 * line per finished point with its score, time and the ETA of the suite, and, on a console, a live
 * line with the current point and its phase, rewritten in place. JMH's own text is kept as a tail of
 * the last lines ({@link #tail()}) to explain a failure, or passed through with {@code verbose}.
 *
 * <p>ETA: the plan's estimate of what is left (the current run's points not finished, the runs not
 * started), scaled by how the finished points' real time compared with their estimates (the
 * estimate knows the iterations, not the machine's speed or the benchmarks' setup time).
 *
 * <p>Thread safety: JMH calls the callbacks from its runner thread and passes the forks' output
 * from its link threads, so every method is synchronized.
 */
final class SuiteProgress implements OutputFormat
{
    private static final int TAIL_LINES = 60;
    /** Frames of a stack trace in JMH's output kept in {@link #tail()}. */
    private static final int FRAMES_KEPT = 3;

    private final PrintWriter err;
    private final boolean live;
    private final boolean verbose;
    private final SuitePlan plan;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final StringBuilder partialLine = new StringBuilder();

    /** Index of the current JMH run in the plan, -1 before the first. */
    private int run = -1;
    private int finished;
    private int finishedInRun;
    private double finishedEstimate;
    private long pointStartNanos;
    private String point = "";
    private String phase = "";
    /** Characters of the live line on screen, to blank them out when it is replaced. */
    private int liveWidth;

    /**
     * @param live    whether to draw the live line (a console is attached)
     * @param verbose whether to pass JMH's own text through to {@code err}
     */
    SuiteProgress(final PrintWriter err, final boolean live, final boolean verbose, final SuitePlan plan,
                  final LongSupplier nanoClock)
    {
        this.err = err;
        this.live = live;
        this.verbose = verbose;
        this.plan = plan;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
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
            clearLive();
            final SuiteEntry entry = next.entry();
            final int entries = plan.suite().entries().size();
            final int number = plan.suite().entries().indexOf(entry) + 1;
            final int points = plan.runs().stream().filter(r -> r.entry() == entry).mapToInt(r -> r.points().size()).sum();
            err.println("entry " + number + "/" + entries + ", line " + entry.line() + ": " + entry.text() + " ("
                + points + " point" + (points == 1 ? "" : "s") + "), ETA " + duration(etaSeconds()));
            err.flush();
        }
    }

    /** Points finished so far. */
    synchronized int finished()
    {
        return finished;
    }

    /** The entry of the current run, or null before the first. */
    synchronized SuiteEntry currentEntry()
    {
        return run < 0 ? null : plan.runs().get(run).entry();
    }

    /**
     * The last lines of JMH's own output, where a failure's explanation is: a stack trace JMH
     * prints keeps its exception lines and first {@value #FRAMES_KEPT} frames (where in the
     * benchmark it failed); the other frames are counted in one line.
     */
    synchronized List<String> tail()
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
                kept.add("\t(" + (frames - FRAMES_KEPT) + " more frames; --verbose shows JMH's whole output)");
            }
            frames = frame ? frames + 1 : 0;
            if (frames <= FRAMES_KEPT)
            {
                kept.add(line);
            }
        }
        if (frames > FRAMES_KEPT)
        {
            kept.add("\t(" + (frames - FRAMES_KEPT) + " more frames; --verbose shows JMH's whole output)");
        }
        return kept;
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

    /** A point starts: the live line shows it from now on. */
    synchronized void startPoint(final String label)
    {
        point = label;
        phase = "starting";
        pointStartNanos = nanoClock.getAsLong();
        drawLive();
    }

    @Override
    public synchronized void iteration(final BenchmarkParams params, final IterationParams iteration, final int index)
    {
        phase = (iteration.getType() == IterationType.WARMUP ? "warmup " : "measurement ") + index + "/"
            + iteration.getCount();
        drawLive();
    }

    @Override
    public void iterationResult(final BenchmarkParams params, final IterationParams iteration, final int index,
                                final IterationResult result)
    {
        // Every iteration's score goes into the result file; the live line shows only the phase.
    }

    @Override
    public synchronized void endBenchmark(final BenchmarkResult result)
    {
        final long now = nanoClock.getAsLong();
        finished++;
        finishedInRun++;
        finishedEstimate += currentPointEstimate();
        clearLive();
        final StringBuilder line = new StringBuilder();
        line.append('[').append(finished).append('/').append(plan.points()).append("] ").append(point);
        if (result != null && result.getPrimaryResult() != null)
        {
            final Result<?> primary = result.getPrimaryResult();
            line.append(": ").append(score(primary.getScore(), primary.getScoreUnit()));
        }
        line.append(" (").append(String.format(Locale.ROOT, "%.1f s", (now - pointStartNanos) / 1e9)).append(')');
        point = "";
        phase = "";
        if (finished < plan.points())
        {
            line.append(", ETA ").append(duration(etaSeconds()));
        }
        err.println(line);
        err.flush();
    }

    @Override
    public void startRun()
    {
        // The suite announces its runs itself (startRun(int)): JMH's run is one of several.
    }

    @Override
    public void endRun(final Collection<RunResult> results)
    {
        // The command prints the summary once every run is done.
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
        // JMH's extra-verbose channel (which benchmarks a pattern excluded, ...): shown with
        // --verbose, kept out of the tail that explains a failure.
        if (verbose)
        {
            clearLive();
            err.println(s);
        }
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

    /** Seconds left: the plan's estimate of the rest, at the pace of the points finished so far. */
    synchronized long etaSeconds()
    {
        final long now = nanoClock.getAsLong();
        final double elapsed = (now - startNanos) / 1e9;
        final double spentOnCurrent = point.isEmpty() ? 0 : (now - pointStartNanos) / 1e9;
        final double pace = finished == 0 || finishedEstimate <= 0 ? 1 : (elapsed - spentOnCurrent) / finishedEstimate;
        final double current = point.isEmpty() ? 0 : Math.max(0, currentPointEstimate() * pace - spentOnCurrent);
        double left = 0;
        for (int i = Math.max(run, 0); i < plan.runs().size(); i++)
        {
            final SuitePlan.Run r = plan.runs().get(i);
            final int done = i == run ? finishedInRun + (point.isEmpty() ? 0 : 1) : 0;
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
        final String line = "[" + (finished + 1) + "/" + plan.points() + "] " + point + " " + phase + ", ETA "
            + duration(etaSeconds());
        err.print('\r' + line + " ".repeat(Math.max(0, liveWidth - line.length())));
        err.flush();
        liveWidth = line.length();
    }

    /** The point JMH is running, as {@link SuitePoint#label()} spells it. */
    static String label(final BenchmarkParams params)
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
