package io.dmsnap.cli.suite;

import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One point a suite will measure: a benchmark in one mode, at one thread count, with one value per
 * parameter, as JMH will run it; and how long it should take. A point becomes one row per metric in
 * the result file, keyed on the same fields, so two points of a suite must differ in one of them.
 * Immutable.
 */
public final class SuitePoint
{
    private final String benchmark;
    private final String mode;
    private final int threads;
    private final SortedMap<String, String> params;
    private final double estimatedSeconds;

    SuitePoint(final String benchmark, final String mode, final int threads, final Map<String, String> params,
               final double estimatedSeconds)
    {
        this.benchmark = benchmark;
        this.mode = mode;
        this.threads = threads;
        this.params = new TreeMap<>(params);
        this.estimatedSeconds = estimatedSeconds;
    }

    /** The benchmark's full name (class and method). */
    public String benchmark()
    {
        return benchmark;
    }

    /** JMH's short name of the mode: {@code thrpt}, {@code avgt}, {@code sample}, {@code ss}. */
    public String mode()
    {
        return mode;
    }

    public int threads()
    {
        return threads;
    }

    /** Parameter name to value, sorted by name. */
    public SortedMap<String, String> params()
    {
        return new TreeMap<>(params);
    }

    /** Forks times (JVM start plus warm-up and measurement iterations): what the point should take. */
    public double estimatedSeconds()
    {
        return estimatedSeconds;
    }

    /** What makes two points the same row: benchmark, mode, threads and parameters. */
    String identity()
    {
        return benchmark + " [" + mode + ", threads=" + threads + "] " + params;
    }

    /** {@code Class.method [mode, threads=N] {p=v, ...}}, the package left out. */
    public String label()
    {
        final int method = benchmark.lastIndexOf('.');
        final int type = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(type + 1) + " [" + mode + ", threads=" + threads + "]"
            + (params.isEmpty() ? "" : " " + params.toString().replace(", ", ","));
    }

    @Override
    public String toString()
    {
        return label() + String.format(Locale.ROOT, " ~%.0f s", estimatedSeconds);
    }
}
