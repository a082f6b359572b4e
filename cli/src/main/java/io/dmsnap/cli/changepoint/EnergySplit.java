package io.dmsnap.cli.changepoint;

/**
 * The E-divisive means divergence q̂ (Matteson and James, 2014, with exponent alpha = 1) over one
 * interval {@code [from, to)} of a series, and the split that maximises it.
 *
 * <p>For a split at {@code tau} and a right end {@code kappa} (from &lt; tau &lt; kappa &le; to),
 * X = {@code z[from..tau-1]} (n points) and Y = {@code z[tau..kappa-1]} (m points):
 * <pre>
 *   q̂(tau, kappa) = 2/(n+m) * cross
 *                   - [n &ge; 2] * 2m / ((n+m)(n-1)) * withinX
 *                   - [m &ge; 2] * 2n / ((n+m)(m-1)) * withinY
 * </pre>
 * where cross sums |x - y| over the pairs between X and Y and withinX, withinY over the unordered
 * pairs inside each side. This is n·m/(n+m) times the energy distance with the unbiased
 * (n(n-1)/2) within-side averages; a side of one point has no pairs and its term is 0.
 *
 * <p>The split maximises over both tau and kappa, as Apache Otava 0.8 does (Hunter and Otava up to
 * 0.7 fixed kappa at {@code to}). The scan runs tau ascending, then kappa ascending, and replaces
 * the best only on a strictly greater value, so ties go to the smallest tau, then the smallest
 * kappa: Otava's order. Only tau is a change point candidate; kappa says how far the new level was
 * seen to last.
 *
 * <p>Cost: O(L²) time for an interval of length L, O(L) memory, nothing allocated per scan.
 * {@code before[j]} holds the distances from point j to every earlier point of the interval;
 * {@code fromLeft[j]} those from point j to the points left of the current tau. Moving tau one
 * step right adds one row to {@code fromLeft} (O(L)); for a fixed tau, growing kappa by one adds
 * {@code fromLeft[j]} to the cross sum and {@code before[j] - fromLeft[j]} (the distances from j
 * to the points of Y before it) to withinY, O(1) each.
 *
 * <p>Not thread-safe: one instance is the scratch space of one detection at a time.
 */
final class EnergySplit
{
    private final double[] before;
    private final double[] fromLeft;

    private int tau;
    private int kappa;
    private double q;

    /** Scratch space for intervals of up to {@code capacity} points. */
    EnergySplit(final int capacity)
    {
        before = new double[capacity];
        fromLeft = new double[capacity];
    }

    /**
     * Finds the best split of {@code z[from..to-1]} over every tau and kappa; read it with
     * {@link #tau()}, {@link #kappa()}, {@link #q()}. The interval needs at least 2 points.
     */
    void search(final double[] z, final int from, final int to)
    {
        scan(z, from, to, from + 1, to - 1);
    }

    /**
     * The best kappa for the fixed split {@code tau} of {@code z[from..to-1]}: q̂ of an existing
     * change point between its neighbours. Same cost as {@link #search}.
     */
    void searchAt(final double[] z, final int from, final int tau, final int to)
    {
        if (tau <= from || tau >= to)
        {
            throw new IllegalArgumentException("split " + tau + " is not inside [" + from + ", " + to + ")");
        }
        scan(z, from, to, tau, tau);
    }

    /** The split found: the index (in the series) of the first point of the new level. */
    int tau()
    {
        return tau;
    }

    /** The exclusive end of the right part that gave the best q̂. */
    int kappa()
    {
        return kappa;
    }

    /** The best q̂. */
    double q()
    {
        return q;
    }

    private void scan(final double[] z, final int from, final int to, final int firstTau, final int lastTau)
    {
        final int length = to - from;
        if (length < 2 || length > before.length)
        {
            throw new IllegalArgumentException("interval [" + from + ", " + to + ") must hold 2 to " + before.length + " points");
        }
        for (int j = 0; j < length; j++)
        {
            final double zj = z[from + j];
            double sum = 0;
            for (int i = 0; i < j; i++)
            {
                sum += Math.abs(z[from + i] - zj);
            }
            before[j] = sum;
            fromLeft[j] = 0;
        }
        boolean found = false;
        double withinX = 0;
        // t and k are tau and kappa relative to from; X = [0, t), Y = [t, k).
        for (int t = 1; t <= lastTau - from; t++)
        {
            final int joined = t - 1;          // the point that just moved from Y's side into X
            final double zJoined = z[from + joined];
            for (int j = t; j < length; j++)
            {
                fromLeft[j] += Math.abs(zJoined - z[from + j]);
            }
            withinX += before[joined];
            if (t < firstTau - from)
            {
                continue;
            }
            final int n = t;
            double cross = 0;
            double withinY = 0;
            for (int k = t + 1; k <= length; k++)
            {
                final int j = k - 1;           // the point that just joined Y
                cross += fromLeft[j];
                withinY += before[j] - fromLeft[j];
                final int m = k - t;
                final double total = n + m;
                double value = 2.0 / total * cross;
                if (n >= 2)
                {
                    value -= 2.0 * m / (total * (n - 1)) * withinX;
                }
                if (m >= 2)
                {
                    value -= 2.0 * n / (total * (m - 1)) * withinY;
                }
                if (!found || value > q)
                {
                    found = true;
                    tau = from + t;
                    kappa = from + k;
                    q = value;
                }
            }
        }
    }
}
