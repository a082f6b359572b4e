package io.dmsnap.cli.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares a family of rows (every metric of a base and a candidate result) and gives each a
 * verdict. Per row: descriptive statistics of both sides, the combined rank test (the smaller of
 * the Mann-Whitney U and Kolmogorov-Smirnov p-values), the percent change of the medians with a
 * seeded bootstrap interval, the Hodges-Lehmann shift, and the minimum detectable effect. Over the
 * family: Holm's adjustment of the p-values. Then {@link VerdictRule} on the adjusted p-value.
 *
 * <p>The minimum detectable effect and the samples needed for the band are computed at
 * {@code alpha / m} for {@code m} rows: the level Holm's adjustment asks of the most significant
 * row, so a SAME verdict never rests on power the adjusted test does not have. With many rows this
 * raises the sample size needed (32 rows at alpha 0.05 need at least 7 values per side).
 *
 * <p>Not thread-safe (it reuses one bootstrap's work arrays); results do not depend on the order
 * of the rows.
 */
public final class FamilyComparison
{
    private final ComparisonSettings settings;
    private final VerdictRule rule;
    private final PercentChangeBootstrap bootstrap;

    /** @param settings how to compare; see {@link ComparisonSettings#defaults(long)} */
    public FamilyComparison(final ComparisonSettings settings)
    {
        if (settings == null)
        {
            throw new IllegalArgumentException("comparison settings are missing: give ComparisonSettings.defaults(seed)"
                + " or your own");
        }
        this.settings = settings;
        this.rule = new VerdictRule(settings.alpha(), settings.minSamplesPerSide());
        this.bootstrap = new PercentChangeBootstrap(settings.resamples(), settings.confidenceLevel());
    }

    /** The settings. */
    public ComparisonSettings settings()
    {
        return settings;
    }

    /**
     * Compares every row; results in the order of {@code rows}.
     *
     * @throws IllegalArgumentException when the list is empty, two rows share a name, or a row's
     *     samples are unusable (the message names the row)
     */
    public List<RowResult> compare(final List<ComparisonRow> rows)
    {
        Samples.checkFamily(rows, ComparisonRow::name, "nothing to compare: give at least one row");
        final int m = rows.size();
        final Power power = new Power(settings.alpha() / m, settings.power());
        final List<RowMeasurement> measured = new ArrayList<>(m);
        final double[] rawP = new double[m];
        for (int i = 0; i < m; i++)
        {
            final ComparisonRow row = rows.get(i);
            measured.add(RowMeasurement.of(row.name(), row.base(), row.candidate(), bootstrap, settings.seed()));
            rawP[i] = measured.get(i).test().pValue();
        }
        final double[] adjustedP = PValueAdjustment.holm(rawP);
        final List<RowResult> results = new ArrayList<>(m);
        for (int i = 0; i < m; i++)
        {
            final ComparisonRow row = rows.get(i);
            final RowMeasurement x = measured.get(i);
            final double mde = power.minimumDetectablePercent(x.base().n(), x.candidate().n(), x.planningCvPercent());
            final int needed = power.samplesPerSide(row.bandPercent(), x.planningCvPercent());
            final Evidence evidence = new Evidence(x.change(), adjustedP[i], x.base().n(), x.candidate().n(), mde, needed);
            results.add(new RowResult(row.name(), row.direction(), row.bandPercent(), x.base(), x.candidate(), x.test(),
                adjustedP[i], x.change(), x.shift(), x.planningCvPercent(), mde,
                rule.classify(row.direction(), row.bandPercent(), evidence)));
        }
        return results;
    }
}
