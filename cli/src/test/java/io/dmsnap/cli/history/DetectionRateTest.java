package io.dmsnap.cli.history;

import io.dmsnap.cli.result.RowKey;
import org.junit.jupiter.api.Test;

import static io.dmsnap.cli.history.SyntheticRuns.gaussian;
import static io.dmsnap.cli.history.SyntheticRuns.step;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How often the history, at its nightly defaults (minimum magnitude 2%), finds a 5% step in 30
 * runs with 3% Gaussian noise within one run of where it starts, and how often a flat series of
 * the same noise shows a change point. Counted over fixed seeds (in memory: the files' reading is
 * tested elsewhere), so every run sees the same numbers; the comments give what was observed, the
 * assertions leave a margin. The step is 1.7 standard deviations of the noise: docs/history.md
 * says why even a perfect detector misses some.
 */
final class DetectionRateTest
{
    private static final int SEEDS = 300;
    private static final RowKey KEY = SyntheticRuns.fioRow("randwrite", "write.iops");

    /** Observed: within one run of 15 in 198 of 300 series, a change point somewhere in 261. */
    @Test
    void fivePercentStepInThreePercentNoiseIsFoundWhereItStartsInTwoThirdsOfSeries()
    {
        int near = 0;
        for (int seed = 0; seed < SEEDS; seed++)
        {
            final History h = InMemoryRuns.analyse(KEY, gaussian(seed, 30, 0.03, step(15, 1000, 950)), HistoryOptions.nightly());
            if (h.changePoints().stream().anyMatch(c -> Math.abs(c.point().index() - 15) <= 1 && c.isRegression()))
            {
                near++;
            }
        }
        assertTrue(near >= 175, near + " of " + SEEDS + " steps found within one run");
    }

    /** Observed: 7 of 300 flat series with a (false) change point. */
    @Test
    void flatSeriesRarelyShowAChangePoint()
    {
        int falsePositives = 0;
        for (int seed = 0; seed < SEEDS; seed++)
        {
            if (!InMemoryRuns.analyse(KEY, gaussian(seed + 1000, 30, 0.03, i -> 1000), HistoryOptions.nightly())
                .changePoints().isEmpty())
            {
                falsePositives++;
            }
        }
        assertTrue(falsePositives <= 18, falsePositives + " of " + SEEDS + " flat series had a change point");
    }
}
