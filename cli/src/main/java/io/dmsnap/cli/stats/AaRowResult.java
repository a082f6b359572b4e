package io.dmsnap.cli.stats;

/**
 * What an A/A calibration found for one row.
 *
 * @param name the row's name
 * @param nFirst values in the first sample
 * @param nSecond values in the second sample
 * @param cvPercent classic CV of all the row's values (both samples pooled: they are one build)
 * @param robustCvPercent robust CV of all the row's values
 * @param planningCvPercent the noise the power figures use ({@link Power#planningCvPercent})
 * @param rawP the combined rank test's p-value of second against first
 * @param adjustedP {@code rawP} after Holm's adjustment over the rows
 * @param change the A/A percent change of the medians and its interval: pure noise
 * @param minimumDetectablePercent smallest change detectable with the planned values per side at
 *     the family's strictest Holm level; infinite when that size cannot reach it at all
 * @param suggestedBandPercent the band to configure for the row ({@link AaCalibration})
 */
public record AaRowResult(String name, int nFirst, int nSecond, double cvPercent, double robustCvPercent,
    double planningCvPercent, double rawP, double adjustedP, ChangeInterval change, double minimumDetectablePercent,
    double suggestedBandPercent)
{
}
