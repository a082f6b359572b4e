package io.dmsnap.cli.tune;

import java.util.List;
import java.util.Optional;

/**
 * What {@link ThresholdAdvisor} concluded for one chunk size.
 *
 * @param value        the recommended threshold
 * @param sentence     the recommendation and why, for people
 * @param knee         the knee of the throughput curve (Kneedle), when it has one
 * @param bestIops     the highest median throughput of the sweep
 * @param bestIopsAt   where it was measured
 * @param bestP99      the lowest median p99 among the thresholds within the throughput tolerance
 * @param bestP99At    where it was measured
 * @param qualified    the thresholds within both tolerances, in order
 */
public record Recommendation(Threshold value, String sentence, Optional<Threshold> knee, double bestIops,
                             Threshold bestIopsAt, double bestP99, Threshold bestP99At, List<Threshold> qualified)
{
}
