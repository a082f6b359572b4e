package io.dmsnap.cli.ab;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of an A/B run on stderr, with an ETA from the first line to the last: the builds and
 * the JMH processes are planned as tasks with an estimated duration (a build: the last build's
 * time; a fork: from its JMH settings). As tasks finish, each kind's estimates are scaled by what
 * that kind really took so far (measured over estimated), so the ETA converges on the machine's
 * real pace; the task under way counts with what is left of its scaled estimate.
 *
 * <p>A line is printed for every finished task, always (a CI log shows them); with a console, a
 * live line (the task, its phase, the elapsed time and the ETA) is redrawn in place with a carriage
 * return. Used by one thread.
 */
final class AbProgress
{
    /** What a task is: its estimates are corrected by the measured durations of its own kind. */
    enum Kind
    {
        BUILD,
        FORK
    }

    private static final int LIVE_WIDTH_LIMIT = 160;

    private static final class Task
    {
        private final Kind kind;
        private final String label;
        private final double estimatedSeconds;
        private double measuredSeconds = -1;

        private Task(final Kind kind, final String label, final double estimatedSeconds)
        {
            this.kind = kind;
            this.label = label;
            this.estimatedSeconds = estimatedSeconds;
        }

        private boolean finished()
        {
            return measuredSeconds >= 0;
        }
    }

    private final PrintWriter err;
    private final boolean live;
    private final LongSupplier nanoClock;
    private final List<Task> tasks = new ArrayList<>();
    private int current = -1;
    private long currentStartNanos;
    private String phase = "";
    /** Characters of the live line on screen, to blank them out when it is replaced. */
    private int liveWidth;

    /**
     * @param live whether to draw the live line (a console is attached)
     */
    AbProgress(final PrintWriter err, final boolean live, final LongSupplier nanoClock)
    {
        this.err = err;
        this.live = live;
        this.nanoClock = nanoClock;
    }

    /** Plans a task; returns its number for {@link #start} and {@link #finish}. */
    int add(final Kind kind, final String label, final double estimatedSeconds)
    {
        tasks.add(new Task(kind, label, Math.max(0, estimatedSeconds)));
        return tasks.size() - 1;
    }

    /** The task starts: the live line shows it from now on. */
    void start(final int task)
    {
        current = task;
        currentStartNanos = nanoClock.getAsLong();
        phase = "starting";
        drawLive();
    }

    /** The current task entered a new phase (a JMH iteration, a build step). */
    void phase(final String text)
    {
        phase = text;
        drawLive();
    }

    /** Redraw the live line (the elapsed time and ETA move on). */
    void tick()
    {
        drawLive();
    }

    /**
     * The current task ended: prints its line with what it took and the ETA of the rest.
     *
     * @param outcome what to say about it ({@code 14.2 s}, {@code built}), before its duration
     * @return its duration in seconds
     */
    double finish(final int task, final String outcome)
    {
        if (task != current)
        {
            throw new IllegalStateException("task " + task + " finishes, but task " + current + " is the one under way");
        }
        final Task t = tasks.get(task);
        t.measuredSeconds = (nanoClock.getAsLong() - currentStartNanos) / 1e9;
        current = -1;
        phase = "";
        clearLive();
        err.println(t.label + ": " + outcome + (outcome.isEmpty() ? "" : ", ") + seconds(t.measuredSeconds)
            + (remaining() > 0 ? "; ETA " + duration(etaSeconds()) : ""));
        err.flush();
        return t.measuredSeconds;
    }

    /** A line of its own (the live line is cleared first). */
    void message(final String line)
    {
        clearLive();
        err.println(line);
        err.flush();
    }

    /** Remove the live line before other output goes to the console. */
    void clearLive()
    {
        if (live && liveWidth > 0)
        {
            err.print('\r' + " ".repeat(liveWidth) + '\r');
            err.flush();
            liveWidth = 0;
        }
    }

    /** Tasks not finished yet. */
    int remaining()
    {
        return (int) tasks.stream().filter(t -> !t.finished()).count();
    }

    /** The estimate of everything left, scaled per kind by the measured pace, less the time spent on the current task. */
    long etaSeconds()
    {
        final double buildPace = pace(Kind.BUILD);
        final double forkPace = pace(Kind.FORK);
        double left = 0;
        for (int i = 0; i < tasks.size(); i++)
        {
            final Task t = tasks.get(i);
            if (t.finished())
            {
                continue;
            }
            final double scaled = t.estimatedSeconds * (t.kind == Kind.BUILD ? buildPace : forkPace);
            left += i == current ? Math.max(0, scaled - (nanoClock.getAsLong() - currentStartNanos) / 1e9) : scaled;
        }
        return Math.round(left);
    }

    /** Measured over estimated seconds of the finished tasks of a kind; 1 before any finished. */
    double pace(final Kind kind)
    {
        double measured = 0;
        double estimated = 0;
        for (final Task t : tasks)
        {
            if (t.kind == kind && t.finished())
            {
                measured += t.measuredSeconds;
                estimated += t.estimatedSeconds;
            }
        }
        return estimated > 0 ? measured / estimated : 1.0;
    }

    private void drawLive()
    {
        if (!live || current < 0)
        {
            return;
        }
        String line = tasks.get(current).label + (phase.isEmpty() ? "" : ", " + phase) + ", "
            + seconds((nanoClock.getAsLong() - currentStartNanos) / 1e9) + ", ETA " + duration(etaSeconds());
        if (line.length() > LIVE_WIDTH_LIMIT)
        {
            line = line.substring(0, LIVE_WIDTH_LIMIT - 3) + "...";
        }
        err.print('\r' + line + " ".repeat(Math.max(0, liveWidth - line.length())));
        err.flush();
        liveWidth = line.length();
    }

    static String seconds(final double seconds)
    {
        return seconds < 60 ? String.format(Locale.ROOT, "%.1f s", seconds) : duration(Math.round(seconds));
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
