package io.dmsnap.cli.changepoint;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detector's settings and the two merge rules. */
class ChangePointDetectorTest
{
    private static final ChangePointDetector DEFAULTS = ChangePointDetector.otavaDefaults();

    @Test
    void defaultsAreOtavasCommandLineDefaults()
    {
        assertEquals(50, DEFAULTS.window());
        assertEquals(0.001, DEFAULTS.pValue());
        assertEquals(0.0, DEFAULTS.minMagnitudePercent());
        assertEquals(MergeRule.OTAVA, DEFAULTS.mergeRule());
        assertEquals(SignificanceMethod.T_TEST, DEFAULTS.method());
        assertEquals("E-divisive means, window 50, p < 0.001, magnitude > 0.0%, t-test, otava merge", DEFAULTS.toString());
    }

    @Test
    void settingsMakeNewDetectors()
    {
        final ChangePointDetector changed = DEFAULTS.withWindow(30).withPValue(0.01).withMinMagnitudePercent(5)
            .withMergeRule(MergeRule.CORRECTED).withPermutationTest(199, 42);
        assertEquals(30, changed.window());
        assertEquals(0.01, changed.pValue());
        assertEquals(5.0, changed.minMagnitudePercent());
        assertEquals(MergeRule.CORRECTED, changed.mergeRule());
        assertEquals(SignificanceMethod.PERMUTATION, changed.method());
        assertEquals(199, changed.permutations());
        assertEquals(42, changed.seed());
        assertEquals("E-divisive means, window 30, p < 0.01, magnitude > 5.0%, permutation test (199 permutations, seed 42),"
            + " corrected merge", changed.toString());
        assertEquals(SignificanceMethod.T_TEST, changed.withTTest().method());
        assertEquals(50, DEFAULTS.window(), "the original is unchanged");
        assertEquals(SignificanceMethod.T_TEST, DEFAULTS.method());
    }

    @Test
    void badSettingsNameTheValidRange()
    {
        assertEquals("window must be at least 4 points, got 3",
            assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withWindow(3)).getMessage());
        assertEquals("p-value threshold must be in (0, 1], got 0.0",
            assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withPValue(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withPValue(1.5));
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withPValue(Double.NaN));
        assertEquals("minimum magnitude must be a percentage of 0 or more, got -1.0",
            assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withMinMagnitudePercent(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withMinMagnitudePercent(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withMinMagnitudePercent(Double.POSITIVE_INFINITY));
        assertEquals("permutation count must be at least 1, got 0",
            assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withPermutationTest(0, 1)).getMessage());
    }

    /** The smallest window: four points, moving two at a time. */
    @Test
    void smallestWindowStillWorks()
    {
        final double[] series = ChangePointReferenceTest.concat(ChangePointReferenceTest.repeat(50, 15),
            ChangePointReferenceTest.repeat(100, 15));
        assertEquals(15, DEFAULTS.withWindow(4).detect(series, Direction.HIGHER_IS_BETTER).get(0).index());
    }

    /**
     * With the corrected rule every reported statistic is against the point's current neighbours:
     * one point's segment after is the next one's segment before. Otava's rule leaves stale
     * statistics on the left neighbour of a removed point; on the TigerBeetle series (window 30,
     * p 0.001) that is 260, reported with its statistics against the removed weak point 330.
     */
    @Test
    void correctedStatisticsAreAgainstCurrentNeighbours()
    {
        final double[] series = ChangePointReferenceTest.TIGERBEETLE;
        final ChangePointDetector window30 = DEFAULTS.withWindow(30);
        final List<ChangePoint> corrected = window30.withMergeRule(MergeRule.CORRECTED).detect(series,
            Direction.HIGHER_IS_BETTER);
        assertConsistent(series, corrected);

        final List<ChangePoint> otava = window30.detect(series, Direction.HIGHER_IS_BETTER);
        final ChangePoint last = otava.get(otava.size() - 1);
        assertEquals(260, last.index());
        final SegmentComparison stale = OtavaTTest.compare(series, 212, 260, 330);
        assertEquals(stale.meanAfter(), last.meanAfter(), "the segment after 260 still ends at the removed 330");
        assertEquals(stale.pValue(), last.pValue());
        assertNotEquals(OtavaTTest.compare(series, 212, 260, series.length).meanAfter(), last.meanAfter());
    }

    /** The same on random multi-level series: each point's statistics recomputed from its neighbours. */
    @Test
    void correctedStatisticsHoldOnRandomSeries()
    {
        final ChangePointDetector corrected = DEFAULTS.withMergeRule(MergeRule.CORRECTED).withPValue(0.01);
        int points = 0;
        for (int seed = 0; seed < 100; seed++)
        {
            final double[] series = ChangePointShapesTest.gaussian(seed, 120, 0.03, i -> 1000 + 50 * ((i * 7 / 120) % 3));
            final List<ChangePoint> found = corrected.detect(series, Direction.HIGHER_IS_BETTER);
            assertConsistent(series, found);
            points += found.size();
        }
        assertTrue(points > 100, "the series have level shifts to find: " + points);
    }

    private static void assertConsistent(final double[] series, final List<ChangePoint> points)
    {
        for (int i = 0; i < points.size(); i++)
        {
            final int from = i > 0 ? points.get(i - 1).index() : 0;
            final int to = i + 1 < points.size() ? points.get(i + 1).index() : series.length;
            final SegmentComparison expected = OtavaTTest.compare(series, from, points.get(i).index(), to);
            assertEquals(expected.meanBefore(), points.get(i).meanBefore(), "point " + points.get(i).index());
            assertEquals(expected.meanAfter(), points.get(i).meanAfter(), "point " + points.get(i).index());
            assertEquals(expected.pValue(), points.get(i).pValue(), "point " + points.get(i).index());
        }
    }

    /** A wider minimum magnitude only removes points. */
    @Test
    void magnitudeFilterOnlyRemoves()
    {
        final double[] series = ChangePointReferenceTest.TIGERBEETLE;
        final ChangePointDetector detector = DEFAULTS.withWindow(30).withMergeRule(MergeRule.CORRECTED);
        List<Integer> previous = null;
        for (final double percent : new double[] {0, 1, 2, 5, 10, 20, 50})
        {
            final List<ChangePoint> found = detector.withMinMagnitudePercent(percent).detect(series, Direction.HIGHER_IS_BETTER);
            for (final ChangePoint point : found)
            {
                assertTrue(point.magnitudePercent() > percent, point + " at minimum " + percent);
            }
            final List<Integer> indices = found.stream().map(ChangePoint::index).toList();
            if (previous != null)
            {
                assertTrue(previous.containsAll(indices), previous + " then " + indices);
            }
            previous = indices;
        }
        assertEquals(List.of(), previous, "no change in this series is a 50% one");
    }
}
