package io.dmsnap.cli.stats;

import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PowerTest
{
    /**
     * By hand from a printed Student t table: df = 18, t(0.975) = 2.101, t(0.80) = 0.862, so
     * 2.963 x 5 x sqrt(2 pi / 30) = 6.780; df = 23 for 5 + 20: 2.069 + 0.858 = 2.927, times
     * 5 x sqrt((1/5 + 1/20) pi / 3) = 7.488.
     */
    @Test
    void minimumDetectableEffect()
    {
        assertEquals(6.780, Power.at(0.05).minimumDetectablePercent(10, 10, 5.0), 0.002);
        assertEquals(7.488, Power.at(0.05).minimumDetectablePercent(5, 20, 5.0), 0.002);
        assertEquals(Power.at(0.05).minimumDetectablePercent(5, 20, 5.0),
            Power.at(0.05).minimumDetectablePercent(20, 5, 5.0), 1e-12);
        assertEquals(0.0, Power.at(0.05).minimumDetectablePercent(10, 10, 0.0));
        assertTrue(Power.at(0.05).minimumDetectablePercent(10, 10, 5.0) > Power.at(0.05).minimumDetectablePercent(20, 20, 5.0));
        assertTrue(new Power(0.05, 0.9).minimumDetectablePercent(10, 10, 5.0) > Power.at(0.05).minimumDetectablePercent(10, 10, 5.0));
    }

    /**
     * CV = band: Lehr's rule for the t-test, 16 / d^2 per side (15.70 with normal quantiles),
     * times pi/3 for the U test is 16.44; with Student's quantiles (t table) 17 a side give
     * (2.037 + 0.853) x 5 x sqrt(2 pi / 51) = 5.07%, above the band, and 18 give
     * (2.032 + 0.852) x 5 x sqrt(2 pi / 54) = 4.92%, within it.
     */
    @Test
    void samplesPerSideAreTheFewestWhoseDetectableEffectIsWithinTheBand()
    {
        assertEquals(18, Power.at(0.05).samplesPerSide(5.0, 5.0));
        final int half = Power.at(0.05).samplesPerSide(2.5, 5.0);
        assertTrue(half >= 66 && half <= 68, "half the band, about four times the samples: " + half);
        assertTrue(Power.at(0.05).minimumDetectablePercent(half, half, 5.0) <= 2.5);
        assertTrue(Power.at(0.05).minimumDetectablePercent(half - 1, half - 1, 5.0) > 2.5);
        assertEquals(4, Power.at(0.05).samplesPerSide(10.0, 0.5), "tiny noise: the exact test's floor");
        assertEquals(4, Power.at(0.05).samplesPerSide(10.0, 0.0));
        assertEquals(Power.MAX_SAMPLES, Power.at(0.05).samplesPerSide(0.001, 50.0));
        assertEquals(Power.MAX_SAMPLES, Power.at(0.05).samplesPerSide(1.0, Double.POSITIVE_INFINITY));
    }

    /** benchstat's table of the smallest attainable U-test p-value: 4 -> 0.029, 5 -> 0.0079, 6 -> 0.0022, 7 -> 0.00058, 8 -> 0.00016. */
    @Test
    void smallestAttainablePMatchesBenchstatsTable()
    {
        assertEquals(0.029, Power.smallestAttainableP(4, 4), 0.0005);
        assertEquals(0.0079, Power.smallestAttainableP(5, 5), 0.00005);
        assertEquals(0.0022, Power.smallestAttainableP(6, 6), 0.00005);
        assertEquals(0.00058, Power.smallestAttainableP(7, 7), 0.000005);
        assertEquals(0.00016, Power.smallestAttainableP(8, 8), 0.000005);
        assertEquals(1.0, Power.smallestAttainableP(1, 1));
        assertEquals(Power.smallestAttainableP(3, 5), Power.smallestAttainableP(5, 3));
    }

    /** 32 rows under Holm at 0.05: the first step is 0.05 / 32 = 0.0016, reachable from 7 a side. */
    @Test
    void fewestSamplesPerSide()
    {
        assertEquals(4, Power.smallestSamplesPerSide(0.05));
        assertEquals(7, Power.smallestSamplesPerSide(0.05 / 32));
        assertEquals(Double.POSITIVE_INFINITY, Power.at(0.05).minimumDetectablePercent(3, 3, 1.0));
        assertEquals(Double.POSITIVE_INFINITY, Power.at(0.05 / 32).minimumDetectablePercent(6, 6, 1.0));
        assertTrue(Double.isFinite(Power.at(0.05 / 32).minimumDetectablePercent(7, 7, 1.0)));
    }

    /**
     * The approximation checked by simulation: normal data with CV 5%, 20 values a side, shifted
     * by the reported minimum detectable effect (4.65%); the exact U test at 0.05 should reject in
     * about 80% of 2,000 seeded trials (with normal instead of Student quantiles it was 77%).
     */
    @Test
    void theMinimumDetectableEffectIsDetectedAtThePlannedPower()
    {
        final double mde = Power.at(0.05).minimumDetectablePercent(20, 20, 5.0);
        final ContinuousDistribution.Sampler noise = TestSamples.normal(100.0, 5.0, 77L);
        int rejected = 0;
        for (int trial = 0; trial < 2_000; trial++)
        {
            final double[] base = TestSamples.draw(noise, 20);
            final double[] candidate = TestSamples.draw(noise, 20);
            for (int i = 0; i < candidate.length; i++)
            {
                candidate[i] += mde;
            }
            if (RankTests.mannWhitney(base, candidate).pValue() < 0.05)
            {
                rejected++;
            }
        }
        assertTrue(rejected >= 1_540 && rejected <= 1_660, rejected + " of 2000 trials rejected");
    }

    @Test
    void planningTakesTheLargerOfTheClassicAndRobustNoise()
    {
        final SampleSummary steady = SampleSummary.of(new double[] {100, 101, 99, 100, 102, 98, 100, 101, 99});
        final SampleSummary stalled = SampleSummary.of(new double[] {100, 101, 99, 100, 102, 98, 100, 101, 400});
        final double classic = Math.sqrt((square(steady.cvPercent()) + square(stalled.cvPercent())) / 2.0);
        assertEquals(classic, Power.planningCvPercent(steady, stalled), 1e-12);
        // median 100, MAD 10: robust CV 14.8%; sd 10: classic CV 10%
        final SampleSummary bimodal = SampleSummary.of(new double[] {90, 90, 90, 100, 110, 110, 110});
        assertEquals(bimodal.robustCvPercent(), Power.planningCvPercent(bimodal, bimodal), 1e-12);
        assertTrue(bimodal.robustCvPercent() > bimodal.cvPercent());
    }

    @Test
    void badArgumentsAreRejected()
    {
        assertEquals("significance level alpha 0.0 is out of range: give a value between 0 and 1 (exclusive), e.g. 0.05",
            assertThrows(IllegalArgumentException.class, () -> Power.at(0.0)).getMessage());
        assertEquals("power 1.0 is out of range: give a value between 0 and 1 (exclusive), e.g. 0.8",
            assertThrows(IllegalArgumentException.class, () -> new Power(0.05, 1.0)).getMessage());
        assertEquals("band 0.0% is out of range: give a finite percentage above 0",
            assertThrows(IllegalArgumentException.class, () -> Power.at(0.05).samplesPerSide(0.0, 1.0)).getMessage());
        assertEquals("coefficient of variation NaN% is out of range: give a percentage of 0 or more",
            assertThrows(IllegalArgumentException.class, () -> Power.at(0.05).minimumDetectablePercent(5, 5, Double.NaN))
                .getMessage());
        assertEquals("base sample size 0 is out of range: give at least 1",
            assertThrows(IllegalArgumentException.class, () -> Power.smallestAttainableP(0, 5)).getMessage());
    }

    private static double square(final double x)
    {
        return x * x;
    }
}
