package io.dmsnap.cli.stats;

import java.util.List;

/**
 * The result of an A/A calibration: per row figures and the false positives over the rows. In an
 * A/A comparison every significant row is a false positive.
 *
 * @param rows one result per row, in the order given
 * @param alpha the significance level used
 * @param plannedSamplesPerSide the values per side the minimum detectable effects are for
 * @param rawFalsePositives rows whose raw p-value is below alpha (expected about
 *     {@code alpha * rows} for a calibrated test; more shows the combined test's inflation or
 *     dependent runs)
 * @param adjustedFalsePositives rows whose Holm-adjusted p-value is below alpha (the gate's false
 *     alarms; expected 0 in at least {@code 1 - alpha} of calibrations)
 */
public record AaReport(List<AaRowResult> rows, double alpha, int plannedSamplesPerSide, int rawFalsePositives,
    int adjustedFalsePositives)
{
    /** Copies the row list. */
    public AaReport
    {
        rows = List.copyOf(rows);
    }

    /** Share of rows with a raw p-value below alpha. */
    public double rawFalsePositiveRate()
    {
        return (double) rawFalsePositives / rows.size();
    }

    /** Share of rows with a Holm-adjusted p-value below alpha. */
    public double adjustedFalsePositiveRate()
    {
        return (double) adjustedFalsePositives / rows.size();
    }
}
