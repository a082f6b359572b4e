package io.dmsnap.cli.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * A/A calibration: compares the same build with itself, row by row, with exactly the statistics of
 * {@link FamilyComparison}, to measure the noise of the machine and set each row's band.
 *
 * <p>Per row it reports the CV (classic and robust, over all the row's values), the A/A change and
 * its interval, the minimum detectable effect for the sample size the real comparisons will use,
 * and a suggested band. Over the rows it counts false positives: rows significant before and after
 * Holm's adjustment. A raw false-positive rate well above alpha means the runs are not independent
 * (a warm cache or a drifting clock carried from run to run) or shows how much taking the smaller of
 * the U and KS p-values inflates the rate; either way it is a measured fact about this machine.
 *
 * <p>Band rule: the suggested band of a row is the largest of
 * <ol>
 * <li>the floor ({@code minBandPercent}, e.g. 1%: below that, changes are not worth a CI failure),
 * <li>the minimum detectable effect at the planned sample size (so a SAME verdict is reachable:
 *     a band the test cannot see would make every unchanged row INCONCLUSIVE),
 * <li>the largest absolute bound of the A/A change interval (a band inside which two identical
 *     builds already land would let noise pass for a regression),
 * </ol>
 * rounded up to a multiple of {@link #BAND_STEP_PERCENT}. It is infinite when the planned sample
 * size cannot reach significance at all. Each part rests on the measured noise, so a calibration
 * with few values per row gives rough bands: calibrate with at least as many values as the real
 * comparisons will have.
 */
public final class AaCalibration
{
    /** Default band floor, in percent. */
    public static final double DEFAULT_MIN_BAND_PERCENT = 1.0;
    /** Suggested bands are multiples of this, in percent. */
    public static final double BAND_STEP_PERCENT = 0.5;

    private final ComparisonSettings settings;
    private final double minBandPercent;
    private final PercentChangeBootstrap bootstrap;

    /**
     * @param settings the settings the real comparisons will use
     * @param minBandPercent the smallest band to suggest, a positive percentage
     * @throws IllegalArgumentException when an argument is missing or out of range
     */
    public AaCalibration(final ComparisonSettings settings, final double minBandPercent)
    {
        if (settings == null)
        {
            throw new IllegalArgumentException("comparison settings are missing: give ComparisonSettings.defaults(seed)"
                + " or your own");
        }
        this.settings = settings;
        this.minBandPercent = Samples.checkPositivePercent(minBandPercent, "minimum band");
        this.bootstrap = new PercentChangeBootstrap(settings.resamples(), settings.confidenceLevel());
    }

    /**
     * Calibrates over {@code rows}.
     *
     * @param rows the A/A rows, at least one, names unique
     * @param plannedSamplesPerSide values per side the real comparisons will have, at least 1
     * @throws IllegalArgumentException when the rows are empty or repeat a name, a row's samples are
     *     unusable (the message names the row), or the planned size is below 1
     */
    public AaReport calibrate(final List<AaRow> rows, final int plannedSamplesPerSide)
    {
        Samples.checkFamily(rows, AaRow::name, "nothing to calibrate: give at least one A/A row");
        Samples.checkSize(plannedSamplesPerSide, "planned values per side", 1);
        final int m = rows.size();
        final Power power = new Power(settings.alpha() / m, settings.power());
        final List<RowMeasurement> measured = new ArrayList<>(m);
        final double[] rawP = new double[m];
        for (int i = 0; i < m; i++)
        {
            final AaRow row = rows.get(i);
            measured.add(RowMeasurement.of(row.name(), row.first(), row.second(), bootstrap, settings.seed()));
            rawP[i] = measured.get(i).test().pValue();
        }
        final double[] adjustedP = PValueAdjustment.holm(rawP);
        final List<AaRowResult> results = new ArrayList<>(m);
        int rawFalsePositives = 0;
        int adjustedFalsePositives = 0;
        for (int i = 0; i < m; i++)
        {
            final AaRow row = rows.get(i);
            final RowMeasurement x = measured.get(i);
            final double[] pooled = pooled(row.first(), row.second());
            final double mde = power.minimumDetectablePercent(plannedSamplesPerSide, plannedSamplesPerSide,
                x.planningCvPercent());
            results.add(new AaRowResult(row.name(), x.base().n(), x.candidate().n(), Descriptive.cvPercent(pooled),
                Descriptive.robustCvPercent(pooled), x.planningCvPercent(), rawP[i], adjustedP[i], x.change(), mde,
                suggestedBandPercent(minBandPercent, mde, x.change())));
            rawFalsePositives += rawP[i] < settings.alpha() ? 1 : 0;
            adjustedFalsePositives += adjustedP[i] < settings.alpha() ? 1 : 0;
        }
        return new AaReport(results, settings.alpha(), plannedSamplesPerSide, rawFalsePositives, adjustedFalsePositives);
    }

    /** The band rule of the class comment. */
    static double suggestedBandPercent(final double minBandPercent, final double minimumDetectablePercent,
        final ChangeInterval aaChange)
    {
        final double noise = Math.max(Math.abs(aaChange.lowPercent()), Math.abs(aaChange.highPercent()));
        final double band = Math.max(minBandPercent, Math.max(minimumDetectablePercent, noise));
        return Double.isInfinite(band) ? band : Math.ceil(band / BAND_STEP_PERCENT) * BAND_STEP_PERCENT;
    }

    private static double[] pooled(final double[] first, final double[] second)
    {
        final double[] all = new double[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
