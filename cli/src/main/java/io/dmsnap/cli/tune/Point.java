package io.dmsnap.cli.tune;

import io.dmsnap.cli.stats.Descriptive;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The samples of one threshold (and chunk size) of a sweep, with the medians every table, chart and
 * rule uses: a single slow or fast repeat does not move them.
 *
 * @param chunkBytes the snapshots' chunk size
 * @param threshold  the point's threshold
 * @param samples    the repeats, in run order (at least one)
 */
public record Point(long chunkBytes, Threshold threshold, List<Sample> samples)
{
    public Point
    {
        if (samples.isEmpty())
        {
            throw new IllegalArgumentException("a point needs at least one sample");
        }
        samples = List.copyOf(samples);
    }

    /** The median of one figure over the samples. */
    public double median(final ToDoubleFunction<Sample> figure)
    {
        return Descriptive.median(values(figure));
    }

    /** One figure of every sample, in run order. */
    public double[] values(final ToDoubleFunction<Sample> figure)
    {
        return samples.stream().mapToDouble(figure).toArray();
    }

    public double iops()
    {
        return median(Sample::iops);
    }

    public double p50Micros()
    {
        return median(Sample::p50Micros);
    }

    public double p99Micros()
    {
        return median(Sample::p99Micros);
    }

    public double p999Micros()
    {
        return median(Sample::p999Micros);
    }

    public double seconds()
    {
        return median(Sample::seconds);
    }

    /** Median modelled device time, or -1 when no device was timed. */
    public double deviceSeconds()
    {
        return samples.get(0).hasDeviceTime() ? median(Sample::deviceSeconds) : -1;
    }

    public double peakInflight()
    {
        return median(Sample::peakInflight);
    }

    public double peakCopyBytes()
    {
        return median(Sample::peakCopyBytes);
    }

    public double meanCopyBytes()
    {
        return median(Sample::meanCopyBytes);
    }
}
