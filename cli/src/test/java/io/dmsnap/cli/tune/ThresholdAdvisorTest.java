package io.dmsnap.cli.tune;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recommendation rule on synthetic sweeps: medians, tolerances, the smallest qualifying value. */
final class ThresholdAdvisorTest
{
    private static final List<Threshold> SWEEP = Threshold.defaultSweep();

    /** A point with given medians (three identical samples, or the given noisy ones). */
    private static Point point(final Threshold t, final double iops, final double p99)
    {
        final Sample s = new Sample(iops, p99 / 4, p99, p99 * 1.5, 1, -1, 1 << 20, t.unlimited() ? 50_000 : t.value() + 1,
            1000L * (t.unlimited() ? 50_000 : t.value() + 1), 500, 8);
        return new Point(4096, t, List.of(s, s, s));
    }

    private interface Curve
    {
        double at(int index, Threshold t);
    }

    private static List<Point> sweep(final Curve iops, final Curve p99)
    {
        final List<Point> points = new ArrayList<>();
        for (int i = 0; i < SWEEP.size(); i++)
        {
            points.add(point(SWEEP.get(i), iops.at(i, SWEEP.get(i)), p99.at(i, SWEEP.get(i))));
        }
        return points;
    }

    /** Index in threshold order: 0 for threshold 0, then 1 for 1, 2 for 2, ..., unlimited last. */
    private static int order(final Threshold t)
    {
        return t.unlimited() ? SWEEP.size() - 1 : t.value() == 0 ? 0 : 1 + Integer.numberOfTrailingZeros(t.value());
    }

    @Test
    void aClearKneeRecommendsTheFirstValueOnThePlateau()
    {
        // Throughput rises to a plateau at 64 (order 7); p99 grows with the queue the threshold allows.
        final List<Point> points = sweep((i, t) -> order(t) >= 7 ? 30_000 : 2000 + 4000 * order(t),
            (i, t) -> 1000 + 50.0 * order(t));
        final Recommendation r = new ThresholdAdvisor(0.05, 0.25).recommend(points);
        assertEquals(new Threshold(64), r.value());
        assertEquals(Optional.of(new Threshold(64)), r.knee());
        assertEquals(30_000, r.bestIops());
        assertTrue(r.sentence().startsWith("Recommended snapshot_cow_threshold: 64. It is the smallest value whose "
            + "throughput (30,000 IOPS) is within 5% of the best"), r.sentence());
        assertTrue(r.sentence().contains("at 32 throughput drops to 26,000 IOPS (-13%)"), r.sentence());
        assertTrue(r.sentence().contains("without a threshold"), "the memory against unlimited: " + r.sentence());
    }

    @Test
    void aFlatCurveRecommendsTheSmallestValue()
    {
        final List<Point> points = sweep((i, t) -> 20_000, (i, t) -> 800);
        final Recommendation r = new ThresholdAdvisor(0.05, 0.25).recommend(points);
        assertEquals(new Threshold(0), r.value());
        assertEquals(Optional.empty(), r.knee());
        assertEquals(SWEEP.size(), r.qualified().size(), "every value keeps both");
    }

    @Test
    void aMonotoneCurveRecommendsTheTopUnlessTheToleranceReachesLower()
    {
        final List<Point> points = sweep((i, t) -> 1000.0 + 1000 * order(t), (i, t) -> 1000);
        assertEquals(Threshold.UNLIMITED, new ThresholdAdvisor(0.01, 0.25).recommend(points).value());
        // 19,000 (unlimited) is the best; 12% below it is 16,720: 32768 (17,000) is the smallest value above.
        assertEquals(new Threshold(32768), new ThresholdAdvisor(0.12, 0.25).recommend(points).value());
        assertTrue(new ThresholdAdvisor(0.01, 0.25).recommend(points).sentence()
            .contains("No threshold kept both the throughput and the tail latency of running without one"));
    }

    @Test
    void theLatencyToleranceMovesTheRecommendationUpFromWhereTheTailIsLongest()
    {
        // Throughput flat from 16 on; p99 is long at small values (writers queue in the throttle) and
        // shortest from 256 on: the latency tolerance decides.
        final List<Point> points = sweep((i, t) -> order(t) >= 5 ? 30_000 : 5000,
            (i, t) -> order(t) >= 9 ? 1000 : 4000 - 300 * order(t));
        final Recommendation tight = new ThresholdAdvisor(0.05, 0.10).recommend(points);
        assertEquals(new Threshold(256), tight.value());
        assertEquals(1000, tight.bestP99());
        final Recommendation loose = new ThresholdAdvisor(0.05, 2.0).recommend(points);
        assertEquals(new Threshold(16), loose.value(), "p99 2,500 us at 16 is within 200% of 1,000");
    }

    @Test
    void theBestP99IsTakenAmongTheValuesThatKeepTheThroughput()
    {
        // At 0 the tail is shortest of all but throughput has collapsed: it does not set the bar.
        final List<Point> points = sweep((i, t) -> order(t) == 0 ? 500 : 30_000,
            (i, t) -> order(t) == 0 ? 100 : 2000 + 10.0 * order(t));
        final Recommendation r = new ThresholdAdvisor(0.05, 0.05).recommend(points);
        assertEquals(new Threshold(1), r.value());
        assertEquals(new Threshold(1), r.bestP99At());
    }

    @Test
    void noisyRepeatsAreJudgedByTheirMedians()
    {
        final SplittableRandom random = new SplittableRandom(3);
        final List<Point> points = new ArrayList<>();
        for (final Threshold t : SWEEP)
        {
            final double iops = order(t) >= 6 ? 30_000 : 3000 + 4500 * order(t);
            final List<Sample> samples = new ArrayList<>();
            for (int k = 0; k < 5; k++)
            {
                // One wild repeat in five (a descheduled run) and +-2% on the others.
                final double noise = k == 2 ? 0.4 : 1 + 0.04 * (random.nextDouble() - 0.5);
                final long peak = t.unlimited() ? 100_000 : t.value() + 1L;   // the throttle held writers back everywhere
                samples.add(new Sample(iops * noise, 100, 1000 * (2 - noise), 2000, 1, -1, 1, peak, 1, 1, 1));
            }
            points.add(new Point(4096, t, samples));
        }
        final Recommendation r = new ThresholdAdvisor(0.05, 0.25).recommend(points);
        assertEquals(new Threshold(32), r.value(), r.sentence());
    }

    @Test
    void valuesThatNeverEngagedTheThrottleAreJudgedOnTheirSamplesTogether()
    {
        // The dirty limit allows 256 copies in flight: from 256 up the throttle never holds anyone back,
        // so those points are one experiment repeated; unlimited's two lucky samples must not win alone.
        final List<Point> points = new ArrayList<>();
        final double[][] plateau = {{110, 100}, {100, 114}, {64, 128}, {143, 143}};
        final Threshold[] top = {new Threshold(256), new Threshold(1024), new Threshold(2048), Threshold.UNLIMITED};
        for (final Threshold t : List.of(new Threshold(0), new Threshold(16), new Threshold(64)))
        {
            final Sample s = new Sample(25, 100, 1000, 1500, 20, 20, 1 << 20, t.value() + 1, 1000, 900, 8);
            points.add(new Point(4096, t, List.of(s, s)));
        }
        for (int i = 0; i < top.length; i++)
        {
            final List<Sample> samples = new ArrayList<>();
            for (final double iops : plateau[i])
            {
                samples.add(new Sample(iops, 1000, 3000, 3100, 5, 5, 1 << 20, 256, 19_000_000, 13_000_000, 2048));
            }
            points.add(new Point(4096, top[i], samples));
        }
        final Recommendation r = new ThresholdAdvisor(0.05, 0.25).recommend(points);
        assertEquals(new Threshold(256), r.value(), r.sentence());
        assertEquals(112, r.bestIops(), 1e-9, "the median of the eight pooled samples");
        assertTrue(r.sentence().contains("The throttle never held a writer back at 256, 1024, 2048, unlimited (at most 256 "
            + "copies in flight in one snapshot)"), r.sentence());
        assertTrue(r.sentence().contains("Caution: the 8 samples of 256 spread over 70.5% of their median"), r.sentence());
        assertTrue(ThresholdAdvisor.neverEngaged(points.get(3)));
        assertTrue(!ThresholdAdvisor.neverEngaged(points.get(2)), "64 with 65 copies in flight engaged");
    }

    @Test
    void tolerancesAreChecked()
    {
        assertThrows(IllegalArgumentException.class, () -> new ThresholdAdvisor(1.0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new ThresholdAdvisor(-0.1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new ThresholdAdvisor(0.05, -1));
        assertThrows(IllegalArgumentException.class, () -> new ThresholdAdvisor(0.05, 0.1).recommend(List.of()));
    }
}
