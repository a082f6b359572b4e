package io.dmsnap.cli.compare;

/**
 * What an A/A calibration found for one row.
 *
 * @param row                  what the row is
 * @param glob                 the bands-file glob that matches this row alone (its id, escaped)
 * @param pooled               whether the values are pooled iterations
 * @param nFirst               values in the first half (or first run)
 * @param nSecond              values in the second
 * @param cvPercent            classic CV of all the row's values
 * @param robustCvPercent      robust CV (1.4826 MAD / median) of all its values
 * @param p                    the combined rank test's p-value, second against first
 * @param pAdjusted            after Holm over the rows
 * @param changePercent        the A/A change of the medians: noise
 * @param ciLowPercent         lower bound of its bootstrap interval
 * @param ciHighPercent        upper bound
 * @param mdePercent           the smallest change detectable with the planned values a side; null when none
 * @param suggestedBandPercent the band to configure; null when the planned size cannot reach significance
 */
public record CalibratedRow(RowInfo row, String glob, boolean pooled, int nFirst, int nSecond, double cvPercent,
                            double robustCvPercent, double p, double pAdjusted, double changePercent, double ciLowPercent,
                            double ciHighPercent, Double mdePercent, Double suggestedBandPercent)
{
}
