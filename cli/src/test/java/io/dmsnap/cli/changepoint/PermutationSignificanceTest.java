package io.dmsnap.cli.changepoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static io.dmsnap.cli.changepoint.ChangePointReferenceTest.RANDOM_ISH;
import static io.dmsnap.cli.changepoint.ChangePointReferenceTest.concat;
import static io.dmsnap.cli.changepoint.ChangePointReferenceTest.repeat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The permutation test. Its random draws cannot match Otava's (another generator), so only series
 * whose answer does not depend on the draws are compared with Otava's permutation mode: for these,
 * Otava 0.8 (100 permutations, p 0.01, seeds 1 to 3) and MongoDB's library agree for every seed.
 */
class PermutationSignificanceTest
{
    private static final ChangePointDetector PERMUTATION = ChangePointDetector.otavaDefaults().withPermutationTest(100, 1);

    static Stream<Arguments> stableSeries()
    {
        return Stream.of(
            arguments("step", concat(repeat(50, 15), repeat(100, 15)), new int[] {15}),
            arguments("one point ahead", concat(repeat(50, 14), new double[] {74}, repeat(100, 15)), new int[] {15}),
            arguments("one point behind", concat(repeat(50, 14), new double[] {76}, repeat(100, 15)), new int[] {14}),
            arguments("early outlier", concat(new double[] {50, 50, 100}, repeat(50, 12), repeat(100, 15)), new int[] {15}),
            arguments("two steps", concat(new double[] {50, 50, 100}, repeat(50, 12), repeat(100, 15), repeat(150, 15)),
                new int[] {15, 30}),
            arguments("flat", repeat(50, 30), new int[0]),
            arguments("regression and recovery", concat(new double[] {50, 50, 100}, repeat(50, 12), repeat(100, 15),
                new double[] {50, 50, 100}, repeat(50, 12)), new int[] {15, 30}),
            arguments("random-ish", RANDOM_ISH, new int[] {20, 40}));
    }

    /**
     * Through the whole pipeline, for five seeds. Unlike the t-test, a point between two constant
     * runs (74 or 76 between 50s and 100s) is not a segment of its own: shuffling shows the split
     * beside it is as good.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stableSeries")
    void otavasPermutationResults(final String name, final double[] series, final int[] expected)
    {
        for (long seed = 1; seed <= 5; seed++)
        {
            final List<ChangePoint> found = ChangePointDetector.otavaDefaults().withPermutationTest(100, seed).detect(series,
                Direction.HIGHER_IS_BETTER);
            assertArrayEquals(expected, found.stream().mapToInt(ChangePoint::index).toArray(), "seed " + seed);
        }
    }

    /** The bisection alone with the permutation test at 0.01, as Otava's permutation mode runs it (no windows). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stableSeries")
    void otavasPermutationBisection(final String name, final double[] series, final int[] expected)
    {
        final int[] out = new int[series.length];
        final int found = new Bisection(series.length).detect(series, 0, series.length,
            new PermutationSignificance(100, 7, series.length), 0.01, out);
        assertArrayEquals(expected, Arrays.copyOf(out, found));
    }

    /** p counts exceedances: a multiple of 1 / (permutations + 1), here 0 for a clear step. */
    @Test
    void pValuesCountShuffles()
    {
        final double[] series = ChangePointShapesTest.uniform(11, 40, 0.03, i -> i < 20 ? 1000 : 1100);
        final PermutationSignificance test = new PermutationSignificance(100, 1, series.length);
        assertEquals(0.0, test.compare(series, 0, 20, 40).pValue());
        final double weak = test.compare(series, 0, 5, 20).pValue();   // no change inside the first level
        assertTrue(weak > 0.05, "p = " + weak);
        assertEquals(Math.round(weak * 101), weak * 101, 1e-9, "a count of shuffles over 101");
        assertEquals(weak, new PermutationSignificance(100, 1, series.length).compare(series, 0, 5, 20).pValue(),
            "the same seed and segments give the same p, whatever ran before");
    }

    @Test
    void sameSeedSameResult()
    {
        final double[] series = ChangePointShapesTest.gaussian(5, 120, 0.03, i -> i < 70 ? 1000 : 1040);
        assertEquals(PERMUTATION.detect(series, Direction.HIGHER_IS_BETTER), PERMUTATION.detect(series,
            Direction.HIGHER_IS_BETTER));
    }

    /**
     * Flat series with 3% Gaussian noise: observed 3 of 300 (30 runs) and 1 of 100 (365 runs) with a
     * false change point, against 9 of 300 and about 1 in 4 for the t-test.
     */
    @Test
    void flatNoisySeries()
    {
        int shortSeries = 0;
        for (int seed = 0; seed < 300; seed++)
        {
            shortSeries += PERMUTATION.detect(ChangePointShapesTest.gaussian(seed, 30, 0.03, i -> 1000),
                Direction.HIGHER_IS_BETTER).isEmpty() ? 0 : 1;
        }
        int longSeries = 0;
        for (int seed = 0; seed < 100; seed++)
        {
            longSeries += PERMUTATION.detect(ChangePointShapesTest.gaussian(seed, 365, 0.03, i -> 1000),
                Direction.HIGHER_IS_BETTER).isEmpty() ? 0 : 1;
        }
        assertTrue(shortSeries <= 10, shortSeries + " of 300");
        assertTrue(longSeries <= 5, longSeries + " of 100");
    }

    /**
     * Where the permutation test earns its cost: noise that is not normal. A flat series where 15%
     * of the runs are 30% slow (a busy machine): observed 23 of 300 series with a false change point
     * for the t-test, 2 for the permutation test.
     */
    @Test
    void occasionalSlowRunsAreNotChangePoints()
    {
        int tTest = 0;
        int permutation = 0;
        for (int seed = 0; seed < 300; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final double[] series = new double[30];
            for (int i = 0; i < series.length; i++)
            {
                series[i] = 1000 * (1 + 0.01 * random.nextGaussian()) * (random.nextDouble() < 0.15 ? 0.7 : 1);
            }
            tTest += ChangePointDetector.otavaDefaults().detect(series, Direction.HIGHER_IS_BETTER).isEmpty() ? 0 : 1;
            permutation += PERMUTATION.detect(series, Direction.HIGHER_IS_BETTER).isEmpty() ? 0 : 1;
        }
        assertTrue(permutation <= 6, "permutation test: " + permutation + " of 300");
        assertTrue(tTest >= 3 * permutation + 10, "t-test: " + tTest + " of 300, permutation test: " + permutation);
    }

    /** A 5% step in uniform ±3% noise, 30 runs: found within one run in 273 of 300 (t-test: 277). */
    @Test
    void findsAStep()
    {
        int near = 0;
        for (int seed = 0; seed < 300; seed++)
        {
            near += PERMUTATION.detect(ChangePointShapesTest.uniform(seed, 30, 0.03, i -> i < 15 ? 1000 : 1050),
                Direction.HIGHER_IS_BETTER).stream().anyMatch(p -> Math.abs(p.index() - 15) <= 1) ? 1 : 0;
        }
        assertTrue(near >= 250, near + " of 300");
    }
}
