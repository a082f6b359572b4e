package io.dmsnap.cli.matrix;

import io.dmsnap.bench.jmh.fio.FioBenchmarkName;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * The reference figures of the seed result (fine-grained locking, kernel commit 3f1637f2): for
 * the four randwrite benchmarks and 1, 2, 4 and 8 workers, the "before" (one snapshot mutex) and
 * "after" (fine-grained locking) figures, IOPS for throughput and mean microseconds for latency,
 * measured on a null_blk device. The matrix prints their ratio next to ours.
 */
final class SeedReference
{
    private static final int[] WORKERS = {1, 2, 4, 8};

    /** Per benchmark: {before, after} per worker count, in the order of {@link #WORKERS}. */
    private static final Map<String, double[][]> FIGURES = Map.of(
        "fio_origin_randwrite_throughput", new double[][] {
            {57708, 66421}, {63415, 77589}, {67276, 98839}, {60564, 109258}},
        "fio_origin_randwrite_latency", new double[][] {
            {16.25, 13.27}, {31.65, 25.08}, {55.28, 41.08}, {121.47, 74.44}},
        "fio_snapshot_randwrite_throughput", new double[][] {
            {72593, 84938}, {97379, 134973}, {90610, 143077}, {90537, 180085}},
        "fio_snapshot_randwrite_latency", new double[][] {
            {12.53, 10.6}, {19.78, 14.89}, {40.37, 23.47}, {89.32, 48.48}});

    private SeedReference()
    {
    }

    /**
     * The seed's gain for a benchmark and worker count, oriented so that more than 1 means
     * "after" is better: after/before for throughput, before/after for latency. Empty where the
     * seed has no figure.
     */
    static OptionalDouble gain(final FioBenchmarkName benchmark, final int workers)
    {
        final double[][] figures = FIGURES.get(benchmark.name());
        if (figures == null)
        {
            return OptionalDouble.empty();
        }
        for (int i = 0; i < WORKERS.length; i++)
        {
            if (WORKERS[i] == workers)
            {
                return OptionalDouble.of(gain(benchmark.type(), figures[i][0], figures[i][1]));
            }
        }
        return OptionalDouble.empty();
    }

    /** after/before for throughput, before/after for latency (a time: smaller is better). */
    static double gain(final FioBenchmarkName.Type type, final double before, final double after)
    {
        return type == FioBenchmarkName.Type.THROUGHPUT ? after / before : before / after;
    }
}
