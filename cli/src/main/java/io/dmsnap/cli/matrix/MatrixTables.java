package io.dmsnap.cli.matrix;

import io.dmsnap.bench.jmh.fio.FioBenchmarkName;
import io.dmsnap.cli.common.TextTable;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The seed's table form, one table per benchmark and store:
 * {@code workers | before | after | after/before | seed after/before} for throughput (IOPS) and
 * {@code workers | before | after | before/after | seed before/after} for latency (mean
 * microseconds), so a ratio above 1 always means "after" is better, as in the seed. A cell
 * without a figure shows {@code -}. Worker counts above the machine's cores are marked with
 * {@code *} and a footnote: they measure oversubscription, not scaling. A ratio followed by
 * {@code ~} is within the noise ({@link Significance}: the iteration scores of the two sides do
 * not differ at p < 0.05), as benchstat marks deltas it cannot tell from zero.
 *
 * <p>{@link #tables} computes the tables once, as cells and as figures; the terminal prints the
 * cells ({@link #print}) and the HTML report ({@link MatrixReport}) shows the same cells and draws
 * the same figures, so a mark in one is a mark in the other.
 */
final class MatrixTables
{
    static final String NONE = "-";

    /**
     * One worker count of a table.
     *
     * @param workers        the worker count
     * @param oversubscribed more workers than cores
     * @param before         the "before" point, or null when it was not measured
     * @param after          the "after" point, or null
     * @param gain           after/before (throughput) or before/after (latency), when both are measured
     * @param withinNoise    the gain is marked {@code ~}: not significant, or too few iterations to tell
     * @param seedGain       the seed's gain at this worker count, when the seed has one
     */
    record Row(int workers, boolean oversubscribed, MatrixPoint before, MatrixPoint after, OptionalDouble gain,
               boolean withinNoise, OptionalDouble seedGain)
    {
        /** The cells as the terminal prints them. */
        List<String> cells(final boolean throughput)
        {
            return List.of(workers + (oversubscribed ? "*" : ""), figure(before, throughput), figure(after, throughput),
                gain.isPresent() ? ratio(gain.getAsDouble()) + (withinNoise ? " ~" : "") : NONE,
                seedGain.isPresent() ? ratio(seedGain.getAsDouble()) : NONE);
        }
    }

    /**
     * One table.
     *
     * @param benchmark the benchmark
     * @param store     the exception store
     * @param title     the line above the table: benchmark, store, unit, presets, overrides
     * @param header    the column names
     * @param rows      one per worker count of the layout
     * @param footnotes the {@code *} and {@code ~} notes, each starting with its mark; empty when none applies
     */
    record Table(FioBenchmarkName benchmark, String store, String title, List<String> header, List<Row> rows,
                 List<String> footnotes)
    {
        boolean throughput()
        {
            return benchmark.type() == FioBenchmarkName.Type.THROUGHPUT;
        }

        /** "after/before" for throughput, "before/after" for latency: the ratio that is above 1 when "after" is better. */
        String ratioName()
        {
            return throughput() ? "after/before" : "before/after";
        }
    }

    private MatrixTables()
    {
    }

    /** Print every table of {@code plan} from {@code points}, measured on a machine with {@code cpus} cores. */
    static void print(final PrintWriter out, final MatrixPlan plan, final List<MatrixPoint> points, final int cpus)
    {
        print(out, tables(MatrixLayout.of(plan), points, cpus));
    }

    /** Print tables, a blank line between two. */
    static void print(final PrintWriter out, final List<Table> tables)
    {
        boolean first = true;
        for (final Table table : tables)
        {
            if (!first)
            {
                out.println();
            }
            first = false;
            out.println(table.title());
            final TextTable text = new TextTable(table.header().size()).row(table.header());
            for (final Row row : table.rows())
            {
                text.row(row.cells(table.throughput()));
            }
            text.print(out);
            table.footnotes().forEach(out::println);
        }
        out.flush();
    }

    /**
     * The tables of a layout, store by store, benchmark by benchmark. {@code cpus} is the machine's
     * core count; {@link Integer#MAX_VALUE} when it is not known (nothing is marked oversubscribed).
     */
    static List<Table> tables(final MatrixLayout layout, final List<MatrixPoint> points, final int cpus)
    {
        final List<Table> tables = new ArrayList<>();
        for (final String store : layout.stores())
        {
            for (final FioBenchmarkName benchmark : layout.benchmarks())
            {
                tables.add(table(layout, points, cpus, benchmark, store));
            }
        }
        return tables;
    }

    private static Table table(final MatrixLayout layout, final List<MatrixPoint> points, final int cpus,
                               final FioBenchmarkName benchmark, final String store)
    {
        final boolean throughput = benchmark.type() == FioBenchmarkName.Type.THROUGHPUT;
        final String ratio = throughput ? "after/before" : "before/after";
        final String title = benchmark.name() + ", store " + store + ": " + (throughput ? "IOPS (ops/s, all workers)"
            : "mean latency (us/op)") + "; before = " + layout.before() + ", after = " + layout.after()
            + (layout.overrides().isEmpty() ? "" : ", both with " + String.join(",", layout.overrides()));
        final List<Row> rows = new ArrayList<>();
        final List<Integer> oversubscribed = new ArrayList<>();
        String noise = null;
        for (final int workers : layout.workers())
        {
            final MatrixPoint before = find(points, benchmark, store, layout.before(), workers);
            final MatrixPoint after = find(points, benchmark, store, layout.after(), workers);
            OptionalDouble gain = OptionalDouble.empty();
            boolean withinNoise = false;
            if (before != null && after != null)
            {
                final double g = SeedReference.gain(benchmark.type(), before.score(), after.score());
                if (Double.isFinite(g))
                {
                    gain = OptionalDouble.of(g);
                    if (!Significance.significant(before.iterations(), after.iterations()))
                    {
                        withinNoise = true;
                        noise = noiseNote(before.iterations().length, after.iterations().length);
                    }
                }
            }
            if (workers > cpus)
            {
                oversubscribed.add(workers);
            }
            rows.add(new Row(workers, workers > cpus, before, after, gain, withinNoise,
                SeedReference.gain(benchmark, workers)));
        }
        final List<String> footnotes = new ArrayList<>();
        if (!oversubscribed.isEmpty())
        {
            footnotes.add("* " + oversubscriptionNote(oversubscribed, cpus));
        }
        if (noise != null)
        {
            footnotes.add("~ " + noise);
        }
        return new Table(benchmark, store, title, List.of("workers", "before", "after", ratio, "seed " + ratio), rows,
            footnotes);
    }

    /** {@code within the noise: the U test on 5+5 iteration scores gives p >= 0.05.} */
    static String noiseNote(final int before, final int after)
    {
        if (before < Significance.MIN_SAMPLES || after < Significance.MIN_SAMPLES)
        {
            return "not tested: fewer than " + Significance.MIN_SAMPLES + " iteration scores on a side (" + before + "+"
                + after + ").";
        }
        return "within the noise: Mann-Whitney U test on " + before + "+" + after + " iteration scores gives p >= "
            + Significance.ALPHA + ".";
    }

    /** {@code 4 and 8 workers on 2 cores measure oversubscription.} */
    static String oversubscriptionNote(final List<Integer> counts, final int cpus)
    {
        final StringBuilder list = new StringBuilder();
        for (int i = 0; i < counts.size(); i++)
        {
            if (i > 0)
            {
                list.append(i == counts.size() - 1 ? " and " : ", ");
            }
            list.append(counts.get(i));
        }
        return list + " workers on " + cpus + (cpus == 1 ? " core" : " cores") + " measure oversubscription.";
    }

    private static MatrixPoint find(final List<MatrixPoint> points, final FioBenchmarkName benchmark,
                                    final String store, final String preset, final int workers)
    {
        for (final MatrixPoint p : points)
        {
            if (p.benchmark().equals(benchmark) && p.store().equals(store) && p.preset().equals(preset)
                && p.workers() == workers)
            {
                return p;
            }
        }
        return null;
    }

    /** A point's score as the tables print it: IOPS without decimals, latency with two. */
    static String figure(final MatrixPoint point, final boolean throughput)
    {
        if (point == null || !Double.isFinite(point.score()))
        {
            return NONE;
        }
        return throughput ? String.format(Locale.ROOT, "%.0f", point.score())
            : String.format(Locale.ROOT, "%.2f", point.score());
    }

    static String ratio(final double value)
    {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f", value) : NONE;
    }
}
