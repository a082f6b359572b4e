package io.dmsnap.cli.stats;

/**
 * What the statistics say about one row, the input of {@link VerdictRule#classify}.
 *
 * @param change percent change of the medians with its confidence interval
 * @param adjustedP the row's p-value after the family's multiple-comparison adjustment
 * @param nBase values on the base side
 * @param nCandidate values on the candidate side
 * @param minimumDetectablePercent the smallest change the test detects with the planned power
 *     at these sample sizes ({@link Power#minimumDetectablePercent}); may be infinite
 * @param samplesPerSideForBand values per side that would detect a change of the band's size
 *     ({@link Power#samplesPerSide})
 */
public record Evidence(ChangeInterval change, double adjustedP, int nBase, int nCandidate,
    double minimumDetectablePercent, int samplesPerSideForBand)
{
    /**
     * @throws IllegalArgumentException when a field is missing or out of range
     */
    public Evidence
    {
        if (change == null)
        {
            throw new IllegalArgumentException("the change interval is missing: give the bootstrap interval of the row");
        }
        if (!(adjustedP >= 0.0 && adjustedP <= 1.0))
        {
            throw new IllegalArgumentException("adjusted p-value " + adjustedP + " is out of range: give a value in [0, 1]");
        }
        Samples.checkSize(nBase, "base sample size", 1);
        Samples.checkSize(nCandidate, "candidate sample size", 1);
        if (!(minimumDetectablePercent >= 0.0))
        {
            throw new IllegalArgumentException("minimum detectable effect " + minimumDetectablePercent
                + "% is out of range: give a percentage of 0 or more (infinite when undetectable)");
        }
        Samples.checkSize(samplesPerSideForBand, "samples per side for the band", 1);
    }
}
