package io.dmsnap.cli.compare;

import io.dmsnap.cli.stats.ComparisonSettings;
import io.dmsnap.cli.stats.PercentChangeBootstrap;
import io.dmsnap.cli.stats.Power;
import io.dmsnap.cli.stats.VerdictRule;
import picocli.CommandLine.Option;

/**
 * The statistics options of {@code compare} and {@code calibrate} ({@code @Mixin}): seed, alpha,
 * confidence level and bootstrap resamples. Checked when
 * {@link #settings()} builds the settings, with the statistics library's own messages.
 */
public final class StatisticsOptions
{
    /** The seed when none is given: a fixed one, so two runs on the same files print the same intervals. */
    static final long DEFAULT_SEED = 1L;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + DEFAULT_SEED,
        description = "Seed of the bootstrap intervals (printed in every output). Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "" + VerdictRule.DEFAULT_ALPHA,
        description = "Significance level of the Holm-adjusted p-values. Default: ${DEFAULT-VALUE}.")
    private double alpha;

    @Option(names = "--confidence", paramLabel = "LEVEL", defaultValue = "" + PercentChangeBootstrap.DEFAULT_CONFIDENCE_LEVEL,
        description = "Coverage of the intervals. Default: ${DEFAULT-VALUE}.")
    private double confidence;

    @Option(names = "--resamples", paramLabel = "N", defaultValue = "" + PercentChangeBootstrap.DEFAULT_RESAMPLES,
        description = "Bootstrap resamples per row (at least " + PercentChangeBootstrap.MIN_RESAMPLES
            + "). Default: ${DEFAULT-VALUE}.")
    private int resamples;

    /**
     * The settings the options give, power {@value Power#DEFAULT_POWER}.
     *
     * @param minSamples fewest values a side for a verdict (compare's {@code --min-samples})
     * @throws IllegalArgumentException when a value is out of range (the message names it and the valid range)
     */
    ComparisonSettings settings(final int minSamples)
    {
        return new ComparisonSettings(alpha, confidence, resamples, seed, minSamples, Power.DEFAULT_POWER);
    }
}
