package io.dmsnap.bench.fio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shapes of fio's random distributions. */
@Timeout(30)
final class RandomDistributionTest
{
    private static final int RANGES = 10_000;
    private static final int SAMPLES = 200_000;

    private static long[] histogram(final String spec)
    {
        final RandomDistribution d = new RandomDistribution(RandomDistribution.parse("random_distribution", spec), RANGES, 42);
        final long[] hits = new long[RANGES];
        for (int i = 0; i < SAMPLES; i++)
        {
            final long r = d.next();
            assertTrue(r >= 0 && r < RANGES, spec + " gave " + r);
            hits[(int) r]++;
        }
        return hits;
    }

    /** Share of all hits that land on the hottest {@code percent}% of ranges. */
    private static double hottestShare(final long[] hits, final int percent)
    {
        final long[] sorted = hits.clone();
        Arrays.sort(sorted);
        long top = 0;
        for (int i = sorted.length - sorted.length * percent / 100; i < sorted.length; i++)
        {
            top += sorted[i];
        }
        return (double) top / SAMPLES;
    }

    @Test
    void uniformSpreadsEvenly()
    {
        final double share = hottestShare(histogram("random"), 10);
        assertTrue(share < 0.15, "uniform: the hottest 10% of ranges get about 10%: " + share);
    }

    @Test
    void zipfConcentratesOnFewRanges()
    {
        final long[] hits = histogram("zipf:1.2");
        final double share = hottestShare(hits, 1);
        assertTrue(share > 0.6, "zipf 1.2: the hottest 1% of ranges get most I/O: " + share);
        assertTrue(hottestShare(histogram("zipf:0.5"), 1) < share, "a smaller theta is less skewed");
        // fio hashes ranks, so the hottest range is not simply the first one
        int hottest = 0;
        for (int i = 1; i < RANGES; i++)
        {
            hottest = hits[i] > hits[hottest] ? i : hottest;
        }
        assertTrue(hits[hottest] > SAMPLES / 10, "the rank-1 range alone takes over 10% at theta 1.2");
    }

    @Test
    void paretoFollowsTheEightyTwentyRule()
    {
        final double share = hottestShare(histogram("pareto:0.2"), 20);
        assertTrue(share > 0.75 && share < 0.95, "pareto 0.2: about 80% of I/O on 20% of ranges: " + share);
    }

    @Test
    void normalConcentratesAroundTheCenterBeforeTheHash()
    {
        final double wide = hottestShare(histogram("normal:50"), 10);
        final double narrow = hottestShare(histogram("normal:0"), 10);
        assertTrue(narrow > 0.3, "normal: an average of 12 uniforms is bell-shaped: " + narrow);
        assertTrue(wide > 0.1 && wide <= narrow + 0.05, "normal:50 is wider than normal:0: " + wide + " vs " + narrow);
    }

    @Test
    void zonedPutsEachShareInItsZone()
    {
        final long[] hits = histogram("zoned:50/5:30/15:20/80");
        long first = 0;
        long second = 0;
        for (int i = 0; i < RANGES; i++)
        {
            if (i < RANGES * 5 / 100)
            {
                first += hits[i];
            }
            else if (i < RANGES * 20 / 100)
            {
                second += hits[i];
            }
        }
        assertEquals(0.5, (double) first / SAMPLES, 0.02);
        assertEquals(0.3, (double) second / SAMPLES, 0.02);
        assertEquals(histogramSum(histogram("zoned:50/5:30/15:20/")), SAMPLES);
    }

    private static long histogramSum(final long[] hits)
    {
        return Arrays.stream(hits).sum();
    }

    @Test
    void badValuesNameTheChoices()
    {
        for (final String bad : new String[] {"zipf:1", "zipf", "pareto:1.5", "normal:101", "zoned:50/5", "lognormal:1",
            "zipf:1.2:2", "zipf:1.1,pareto:0.2"})
        {
            final String message = assertThrows(IllegalArgumentException.class,
                () -> RandomDistribution.parse("random_distribution", bad)).getMessage();
            assertTrue(message.contains("random_distribution=" + bad), message);
        }
        assertEquals("zipf:1.1", RandomDistribution.parse("random_distribution", "zipf:1.1,zipf:1.1").toString());
    }
}
