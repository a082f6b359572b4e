package io.dmsnap.cli.stats;

import org.apache.commons.statistics.descriptive.Median;

/**
 * The Hodges-Lehmann estimate of the shift between two samples: the median of all
 * {@code n m} differences {@code candidate[j] - base[i]}. It is the shift that the Mann-Whitney U
 * test is built around (the shift {@code s} for which {@code candidate - s} and {@code base} look
 * most alike to the U test), robust to a wild value on either side, and more precise than the
 * difference of medians when the two samples have the same shape.
 *
 * <p>Assumption: the candidate's distribution is the base's shifted by a constant; under other
 * changes it still estimates the median of the pairwise differences, which is what it reports.
 * Cost: {@code n m} doubles of memory per call.
 *
 * @param shift the estimate, in the unit of the samples; positive when the candidate is larger
 * @param percentOfBaseMedian {@code 100 shift / median(base)}
 */
public record HodgesLehmann(double shift, double percentOfBaseMedian)
{
    /**
     * The Hodges-Lehmann shift of candidate against base.
     *
     * @throws IllegalArgumentException when a sample is empty, holds a non-finite value, or a
     *     base value is not positive (the percent needs a positive base median)
     */
    public static HodgesLehmann of(final double[] base, final double[] candidate)
    {
        Samples.check(base, "base sample", 1);
        Samples.check(candidate, "candidate sample", 1);
        final double baseMedian = Descriptive.median(base);
        if (!(baseMedian > 0.0))
        {
            throw new IllegalArgumentException("base median is " + baseMedian
                + ": the shift as a percent needs a positive base median");
        }
        final double[] differences = new double[Math.multiplyExact(base.length, candidate.length)];
        int k = 0;
        for (final double c : candidate)
        {
            for (final double b : base)
            {
                differences[k++] = c - b;
            }
        }
        final double shift = Median.withDefaults().withCopy(false).evaluate(differences);
        return new HodgesLehmann(shift, 100.0 * shift / baseMedian);
    }
}
