package io.dmsnap.cli.matrix;

import io.dmsnap.bench.jmh.fio.FioBenchmarkName;

import java.util.List;

/**
 * What the tables and charts of a matrix are laid out by: one table per store and benchmark, in
 * these orders; the two presets compared; the worker counts every table lists; the switch
 * overrides both presets ran with. A plan has one ({@link #of(MatrixPlan)}); a result file read
 * back gives one too ({@link StoredMatrix}). Immutable.
 *
 * @param benchmarks the benchmarks, at least one
 * @param stores     the exception stores, at least one
 * @param before     the preset of the "before" column
 * @param after      the preset of the "after" column
 * @param workers    the worker counts, ascending
 * @param overrides  {@code switch=value} overrides of both presets; empty for none
 */
record MatrixLayout(List<FioBenchmarkName> benchmarks, List<String> stores, String before, String after,
                    List<Integer> workers, List<String> overrides)
{
    MatrixLayout
    {
        if (benchmarks.isEmpty() || stores.isEmpty() || workers.isEmpty())
        {
            throw new IllegalArgumentException("a matrix layout needs benchmarks, stores and worker counts");
        }
        benchmarks = List.copyOf(benchmarks);
        stores = List.copyOf(stores);
        workers = List.copyOf(workers);
        overrides = List.copyOf(overrides);
    }

    /** The layout a plan's run produces. */
    static MatrixLayout of(final MatrixPlan plan)
    {
        return new MatrixLayout(plan.benchmarks(), plan.stores(), plan.before(), plan.after(), plan.workers(),
            plan.overrides());
    }
}
