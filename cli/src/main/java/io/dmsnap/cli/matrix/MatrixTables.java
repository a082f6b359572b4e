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
 */
final class MatrixTables
{
    static final String NONE = "-";

    private MatrixTables()
    {
    }

    /** Print every table of {@code plan} from {@code points}, measured on a machine with {@code cpus} cores. */
    static void print(final PrintWriter out, final MatrixPlan plan, final List<MatrixPoint> points, final int cpus)
    {
        boolean first = true;
        for (final String store : plan.stores())
        {
            for (final FioBenchmarkName benchmark : plan.benchmarks())
            {
                if (!first)
                {
                    out.println();
                }
                first = false;
                printTable(out, plan, points, cpus, benchmark, store);
            }
        }
        out.flush();
    }

    private static void printTable(final PrintWriter out, final MatrixPlan plan, final List<MatrixPoint> points,
                                   final int cpus, final FioBenchmarkName benchmark, final String store)
    {
        final boolean throughput = benchmark.type() == FioBenchmarkName.Type.THROUGHPUT;
        final String ratio = throughput ? "after/before" : "before/after";
        out.println(benchmark.name() + ", store " + store + ": " + (throughput ? "IOPS (ops/s, all workers)"
            : "mean latency (us/op)") + "; before = " + plan.before() + ", after = " + plan.after()
            + (plan.overrides().isEmpty() ? "" : ", both with " + String.join(",", plan.overrides())));
        final TextTable table = new TextTable(5).row(List.of("workers", "before", "after", ratio, "seed " + ratio));
        final List<Integer> oversubscribed = new ArrayList<>();
        String noise = null;
        for (final int workers : plan.workers())
        {
            final MatrixPoint before = find(points, benchmark, store, plan.before(), workers);
            final MatrixPoint after = find(points, benchmark, store, plan.after(), workers);
            String gain = before == null || after == null ? NONE
                : ratio(SeedReference.gain(benchmark.type(), before.score(), after.score()));
            if (before != null && after != null && !gain.equals(NONE)
                && !Significance.significant(before.iterations(), after.iterations()))
            {
                gain += " ~";
                noise = noiseNote(before.iterations().length, after.iterations().length);
            }
            final OptionalDouble seed = SeedReference.gain(benchmark, workers);
            if (workers > cpus)
            {
                oversubscribed.add(workers);
            }
            table.row(List.of(workers + (workers > cpus ? "*" : ""), figure(before, throughput), figure(after, throughput),
                gain, seed.isPresent() ? ratio(seed.getAsDouble()) : NONE));
        }
        table.print(out);
        if (!oversubscribed.isEmpty())
        {
            out.println("* " + oversubscriptionNote(oversubscribed, cpus));
        }
        if (noise != null)
        {
            out.println("~ " + noise);
        }
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

    private static String figure(final MatrixPoint point, final boolean throughput)
    {
        if (point == null || !Double.isFinite(point.score()))
        {
            return NONE;
        }
        return throughput ? String.format(Locale.ROOT, "%.0f", point.score())
            : String.format(Locale.ROOT, "%.2f", point.score());
    }

    private static String ratio(final double value)
    {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f", value) : NONE;
    }
}
