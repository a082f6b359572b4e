package io.dmsnap.cli.compare;

import io.dmsnap.cli.stats.Direction;
import io.dmsnap.cli.stats.Verdict;

/**
 * A row both sides have, compared: the figures of {@code io.dmsnap.cli.stats} flattened into what
 * the outputs print and a saved comparison holds.
 *
 * @param row             what the row is
 * @param direction       which way is better
 * @param bandPercent     the row's band
 * @param bandSource      where the band comes from: {@code glob (file:line)}, {@code glob (--band)} or {@code built-in 5%}
 * @param pooled          whether the values are pooled iterations (a side had one fork or run) rather than one per replicate
 * @param base            the base side
 * @param candidate       the candidate side
 * @param changePercent   change of the medians, candidate against base, in percent
 * @param ciLowPercent    lower bound of its bootstrap interval
 * @param ciHighPercent   upper bound
 * @param p               the raw p-value (the smaller of Mann-Whitney U and Kolmogorov-Smirnov)
 * @param pAdjusted       the p-value after Holm's adjustment over the compared rows
 * @param decidingTest    which test gave the raw p-value
 * @param hlShiftPercent  the Hodges-Lehmann shift in percent of the base median
 * @param mdePercent      the smallest change the test would detect at these sizes (power 0.8); null when none
 * @param verdict         the verdict
 * @param samplesNeeded   for INCONCLUSIVE, values per side that would decide; else 0
 * @param reason          why the verdict, one sentence
 */
public record ComparedRow(RowInfo row, Direction direction, double bandPercent, String bandSource, boolean pooled,
                          SideStats base, SideStats candidate, double changePercent, double ciLowPercent,
                          double ciHighPercent, double p, double pAdjusted, String decidingTest, double hlShiftPercent,
                          Double mdePercent, Verdict verdict, int samplesNeeded, String reason)
{
}
