package io.dmsnap.cli.compare;

import io.dmsnap.cli.result.Measurement;
import io.dmsnap.cli.result.Replicate;

/**
 * The values a row compares on each side. The unit of replication is the fork or run: with two or
 * more replicates on both sides, each replicate gives one value, the mean of its iterations (JMH's
 * score of a fork; a fio run's one value). When a side has a single replicate there is nothing
 * independent to compare, and the iterations of both sides are pooled instead (both sides alike,
 * so their spreads stay comparable); the caller warns, naming the row, because iterations of one
 * JVM share its JIT state and the intervals come out too narrow.
 *
 * @param base      the base values
 * @param candidate the candidate values
 * @param pooled    whether the values are pooled iterations
 */
record SampleSelection(double[] base, double[] candidate, boolean pooled)
{
    /** The values of a row's two sides. */
    static SampleSelection of(final Measurement base, final Measurement candidate)
    {
        if (base.replicateCount() >= 2 && candidate.replicateCount() >= 2)
        {
            return new SampleSelection(replicateMeans(base), replicateMeans(candidate), false);
        }
        return new SampleSelection(base.pooledSamples(), candidate.pooledSamples(), true);
    }

    /** One value per replicate, in order: the mean of its samples. */
    static double[] replicateMeans(final Measurement m)
    {
        final double[] means = new double[m.replicateCount()];
        int i = 0;
        for (final Replicate r : m.replicates())
        {
            double sum = 0.0;
            for (final Double v : r.samples())
            {
                sum += v;
            }
            means[i++] = sum / r.samples().size();
        }
        return means;
    }

    /** The values a row gives for an A/A calibration: one per replicate, or every iteration with a single replicate. */
    static double[] values(final Measurement m)
    {
        return m.replicateCount() >= 2 ? replicateMeans(m) : m.pooledSamples();
    }
}
