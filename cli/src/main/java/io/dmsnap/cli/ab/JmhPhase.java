package io.dmsnap.cli.ab;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a JMH process is, read from its output lines (JMH 1.x's human-readable format): the point
 * ({@code # Benchmark:} and {@code # Parameters:}) and the last iteration it finished
 * ({@code # Warmup Iteration   2: ...}, {@code Iteration   3: ...}; JMH ends those lines when the
 * iteration's result is known), against the counts it announced ({@code # Warmup: 3 iterations, ...}).
 * For the live progress line only; lines it does not know are ignored. Used by one thread.
 */
final class JmhPhase
{
    private static final Pattern WARMUP_SETTING = Pattern.compile("^# Warmup: (\\d+) iterations?");
    private static final Pattern MEASUREMENT_SETTING = Pattern.compile("^# Measurement: (\\d+) iterations?");
    private static final Pattern BENCHMARK = Pattern.compile("^# Benchmark: (\\S+)");
    private static final Pattern PARAMETERS = Pattern.compile("^# Parameters: \\((.*)\\)");
    private static final Pattern WARMUP_DONE = Pattern.compile("^# Warmup Iteration\\s+(\\d+):");
    private static final Pattern ITERATION_DONE = Pattern.compile("^Iteration\\s+(\\d+):");

    private String warmups = "?";
    private String iterations = "?";
    private String point = "";
    private String step = "starting";
    private int points;

    /** Takes one line of JMH's output; returns whether the phase changed. */
    boolean accept(final String line)
    {
        Matcher m;
        if ((m = WARMUP_SETTING.matcher(line)).find())
        {
            warmups = m.group(1);
            return false;
        }
        if ((m = MEASUREMENT_SETTING.matcher(line)).find())
        {
            iterations = m.group(1);
            return false;
        }
        if ((m = BENCHMARK.matcher(line)).find())
        {
            final String name = m.group(1);
            final int method = name.lastIndexOf('.');
            final int type = method <= 0 ? -1 : name.lastIndexOf('.', method - 1);
            point = name.substring(type + 1);
            points++;
            step = "starting";
            return true;
        }
        if ((m = PARAMETERS.matcher(line)).find())
        {
            point = point + " {" + m.group(1).replace(" = ", "=") + "}";
            return true;
        }
        if ((m = WARMUP_DONE.matcher(line)).find())
        {
            step = "warm-up " + m.group(1) + "/" + warmups;
            return true;
        }
        if ((m = ITERATION_DONE.matcher(line)).find())
        {
            step = "iteration " + m.group(1) + "/" + iterations;
            return true;
        }
        return false;
    }

    /** Points started so far in this process. */
    int points()
    {
        return points;
    }

    /** {@code ThrottleBench.startEndCopy {throttle=NONE} warm-up 2/3}, or {@code starting} before the first point. */
    String text()
    {
        return point.isEmpty() ? step : point + " " + step;
    }
}
