package io.dmsnap.cli.stats;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PercentChangeBootstrapTest
{
    private static final double[] BASE = {102.1, 98.7, 101.4, 99.9, 100.6, 97.8, 103.2, 100.1};
    private static final double[] CANDIDATE = {104.9, 103.8, 101.7, 106.2, 105.1, 102.9, 104.4, 103.3};

    @Test
    void theEstimateIsTheChangeOfTheMedians()
    {
        // medians (100.1 + 100.6) / 2 = 100.35 and (103.8 + 104.4) / 2 = 104.1
        assertEquals(100.0 * (104.1 - 100.35) / 100.35, PercentChangeBootstrap.percentChange(BASE, CANDIDATE), 1e-12);
        final ChangeInterval ci = PercentChangeBootstrap.withDefaults().interval(BASE, CANDIDATE, 1L);
        assertEquals(PercentChangeBootstrap.percentChange(BASE, CANDIDATE), ci.estimatePercent());
        assertTrue(ci.lowPercent() < ci.estimatePercent() && ci.estimatePercent() < ci.highPercent(), ci.toString());
    }

    @Test
    void theSameSeedGivesTheSameIntervalAndTheSeedIsReported()
    {
        final ChangeInterval first = PercentChangeBootstrap.withDefaults().interval(BASE, CANDIDATE, 42L);
        final PercentChangeBootstrap reused = PercentChangeBootstrap.withDefaults();
        reused.interval(new double[] {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, new double[] {1, 2, 3}, 7L);
        assertEquals(first, reused.interval(BASE, CANDIDATE, 42L), "work arrays of a larger call must not leak into the next");
        assertEquals(42L, first.seed());
        assertEquals(10_000, first.resamples());
        assertEquals(0.95, first.confidenceLevel());
    }

    @Test
    void anotherSeedGivesAnotherInterval()
    {
        final PercentChangeBootstrap bootstrap = PercentChangeBootstrap.withDefaults();
        assertNotEquals(bootstrap.interval(BASE, CANDIDATE, 42L), bootstrap.interval(BASE, CANDIDATE, 43L));
    }

    /**
     * A printed seed must reproduce the printed interval in later versions too: this pins the
     * resampling stream (generator, seeding, draw order, quantile definition). If it fails after a
     * deliberate change of any of those, old reports can no longer be reproduced: say so in the
     * release notes and update the values.
     */
    @Test
    void theResamplingStreamIsPinned()
    {
        final ChangeInterval ci = PercentChangeBootstrap.withDefaults().interval(BASE, CANDIDATE, 42L);
        assertEquals(1.6648112482485482, ci.lowPercent(), 1e-12);
        assertEquals(5.56398583712696, ci.highPercent(), 1e-12);
        assertEquals(3234007457032760787L, PercentChangeBootstrap.rowSeed(42L, "fio_origin_randwrite_iops"));
    }

    @Test
    void rowSeedsDifferByRowAndBySeed()
    {
        assertNotEquals(PercentChangeBootstrap.rowSeed(42L, "a"), PercentChangeBootstrap.rowSeed(42L, "b"));
        assertNotEquals(PercentChangeBootstrap.rowSeed(42L, "a"), PercentChangeBootstrap.rowSeed(43L, "a"));
        assertEquals(PercentChangeBootstrap.rowSeed(42L, "a"), PercentChangeBootstrap.rowSeed(42L, "a"));
    }

    @Test
    void aPureScalingIsFoundExactly()
    {
        final double[] candidate = new double[BASE.length];
        for (int i = 0; i < BASE.length; i++)
        {
            candidate[i] = BASE[i] * 1.1;
        }
        final ChangeInterval ci = new PercentChangeBootstrap(2_000, 0.9).interval(BASE, candidate, 3L);
        assertEquals(10.0, ci.estimatePercent(), 1e-9);
        assertTrue(ci.contains(10.0), ci.toString());
        assertEquals(0.9, ci.confidenceLevel());
        assertEquals(2_000, ci.resamples());
    }

    @Test
    void noSpreadGivesAPointInterval()
    {
        final ChangeInterval same = PercentChangeBootstrap.withDefaults().interval(new double[] {5, 5, 5}, new double[] {5, 5}, 9L);
        assertEquals(0.0, same.lowPercent());
        assertEquals(0.0, same.highPercent());
        final ChangeInterval single = PercentChangeBootstrap.withDefaults().interval(new double[] {100}, new double[] {110}, 9L);
        assertEquals(10.0, single.lowPercent(), 1e-12);
        assertEquals(10.0, single.highPercent(), 1e-12);
    }

    /** The count-based median of a resample equals the median of the same resample written out. */
    @Test
    void theResampledMedianIsTheMedianOfTheResample()
    {
        for (final int n : new int[] {1, 2, 3, 4, 7, 10, 31})
        {
            final double[] sorted = new double[n];
            for (int i = 0; i < n; i++)
            {
                sorted[i] = 10.0 + i * i;
            }
            final UniformRandomProvider counting = RandomSource.XO_RO_SHI_RO_128_PP.create(n);
            final UniformRandomProvider explicit = RandomSource.XO_RO_SHI_RO_128_PP.create(n);
            final int[] counts = new int[n];
            for (int k = 0; k < 200; k++)
            {
                final double[] resample = new double[n];
                for (int i = 0; i < n; i++)
                {
                    resample[i] = sorted[explicit.nextInt(n)];
                }
                assertEquals(Descriptive.median(resample), PercentChangeBootstrap.resampledMedian(counting, sorted, n, counts),
                    "n = " + n + ", resample " + k);
            }
        }
    }

    /**
     * Coverage check with seeded normal data: over 400 A/A pairs of 10 values a side, the 95%
     * interval holds the true change (0) at about its level or a little more (over 2,800 pairs
     * drawn with other seeds it held it 96.4% of the time; the range allows about three binomial
     * standard deviations around that).
     */
    @Test
    void theIntervalCoversTheTrueChangeAtAboutItsLevel()
    {
        final ContinuousDistribution.Sampler noise = TestSamples.normal(100.0, 5.0, 2024L);
        final PercentChangeBootstrap bootstrap = new PercentChangeBootstrap(2_000, 0.95);
        int covered = 0;
        for (int trial = 0; trial < 400; trial++)
        {
            if (bootstrap.interval(TestSamples.draw(noise, 10), TestSamples.draw(noise, 10), trial).contains(0.0))
            {
                covered++;
            }
        }
        assertTrue(covered >= 372 && covered <= 398, covered + " of 400 intervals hold 0");
    }

    /** 10,000 resamples of 30 + 30 values allocate a few hundred bytes in all: nothing per resample. */
    @Test
    void aResampleAllocatesNothing()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        final ContinuousDistribution.Sampler noise = TestSamples.normal(100.0, 3.0, 11L);
        final double[] base = TestSamples.draw(noise, 30);
        final double[] candidate = TestSamples.draw(noise, 30);
        final PercentChangeBootstrap bootstrap = PercentChangeBootstrap.withDefaults();
        bootstrap.interval(base, candidate, 1L);
        final long thread = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(thread);
        bootstrap.interval(base, candidate, 2L);
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(allocated < 4_096, allocated + " bytes for 10,000 resamples");
    }

    @Test
    void theSamplesAreNotModified()
    {
        final double[] base = BASE.clone();
        final double[] candidate = CANDIDATE.clone();
        PercentChangeBootstrap.withDefaults().interval(base, candidate, 5L);
        assertArrayEquals(BASE, base);
        assertArrayEquals(CANDIDATE, candidate);
    }

    @Test
    void badArgumentsAreRejectedWithTheProblemNamed()
    {
        final PercentChangeBootstrap bootstrap = PercentChangeBootstrap.withDefaults();
        assertEquals("base sample value 1 is 0.0: a percent change needs positive base values",
            assertThrows(IllegalArgumentException.class, () -> bootstrap.interval(new double[] {1, 0}, new double[] {1}, 1L))
                .getMessage());
        assertEquals("candidate sample is empty: give at least 1 value",
            assertThrows(IllegalArgumentException.class, () -> bootstrap.interval(new double[] {1}, new double[0], 1L))
                .getMessage());
        assertEquals("candidate sample value 0 is NaN: every value must be a finite number",
            assertThrows(IllegalArgumentException.class,
                () -> bootstrap.interval(new double[] {1}, new double[] {Double.NaN}, 1L)).getMessage());
        assertEquals("number of bootstrap resamples 99 is out of range: give at least 100",
            assertThrows(IllegalArgumentException.class, () -> new PercentChangeBootstrap(99, 0.95)).getMessage());
        assertEquals("confidence level 1.0 is out of range: give a value between 0 and 1 (exclusive), e.g. 0.95",
            assertThrows(IllegalArgumentException.class, () -> new PercentChangeBootstrap(1000, 1.0)).getMessage());
    }
}
