package io.dmsnap.cli.stats;

/**
 * A two-sided two-sample Kolmogorov-Smirnov test of base against candidate.
 *
 * @param d the largest distance between the two empirical distribution functions, in [0, 1]
 * @param pValue two-sided p-value {@code P(D >= d)}, in [0, 1]
 * @param exact whether {@code pValue} is exact (both sides below 10,000 values) rather than
 *     from Kolmogorov's asymptotic distribution
 * @param significantTies whether values tied across the two sides could, ordered differently,
 *     give a larger {@code d}; {@code d} and {@code pValue} then belong to the ordering that
 *     changes D least, so the p-value leans towards "no difference"
 */
public record KolmogorovSmirnovResult(double d, double pValue, boolean exact, boolean significantTies)
{
}
