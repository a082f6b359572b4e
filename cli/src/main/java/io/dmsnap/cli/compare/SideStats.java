package io.dmsnap.cli.compare;

import java.util.List;

/**
 * One side of a compared row: the values the statistics used and their median with its interval.
 *
 * @param n       number of values
 * @param median  their median
 * @param ciLow   lower bound of the median's interval ({@link MedianInterval}); null when unbounded
 * @param ciHigh  upper bound; null when unbounded
 * @param samples the values, one per fork or run (or every iteration when they were pooled); read-only
 */
public record SideStats(int n, double median, Double ciLow, Double ciHigh, List<Double> samples)
{
    public SideStats
    {
        samples = List.copyOf(samples);
    }

    /** The samples as an array. */
    double[] values()
    {
        return samples.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Half the width of the median's interval relative to the median, in percent (the larger half); infinite when unbounded. */
    double ciHalfWidthPercent()
    {
        if (ciLow == null || ciHigh == null || median == 0.0)
        {
            return Double.POSITIVE_INFINITY;
        }
        return 100.0 * Math.max(median - ciLow, ciHigh - median) / Math.abs(median);
    }
}
