package io.dmsnap.cli.changepoint;

import java.util.SplittableRandom;

/**
 * The permutation test of the original E-divisive method (Matteson and James; MongoDB's and
 * Otava's {@code --orig-edivisive}): shuffle the values, search again, and count how often the
 * shuffled series shows a divergence at least as large as the observed one. It assumes nothing
 * about the distribution of the noise, which the t-test does (normal, equal variances).
 *
 * <p>For a candidate, every current interval of the window is shuffled on its own (the structure
 * already found is kept) and the best q̂ over all of them is compared with the candidate's. For an
 * existing change point, the segment between its neighbours is shuffled and its best q̂ is
 * compared with the point's own (its best over kappa). p = exceedances / (permutations + 1), as
 * Otava and MongoDB compute it, so with 100 permutations the smallest non-zero p is 1/101 and a
 * threshold below that passes only splits that no shuffle matched.
 *
 * <p>Reproducible: each test draws from its own generator, seeded from the detector's seed and the
 * segment bounds, so a result does not depend on which tests ran before it (the merge rules may
 * evaluate the same test in a different order) and the same series always gives the same answer.
 */
final class PermutationSignificance implements SplitSignificance
{
    private final int permutations;
    private final long seed;
    private final double[] shuffled;
    private final EnergySplit energy;

    /** For series of up to {@code capacity} points. */
    PermutationSignificance(final int permutations, final long seed, final int capacity)
    {
        this.permutations = permutations;
        this.seed = seed;
        this.shuffled = new double[capacity];
        this.energy = new EnergySplit(capacity);
    }

    @Override
    public double candidatePValue(final double[] z, final int[] bounds, final int count, final int interval, final int tau,
        final double q)
    {
        final int base = bounds[0];
        final int length = bounds[count - 1] - base;
        // One copy: shuffling an already shuffled array again is still a uniform permutation.
        System.arraycopy(z, base, shuffled, 0, length);
        final SplittableRandom random = generator(base, tau, bounds[count - 1]);
        int exceedances = 0;
        for (int r = 0; r < permutations; r++)
        {
            double best = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < count - 1; i++)
            {
                final int from = bounds[i] - base;
                final int to = bounds[i + 1] - base;
                shuffle(random, from, to);
                if (to - from >= 2)
                {
                    energy.search(shuffled, from, to);
                    best = Math.max(best, energy.q());
                }
            }
            if (best >= q)
            {
                exceedances++;
            }
        }
        return exceedances / (permutations + 1.0);
    }

    @Override
    public SegmentComparison compare(final double[] z, final int from, final int split, final int to)
    {
        energy.searchAt(z, from, split, to);
        final double observed = energy.q();
        final int length = to - from;
        System.arraycopy(z, from, shuffled, 0, length);
        final SplittableRandom random = generator(from, split, to);
        int exceedances = 0;
        for (int r = 0; r < permutations; r++)
        {
            shuffle(random, 0, length);
            energy.search(shuffled, 0, length);
            if (energy.q() >= observed)
            {
                exceedances++;
            }
        }
        return OtavaTTest.compare(z, from, split, to).withPValue(exceedances / (permutations + 1.0));
    }

    /** Fisher-Yates over {@code shuffled[from..to-1]}. */
    private void shuffle(final SplittableRandom random, final int from, final int to)
    {
        for (int i = to - 1; i > from; i--)
        {
            final int j = from + random.nextInt(i - from + 1);
            final double swap = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = swap;
        }
    }

    private SplittableRandom generator(final int from, final int split, final int to)
    {
        long key = seed;
        key = key * 0x9E3779B97F4A7C15L + from;
        key = key * 0x9E3779B97F4A7C15L + split;
        key = key * 0x9E3779B97F4A7C15L + to;
        return new SplittableRandom(key);
    }
}
