package io.dmsnap.cli.stats;

import java.util.Optional;

/**
 * Mann-Whitney U and Kolmogorov-Smirnov on the same two samples, and Chromium Pinpoint's combined
 * p-value: the smaller of the two. See {@link RankTests#combined(double[], double[])}.
 */
public final class CombinedRankTest
{
    private final MannWhitneyResult mannWhitney;
    /** Null when a side has a single value: the two-sample KS test needs two per side. */
    private final KolmogorovSmirnovResult kolmogorovSmirnov;

    CombinedRankTest(final MannWhitneyResult mannWhitney, final KolmogorovSmirnovResult kolmogorovSmirnov)
    {
        this.mannWhitney = mannWhitney;
        this.kolmogorovSmirnov = kolmogorovSmirnov;
    }

    /** The Mann-Whitney U test. */
    public MannWhitneyResult mannWhitney()
    {
        return mannWhitney;
    }

    /** The Kolmogorov-Smirnov test; empty when a side has only one value. */
    public Optional<KolmogorovSmirnovResult> kolmogorovSmirnov()
    {
        return Optional.ofNullable(kolmogorovSmirnov);
    }

    /**
     * The smaller of the two p-values (the Mann-Whitney p alone when the KS test was not run).
     * This is Pinpoint's rule, not a corrected p-value: under "no difference" it falls below
     * alpha more often than alpha (at most 2 alpha, by Bonferroni's inequality; less in practice
     * because the two tests are strongly correlated). An A/A calibration measures the real rate.
     */
    public double pValue()
    {
        return kolmogorovSmirnov == null ? mannWhitney.pValue() : Math.min(mannWhitney.pValue(), kolmogorovSmirnov.pValue());
    }

    /** Which test gave {@link #pValue()}: "Mann-Whitney U" or "Kolmogorov-Smirnov". */
    public String decidingTest()
    {
        return kolmogorovSmirnov != null && kolmogorovSmirnov.pValue() < mannWhitney.pValue()
            ? "Kolmogorov-Smirnov" : "Mann-Whitney U";
    }

    @Override
    public String toString()
    {
        return "CombinedRankTest[p=" + pValue() + ", mannWhitney=" + mannWhitney + ", kolmogorovSmirnov="
            + kolmogorovSmirnov + "]";
    }
}
