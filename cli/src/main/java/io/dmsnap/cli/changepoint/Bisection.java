package io.dmsnap.cli.changepoint;

/**
 * The hierarchical divisive loop of E-divisive on one stretch {@code [from, to)} of a series: find
 * the best split of every current interval, take the best of all (the first interval wins a tie),
 * ask the significance test about it; if it passes, it becomes a change point and its interval
 * becomes two; if it fails, the search ends, even when another interval holds a candidate that
 * would pass. There is no minimum segment length: a change point may leave a single point on
 * either side (as in Otava, Hunter and MongoDB's implementation).
 *
 * <p>The best split of each interval is kept between rounds, so a new change point costs the scan
 * of the two intervals it creates, O(L²) together, not a rescan of everything. Found change points
 * come back sorted.
 *
 * <p>Not thread-safe: one instance is the scratch space of one detection at a time. Nothing is
 * allocated per round.
 */
final class Bisection
{
    private final EnergySplit energy;
    /** Interval boundaries, sorted: interval i is [bounds[i], bounds[i+1]). */
    private final int[] bounds;
    /** Best split of interval i, or -1 when it has fewer than 2 points. */
    private final int[] candidateTau;
    private final double[] candidateQ;
    private int count;

    /** For stretches of up to {@code capacity} points. */
    Bisection(final int capacity)
    {
        energy = new EnergySplit(capacity);
        bounds = new int[capacity + 1];
        candidateTau = new int[capacity];
        candidateQ = new double[capacity];
    }

    /**
     * Finds the change points of {@code z[from..to-1]} and writes them, ascending, to {@code out}
     * (which must hold {@code to - from - 1} values); returns how many. A candidate passes when its
     * p-value is at most {@code maxPValue} (a NaN p-value never passes).
     */
    int detect(final double[] z, final int from, final int to, final SplitSignificance significance, final double maxPValue,
        final int[] out)
    {
        bounds[0] = from;
        bounds[1] = to;
        count = 2;
        evaluate(z, 0);
        while (true)
        {
            int best = -1;
            for (int i = 0; i < count - 1; i++)
            {
                if (candidateTau[i] >= 0 && (best < 0 || candidateQ[i] > candidateQ[best]))
                {
                    best = i;
                }
            }
            if (best < 0)
            {
                break;
            }
            final int tau = candidateTau[best];
            final double p = significance.candidatePValue(z, bounds, count, best, tau, candidateQ[best]);
            if (!(p <= maxPValue))
            {
                break;
            }
            split(best, tau);
            evaluate(z, best);
            evaluate(z, best + 1);
        }
        System.arraycopy(bounds, 1, out, 0, count - 2);
        return count - 2;
    }

    /** Interval i becomes [bounds[i], tau) and [tau, bounds[i+1]). */
    private void split(final int interval, final int tau)
    {
        System.arraycopy(bounds, interval + 1, bounds, interval + 2, count - interval - 1);
        System.arraycopy(candidateTau, interval + 1, candidateTau, interval + 2, count - interval - 2);
        System.arraycopy(candidateQ, interval + 1, candidateQ, interval + 2, count - interval - 2);
        bounds[interval + 1] = tau;
        count++;
    }

    private void evaluate(final double[] z, final int interval)
    {
        final int from = bounds[interval];
        final int to = bounds[interval + 1];
        if (to - from < 2)
        {
            candidateTau[interval] = -1;
            return;
        }
        energy.search(z, from, to);
        candidateTau[interval] = energy.tau();
        candidateQ[interval] = energy.q();
    }
}
