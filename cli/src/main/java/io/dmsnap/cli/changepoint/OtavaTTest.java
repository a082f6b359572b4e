package io.dmsnap.cli.changepoint;

import org.apache.commons.math3.special.Beta;

/**
 * The two-sample t-test of Apache Otava and Hunter, reproduced with its quirk so that p-values
 * match theirs. It is a pooled-variance (Student, not Welch) two-sided test, but it is fed
 * population standard deviations (divided by n) where the textbook test uses sample ones
 * (divided by n - 1): the pooled variance comes out smaller and p smaller, i.e. more significant.
 * For [1, 2, 3] against [4, 5, 6, 7] it gives p = 0.00614 where the textbook test gives 0.01172.
 *
 * <p>Special cases, as Otava's numerical libraries produce them: a side of one point has standard
 * deviation 0; with two points in all, p = 1; with both sides constant, p = 0 when their levels
 * differ (t is infinite: a single differing point next to a constant run is "infinitely
 * significant") and NaN when they are equal.
 *
 * <p>The p-value is the regularized incomplete beta function I_{df/(df+t²)}(df/2, 1/2), which keeps
 * its relative accuracy in the far tail (p near 1e-30), where {@code 2 * (1 - cdf(|t|))} would
 * round to 0.
 *
 * <p>Means and sums of squares are added up pairwise, in NumPy's order ({@link #pairwiseSum}): the
 * rounding error grows with log n instead of n, and it is Otava's rounding, so a constant segment
 * has a standard deviation of exactly 0 in both (a running sum leaves about 1e-16, which turns an
 * infinitely significant p = 0 into 1e-200, and can tip a change of exactly the minimum magnitude
 * to the other side of it).
 */
final class OtavaTTest
{
    private OtavaTTest()
    {
    }

    /** Compares {@code z[from..split-1]} with {@code z[split..to-1]}; both must be non-empty. */
    static SegmentComparison compare(final double[] z, final int from, final int split, final int to)
    {
        if (from >= split || split >= to)
        {
            throw new IllegalArgumentException("segments [" + from + ", " + split + ") and [" + split + ", " + to
                + ") must both be non-empty");
        }
        final int n1 = split - from;
        final int n2 = to - split;
        final double m1 = mean(z, from, split);
        final double m2 = mean(z, split, to);
        final double s1 = populationStdDev(z, from, split, m1);
        final double s2 = populationStdDev(z, split, to, m2);
        return new SegmentComparison(pValue(n1, m1, s1, n2, m2, s2), m1, m2, s1, s2);
    }

    private static double pValue(final int n1, final double m1, final double s1, final int n2, final double m2,
        final double s2)
    {
        if (n1 + n2 <= 2)
        {
            return 1.0;
        }
        final int df = n1 + n2 - 2;
        // The standard deviations go in where the test expects sample ones: that is the quirk.
        final double pooledVariance = ((n1 - 1) * (s1 * s1) + (n2 - 1) * (s2 * s2)) / df;
        final double standardError = Math.sqrt(pooledVariance * (1.0 / n1 + 1.0 / n2));
        if (standardError == 0)
        {
            return m1 == m2 ? Double.NaN : 0.0;
        }
        final double t = (m1 - m2) / standardError;
        return Beta.regularizedBeta(df / (df + t * t), 0.5 * df, 0.5);
    }

    private static double mean(final double[] z, final int from, final int to)
    {
        return pairwiseSum(z, from, to, false, 0) / (to - from);
    }

    private static double populationStdDev(final double[] z, final int from, final int to, final double mean)
    {
        if (to - from < 2)
        {
            return 0;
        }
        return Math.sqrt(pairwiseSum(z, from, to, true, mean) / (to - from));
    }

    /**
     * The sum of {@code z[from..to-1]}, or with {@code squares} of {@code (z[i] - center)²}, in the
     * order of NumPy's pairwise summation: below 8 values a running sum; up to 128, eight running
     * sums over interleaved values, combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the
     * remainder one by one; above, the two halves (the first a multiple of 8 long) recursively.
     */
    static double pairwiseSum(final double[] z, final int from, final int to, final boolean squares, final double center)
    {
        final int n = to - from;
        if (n < 8)
        {
            double sum = 0;
            for (int i = from; i < to; i++)
            {
                sum += term(z[i], squares, center);
            }
            return sum;
        }
        if (n <= 128)
        {
            double r0 = term(z[from], squares, center);
            double r1 = term(z[from + 1], squares, center);
            double r2 = term(z[from + 2], squares, center);
            double r3 = term(z[from + 3], squares, center);
            double r4 = term(z[from + 4], squares, center);
            double r5 = term(z[from + 5], squares, center);
            double r6 = term(z[from + 6], squares, center);
            double r7 = term(z[from + 7], squares, center);
            int i = from + 8;
            final int blocksEnd = to - n % 8;
            for (; i < blocksEnd; i += 8)
            {
                r0 += term(z[i], squares, center);
                r1 += term(z[i + 1], squares, center);
                r2 += term(z[i + 2], squares, center);
                r3 += term(z[i + 3], squares, center);
                r4 += term(z[i + 4], squares, center);
                r5 += term(z[i + 5], squares, center);
                r6 += term(z[i + 6], squares, center);
                r7 += term(z[i + 7], squares, center);
            }
            double sum = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < to; i++)
            {
                sum += term(z[i], squares, center);
            }
            return sum;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwiseSum(z, from, from + half, squares, center) + pairwiseSum(z, from + half, to, squares, center);
    }

    private static double term(final double value, final boolean squares, final double center)
    {
        if (!squares)
        {
            return value;
        }
        final double d = value - center;
        return d * d;
    }
}
