package io.dmsnap.cli.stats;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

/** Sample data for the tests: seeded normal samples, and samples with a chosen U statistic. */
final class TestSamples
{
    private TestSamples()
    {
    }

    /** A seeded source of normal samples. */
    static ContinuousDistribution.Sampler normal(final double mean, final double sd, final long seed)
    {
        final UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        return NormalDistribution.of(mean, sd).createSampler(rng);
    }

    /** {@code n} draws from {@code sampler}. */
    static double[] draw(final ContinuousDistribution.Sampler sampler, final int n)
    {
        final double[] values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = sampler.sample();
        }
        return values;
    }

    /**
     * Base and candidate of {@code n} and {@code m} distinct values (the ranks 1 .. n + m) whose
     * candidate U statistic (pairs in which the candidate value is larger) is exactly {@code u}.
     * Returns {base, candidate}.
     */
    static double[][] withCandidateU(final int n, final int m, final int u)
    {
        // The candidate's value of order i (0-based) beats base[0 .. shifts[i]) - starting from the
        // candidate entirely below the base (U = 0), push the largest candidates up first.
        final int[] beaten = new int[m];
        int left = u;
        for (int i = m - 1; i >= 0 && left > 0; i--)
        {
            beaten[i] = Math.min(left, i == m - 1 ? n : beaten[i + 1]);
            left -= beaten[i];
        }
        if (left != 0)
        {
            throw new IllegalArgumentException("U " + u + " is not reachable with " + n + " + " + m);
        }
        // Candidate i has beaten[i] base values and i candidate values below it: rank beaten[i] + i + 1.
        final boolean[] isCandidate = new boolean[n + m + 1];
        final double[] candidate = new double[m];
        for (int i = 0; i < m; i++)
        {
            candidate[i] = beaten[i] + i + 1;
            isCandidate[beaten[i] + i + 1] = true;
        }
        final double[] base = new double[n];
        int b = 0;
        for (int rank = 1; rank <= n + m; rank++)
        {
            if (!isCandidate[rank])
            {
                base[b++] = rank;
            }
        }
        return new double[][] {base, candidate};
    }
}
