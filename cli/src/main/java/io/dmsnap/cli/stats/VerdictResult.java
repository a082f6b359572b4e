package io.dmsnap.cli.stats;

/**
 * A row's verdict and why.
 *
 * @param verdict the verdict
 * @param samplesPerSideNeeded for {@link Verdict#INCONCLUSIVE}: an estimate of the values per side
 *     that would decide the row (at most {@link Power#MAX_SAMPLES}); 0 for the other verdicts
 * @param reason one sentence for a report's footnote, e.g. "p = 0.31: with 5 values a side the
 *     test sees changes of 12.4% or more, the band is 5%"
 */
public record VerdictResult(Verdict verdict, int samplesPerSideNeeded, String reason)
{
}
