package io.dmsnap.cli.stats;

/**
 * A percent change of candidate against base with its bootstrap confidence interval. Positive
 * means the candidate's value is larger; whether that is better depends on the metric's
 * {@link Direction}.
 *
 * @param estimatePercent the change of the observed medians, {@code 100 (median(c) - median(b)) / median(b)}
 * @param lowPercent lower bound of the interval
 * @param highPercent upper bound of the interval
 * @param confidenceLevel nominal coverage of the interval, e.g. 0.95
 * @param resamples number of bootstrap resamples behind the interval
 * @param seed the seed of the resampling: the same samples, resamples and seed give the same interval
 */
public record ChangeInterval(double estimatePercent, double lowPercent, double highPercent, double confidenceLevel,
    int resamples, long seed)
{
    /** Whether {@code percent} lies in the closed interval. */
    public boolean contains(final double percent)
    {
        return lowPercent <= percent && percent <= highPercent;
    }
}
