package io.dmsnap.cli.tune;

import java.util.OptionalInt;

/**
 * The knee of a rising curve that levels off, by Kneedle (V. Satopää, J. Albrecht, D. Irwin,
 * B. Raghavan, "Finding a 'Kneedle' in a Haystack: Detecting Knee Points in System Behavior",
 * ICDCS workshops 2011), offline:
 * <ol>
 *   <li>scale x and y to [0, 1] (x by its first and last value, y by its minimum and maximum);</li>
 *   <li>the difference curve {@code d(i) = y(i) - x(i)}: how far the curve runs above the straight
 *       line from its first to its last point;</li>
 *   <li>at each local maximum {@code i} of {@code d} that lies more than {@code S x step} above the
 *       chord (so that noise on a flat stretch, where {@code d} is close to 0, is no knee), the threshold
 *       {@code T(i) = d(i) - S x (mean step of the scaled x)}; the knee is the first local maximum
 *       after which {@code d} falls below its threshold before it rises to another local maximum.
 *       The end of the curve counts as a fall when the last point lies below the threshold.</li>
 * </ol>
 * A curve whose total rise is small against its level ({@code flatness}, relative to the largest
 * value) has no knee: scaling would blow its noise up into a shape. A curve that ends lower than it
 * starts is not rising and has no knee either; a straight line has none (d is 0 throughout).
 *
 * <p>Stateless.
 */
public final class Kneedle
{
    private Kneedle()
    {
    }

    /**
     * The index of the knee of {@code y} over {@code x}, or empty when there is none.
     *
     * @param x           increasing positions (the thresholds on the log axis)
     * @param y           the curve (throughput), one value per position
     * @param sensitivity Kneedle's S (1 in the paper; larger waits for a clearer knee)
     * @param flatness    a rise below this fraction of the largest value is flat
     */
    public static OptionalInt knee(final double[] x, final double[] y, final double sensitivity, final double flatness)
    {
        final int n = x.length;
        if (n != y.length)
        {
            throw new IllegalArgumentException("x has " + n + " values, y " + y.length);
        }
        if (n < 3)
        {
            return OptionalInt.empty();
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (final double v : y)
        {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        final double span = x[n - 1] - x[0];
        if (span <= 0 || max - min <= flatness * Math.abs(max) || y[n - 1] < y[0])
        {
            return OptionalInt.empty();
        }
        final double[] d = new double[n];
        for (int i = 0; i < n; i++)
        {
            d[i] = (y[i] - min) / (max - min) - (x[i] - x[0]) / span;
        }
        final double step = 1.0 / (n - 1);     // mean step of the scaled x
        for (int i = 0; i < n; i++)
        {
            if (!localMaximum(d, i) || d[i] <= sensitivity * step)
            {
                continue;   // too close to the chord: noise on a flat stretch, not a bend
            }
            final double threshold = d[i] - sensitivity * step;
            for (int j = i + 1; j < n; j++)
            {
                if (d[j] < threshold)
                {
                    return OptionalInt.of(i);
                }
                if (localMaximum(d, j))
                {
                    break;
                }
            }
        }
        return OptionalInt.empty();
    }

    /** A point higher than its left neighbour and at least as high as its right one (ends: one side). */
    private static boolean localMaximum(final double[] d, final int i)
    {
        final boolean left = i == 0 || d[i] > d[i - 1];
        final boolean right = i == d.length - 1 || d[i] >= d[i + 1];
        return left && right && (i > 0 || d.length == 1 || d[i] > d[i + 1]);
    }
}
