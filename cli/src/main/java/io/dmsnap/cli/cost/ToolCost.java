package io.dmsnap.cli.cost;

import io.dmsnap.cli.Dmsnap;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the regression tools cost a CI job, measured as a user runs them: the whole command
 * in-process (reading the files, the statistics, the JSON output), on synthetic result files of
 * growing size, each size warmed up and then timed several times. JVM start-up is left out (add
 * about half a second for a command started from the shell). Prints the median and range per
 * size, the cost per row or per run, and how the cost grows from one size to the next (the
 * exponent k of time ~ size^k).
 *
 * <ul>
 * <li>compare: two files of R rows with 30 values a side (30 forks of one iteration), the
 *     command's default 10,000 bootstrap resamples per row;
 * <li>history: N nightly files of 100 rows (3 forks of 5 iterations each), one host.
 * </ul>
 *
 * <pre>
 * java -cp cli/target/dmsnap.jar io.dmsnap.cli.cost.ToolCost [compare|history|all]
 * </pre>
 * A plain program rather than a JMH benchmark: each measured operation is a whole command of
 * seconds, for which JMH's single-shot mode adds nothing but a fork; like the engine's
 * {@code ExceptionFootprint}, it says what it measured and how.
 */
public final class ToolCost
{
    private static final int WARMUPS = 2;
    private static final int MEASURED = 5;

    private ToolCost()
    {
    }

    public static void main(final String... args) throws IOException
    {
        final String which = args.length == 0 ? "all" : args[0];
        if (!List.of("compare", "history", "all").contains(which))
        {
            System.err.println("usage: ToolCost [compare|history|all]");
            System.exit(2);
        }
        final Path root = Files.createTempDirectory("dmsnap-tool-cost");
        try
        {
            if (!which.equals("history"))
            {
                compare(root);
            }
            if (!which.equals("compare"))
            {
                history(root);
            }
        }
        finally
        {
            delete(root);
        }
    }

    private static void compare(final Path root) throws IOException
    {
        System.out.println("dmsnap compare, 30 values a side, 10,000 resamples per row (ms per command)");
        final List<long[]> sizes = new ArrayList<>();
        for (final int rows : new int[] {100, 1000, 4000})
        {
            final Path dir = Files.createDirectories(root.resolve("compare-" + rows));
            final Path base = SyntheticRuns.write(dir.resolve("base.json"), rows, 30, 1, 0);
            final Path candidate = SyntheticRuns.write(dir.resolve("candidate.json"), rows, 30, 1, 1);
            final Path bands = Files.writeString(dir.resolve("bands.txt"), "* = 5%\n");
            final long median = measure(String.format(Locale.ROOT, "%5d rows", rows), rows, "row",
                "compare", base.toString(), candidate.toString(), "--format", "json", "--bands", bands.toString());
            sizes.add(new long[] {rows, median});
        }
        growth(sizes);
    }

    private static void history(final Path root) throws IOException
    {
        System.out.println("dmsnap history, 100 rows per run, 3 forks x 5 iterations (ms per command)");
        final List<long[]> sizes = new ArrayList<>();
        for (final int runs : new int[] {30, 120, 365})
        {
            final Path host = Files.createDirectories(root.resolve("history-" + runs).resolve("bench-host"));
            for (int night = 0; night < runs; night++)
            {
                SyntheticRuns.write(host.resolve(String.format(Locale.ROOT, "run-%04d.json", night)), 100, 3, 5, night);
            }
            final long median = measure(String.format(Locale.ROOT, "%5d runs", runs), runs, "run",
                "history", host.toString(), "--format", "json");
            sizes.add(new long[] {runs, median});
        }
        growth(sizes);
    }

    /** Runs the command WARMUPS + MEASURED times, prints the measured times; returns the median in ns. */
    private static long measure(final String label, final int size, final String unit, final String... command)
    {
        final long[] nanos = new long[MEASURED];
        for (int i = -WARMUPS; i < MEASURED; i++)
        {
            final long start = System.nanoTime();
            final int exit = Dmsnap.run(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()),
                command);
            final long elapsed = System.nanoTime() - start;
            if (exit > 1)
            {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + exit);
            }
            if (i >= 0)
            {
                nanos[i] = elapsed;
            }
        }
        Arrays.sort(nanos);
        final long median = nanos[MEASURED / 2];
        System.out.printf(Locale.ROOT, "  %s: median %8.1f ms  (min %8.1f, max %8.1f)  %7.3f ms per %s%n", label,
            median / 1e6, nanos[0] / 1e6, nanos[MEASURED - 1] / 1e6, median / 1e6 / size, unit);
        return median;
    }

    /** The exponent k of time ~ size^k between consecutive sizes. */
    private static void growth(final List<long[]> sizes)
    {
        for (int i = 1; i < sizes.size(); i++)
        {
            final long[] a = sizes.get(i - 1);
            final long[] b = sizes.get(i);
            System.out.printf(Locale.ROOT, "  growth %d -> %d: time ~ size^%.2f%n", a[0], b[0],
                Math.log((double) b[1] / a[1]) / Math.log((double) b[0] / a[0]));
        }
    }

    private static void delete(final Path root) throws IOException
    {
        try (Stream<Path> files = Files.walk(root))
        {
            for (final Path f : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(f);
            }
        }
    }
}
