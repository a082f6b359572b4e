package io.dmsnap.cli.reproduce;

import io.dmsnap.cli.result.Direction;
import io.dmsnap.cli.stats.Descriptive;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One measured quantity of a reproduction on one side (a variant, a preset, a worker count): what
 * the result file stores as a row and the HTML page draws as a point with its samples.
 *
 * @param metric    what was measured, e.g. {@code peak_copy_bytes}
 * @param side      which side, e.g. {@code before}, {@code v3.12}, {@code 64 buckets}
 * @param params    further row parameters (besides the side), e.g. the benchmark of a matrix cell
 * @param threads   threads that produced the load (a matrix cell's workers; 1 otherwise)
 * @param unit      the unit of the samples
 * @param direction whether more is better
 * @param samples   one value per repeat or iteration
 */
public record Figure(String metric, String side, SortedMap<String, String> params, int threads, String unit,
                     Direction direction, double[] samples)
{
    public Figure
    {
        if (samples.length == 0)
        {
            throw new IllegalArgumentException("a figure needs at least one sample: " + metric + " of " + side);
        }
        params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
        samples = samples.clone();
    }

    /** A figure of one thread without further parameters. */
    public static Figure of(final String metric, final String side, final String unit, final Direction direction,
                            final double... samples)
    {
        return new Figure(metric, side, new TreeMap<>(), 1, unit, direction, samples);
    }

    @Override
    public double[] samples()
    {
        return samples.clone();
    }

    /** The median of the samples. */
    public double median()
    {
        return Descriptive.median(samples);
    }
}
