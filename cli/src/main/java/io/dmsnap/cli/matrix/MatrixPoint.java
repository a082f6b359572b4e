package io.dmsnap.cli.matrix;

import io.dmsnap.bench.jmh.fio.FioBenchmarkName;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of one point of a matrix: one benchmark with one preset, store and worker count,
 * reduced to what the tables and the summary of the result file show. Immutable.
 */
final class MatrixPoint
{
    /** Percentiles reported for latency points, as fractions of 100 (JMH's convention). */
    static final double[] PERCENTILES = {50.0, 99.0, 99.9};

    private final FioBenchmarkName benchmark;
    private final String preset;
    private final String store;
    private final int workers;
    private final double score;
    private final double scoreError;
    private final String unit;
    /** Values at {@link #PERCENTILES} for latency points (per-operation samples); empty otherwise. */
    private final double[] percentiles;
    /** The primary score of every measurement iteration of every fork: the samples {@link Significance} compares. */
    private final double[] iterations;

    MatrixPoint(final FioBenchmarkName benchmark, final String preset, final String store, final int workers,
                final double score, final double scoreError, final String unit, final double[] percentiles,
                final double[] iterations)
    {
        this.benchmark = benchmark;
        this.preset = preset;
        this.store = store;
        this.workers = workers;
        this.score = score;
        this.scoreError = scoreError;
        this.unit = unit;
        this.percentiles = percentiles.clone();
        this.iterations = iterations.clone();
    }

    /** The point of a JMH run result of {@link io.dmsnap.bench.jmh.fio.FioBenchmarks}. */
    static MatrixPoint of(final RunResult run)
    {
        final BenchmarkParams params = run.getParams();
        final FioBenchmarkName name = FioBenchmarkName.parse(params.getBenchmark());
        final Result<?> primary = run.getPrimaryResult();
        double[] percentiles = new double[0];
        if (name.type() == FioBenchmarkName.Type.LATENCY)
        {
            final Statistics stats = primary.getStatistics();
            percentiles = new double[PERCENTILES.length];
            for (int i = 0; i < PERCENTILES.length; i++)
            {
                percentiles[i] = stats.getPercentile(PERCENTILES[i]);
            }
        }
        final List<Double> iterations = new ArrayList<>();
        for (final BenchmarkResult fork : run.getBenchmarkResults())
        {
            for (final IterationResult iteration : fork.getIterationResults())
            {
                iterations.add(iteration.getPrimaryResult().getScore());
            }
        }
        return new MatrixPoint(name, params.getParam("preset"), params.getParam("store"), params.getThreads(),
            primary.getScore(), primary.getScoreError(), primary.getScoreUnit(), percentiles,
            iterations.stream().mapToDouble(Double::doubleValue).toArray());
    }

    FioBenchmarkName benchmark()
    {
        return benchmark;
    }

    String preset()
    {
        return preset;
    }

    String store()
    {
        return store;
    }

    int workers()
    {
        return workers;
    }

    /** Throughput: ops/s summed over the workers; latency: mean time per operation. */
    double score()
    {
        return score;
    }

    /** JMH's 99.9% half-width; NaN when there were too few iterations to tell. */
    double scoreError()
    {
        return scoreError;
    }

    String unit()
    {
        return unit;
    }

    double[] percentiles()
    {
        return percentiles.clone();
    }

    /** Per-iteration scores, in run order (forks one after the other). */
    double[] iterations()
    {
        return iterations.clone();
    }
}
