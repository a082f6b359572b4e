package io.dmsnap.cli.stats;

/**
 * A two-sided Mann-Whitney U test of base against candidate.
 *
 * @param u the U statistic of the candidate: the number of (base, candidate) pairs in which the
 *     candidate value is larger, ties counting one half; {@code u / (n m)} estimates the
 *     probability that a candidate run beats a base run (0.5 when they are alike)
 * @param pValue two-sided p-value, in [0, 1]
 * @param method how {@code pValue} was computed
 * @param ties whether the pooled sample had tied values (which rule out the exact method)
 */
public record MannWhitneyResult(double u, double pValue, Method method, boolean ties)
{
    /** How the p-value of a Mann-Whitney U test was computed. */
    public enum Method
    {
        /** The exact permutation distribution of U (no ties, both sides below 50 values). */
        EXACT("exact"),
        /** The normal approximation with tie and continuity correction (as R's {@code wilcox.test}). */
        NORMAL_APPROXIMATION("normal approximation, tie and continuity corrected");

        private final String description;

        Method(final String description)
        {
            this.description = description;
        }

        /** A short phrase for reports: "exact" or "normal approximation, ...". */
        public String description()
        {
            return description;
        }
    }
}
