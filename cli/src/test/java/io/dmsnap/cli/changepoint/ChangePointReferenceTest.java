package io.dmsnap.cli.changepoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The whole pipeline against Apache Otava 0.8's results: the change points (and their statistics)
 * its {@code compute_change_points} returns for the same series and parameters. The TigerBeetle
 * rows under {@link MergeRule#OTAVA} are the assertions of Otava's tests/tigerbeetle_test.py; the
 * {@link MergeRule#CORRECTED} rows were computed by an independent implementation of the same
 * pipeline with the neighbour re-test fixed (they differ exactly where the stale statistics
 * mattered).
 */
class ChangePointReferenceTest
{
    static final double[] TIGERBEETLE = load("tigerbeetle.txt");

    private static final ChangePointDetector DEFAULTS = ChangePointDetector.otavaDefaults();

    static double[] load(final String resource)
    {
        try (InputStream in = ChangePointReferenceTest.class.getResourceAsStream(resource))
        {
            assertNotNull(in, resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).mapToDouble(Double::parseDouble).toArray();
        }
        catch (final IOException e)
        {
            throw new AssertionError(resource, e);
        }
    }

    private static int[] indices(final List<ChangePoint> points)
    {
        return points.stream().mapToInt(ChangePoint::index).toArray();
    }

    private static int[] detect(final ChangePointDetector detector, final double... series)
    {
        return indices(detector.detect(series, Direction.HIGHER_IS_BETTER));
    }

    private static void assertRelative(final double expected, final double actual, final double tolerance)
    {
        assertEquals(expected, actual, Math.abs(expected) * tolerance, () -> "expected " + expected + ", got " + actual);
    }

    /** The bisection alone on Otava's 14-point SEQUENCE, t-test at 0.01, no windows. */
    @Test
    void bisectionOfOtavasSequence()
    {
        final List<Double> pValues = new ArrayList<>();
        final SplitSignificance recording = new SplitSignificance()
        {
            private final TTestSignificance test = new TTestSignificance();

            @Override
            public double candidatePValue(final double[] z, final int[] bounds, final int count, final int interval,
                final int tau, final double q)
            {
                final double p = test.candidatePValue(z, bounds, count, interval, tau, q);
                pValues.add(p);
                return p;
            }

            @Override
            public SegmentComparison compare(final double[] z, final int from, final int split, final int to)
            {
                return test.compare(z, from, split, to);
            }
        };
        final double[] z = EnergySplitTest.SEQUENCE;
        final int[] out = new int[z.length];
        final int found = new Bisection(z.length).detect(z, 0, z.length, recording, 0.01, out);
        assertArrayEquals(new int[] {5, 8}, Arrays.copyOf(out, found));
        assertRelative(3.983064913572341e-08, pValues.get(0), 1e-9);
        assertRelative(1.4165684937109603e-13, pValues.get(1), 1e-9);
        assertEquals(3, pValues.size(), "the third candidate failed and ended the search");
    }

    @Test
    void permutationBisectionOfOtavasSequence()
    {
        final double[] z = EnergySplitTest.SEQUENCE;
        final int[] out = new int[z.length];
        final int found = new Bisection(z.length).detect(z, 0, z.length, new PermutationSignificance(100, 1, z.length), 0.01,
            out);
        assertArrayEquals(new int[] {5, 8}, Arrays.copyOf(out, found));
    }

    /** Otava's example CSV: metric1 has no change point, metric2 one at row 6, reported as -12.9%. */
    @Test
    void otavasSampleCsv()
    {
        assertArrayEquals(new int[0],
            detect(DEFAULTS, 154023, 138455, 143112, 149190, 132098, 151344, 155145, 148889, 149466, 148209));
        final List<ChangePoint> metric2 = DEFAULTS.detect(
            new double[] {10.43, 10.23, 10.29, 10.91, 10.34, 10.69, 9.23, 9.11, 9.13, 9.03}, Direction.HIGHER_IS_BETTER);
        assertEquals(1, metric2.size());
        final ChangePoint point = metric2.get(0);
        assertEquals(6, point.index());
        assertRelative(4.9852621831716505e-06, point.pValue(), 1e-9);
        assertRelative(10.481666666666667, point.meanBefore(), 1e-12);
        assertRelative(9.125, point.meanAfter(), 1e-12);
        assertRelative(0.24141366066475106, point.stdDevBefore(), 1e-9);
        assertRelative(0.07123903424387545, point.stdDevAfter(), 1e-9);
        assertRelative(-12.943234218476707, point.changePercent(), 1e-12);
        assertRelative(14.8675799086758, point.magnitudePercent(), 1e-12);
        assertEquals(Verdict.REGRESSION, point.verdict());
    }

    @Test
    void smallPipelines()
    {
        final List<ChangePoint> halved = ChangePointDetector.otavaDefaults().withWindow(10).withPValue(0.0001).detect(
            new double[] {1.02, 0.95, 0.99, 1.00, 1.12, 1.00, 1.01, 0.98, 1.01, 0.96, 0.50, 0.51, 0.48, 0.48, 0.55, 0.50, 0.49,
                0.51, 0.50, 0.49}, Direction.HIGHER_IS_BETTER);
        assertArrayEquals(new int[] {10}, indices(halved));
        assertRelative(1.42717e-17, halved.get(0).pValue(), 1e-5);
        assertRelative(1.004, halved.get(0).meanBefore(), 1e-12);
        assertRelative(0.501, halved.get(0).meanAfter(), 1e-12);

        final double[] series1 = {1.02, 0.95, 0.99, 1.00, 1.12, 0.90, 0.50, 0.51, 0.48, 0.48, 0.55};
        final double[] series2 = {2.02, 2.03, 2.01, 2.04, 1.82, 1.85, 1.79, 1.81, 1.80, 1.76, 1.78};
        final ChangePoint one = DEFAULTS.detect(series1, Direction.HIGHER_IS_BETTER).get(0);
        assertEquals(6, one.index());
        assertRelative(9.47044e-08, one.pValue(), 1e-5);
        assertRelative(0.996667, one.meanBefore(), 1e-6);
        assertRelative(0.504, one.meanAfter(), 1e-12);
        final ChangePoint two = DEFAULTS.detect(series2, Direction.HIGHER_IS_BETTER).get(0);
        assertEquals(4, two.index());
        assertRelative(8.23697e-08, two.pValue(), 1e-5);
        assertRelative(2.025, two.meanBefore(), 1e-12);
        assertRelative(1.801429, two.meanAfter(), 1e-6);

        // -M 0.2: the halving (magnitude 98%) stays, the 11% drop goes.
        final ChangePointDetector magnitude20 = DEFAULTS.withMinMagnitudePercent(20);
        assertArrayEquals(new int[] {6}, detect(magnitude20, series1));
        assertArrayEquals(new int[0], detect(magnitude20, series2));

        final List<ChangePoint> fromZero = DEFAULTS.detect(
            new double[] {0.0, 0.0, 0.0, 1.00, 1.12, 0.90, 0.50, 0.51, 0.48, 0.48, 0.55}, Direction.HIGHER_IS_BETTER);
        assertArrayEquals(new int[] {3, 6}, indices(fromZero));
        assertRelative(4.1733e-05, fromZero.get(0).pValue(), 1e-4);
        assertRelative(1.7722e-05, fromZero.get(1).pValue(), 1e-4);
        assertEquals(0.0, fromZero.get(0).changePercent(), "no relative change from a mean of 0");
        assertEquals(100.0, fromZero.get(0).magnitudePercent(), 1e-9, "but the backward change counts: -100%");
    }

    /**
     * Noise-free steps, the last two exactly 5%: Otava keeps all three at -M 0.05 because its sums
     * make the constant levels exact and the 5% comes out as 0.050000000000000044.
     */
    @Test
    void exactStepsAtTheMinimumMagnitude()
    {
        final double[] series = concat(repeat(0.01, 16), repeat(0.0095, 27), repeat(0.009975, 12), repeat(0.01047375, 18));
        final ChangePointDetector detector = DEFAULTS.withWindow(30).withPValue(0.01);
        final List<ChangePoint> points = detector.withMinMagnitudePercent(5).detect(series, Direction.HIGHER_IS_BETTER);
        assertArrayEquals(new int[] {16, 43, 55}, indices(points));
        points.forEach(p -> assertEquals(0.0, p.pValue()));
        assertArrayEquals(new int[] {16, 55}, detect(detector.withMinMagnitudePercent(5.00001), series));
    }

    static Stream<Arguments> mongoSeries()
    {
        return Stream.of(
            arguments("step", concat(repeat(50, 15), repeat(100, 15)), new int[] {15}),
            arguments("one point ahead", concat(repeat(50, 14), new double[] {74}, repeat(100, 15)), new int[] {14, 15}),
            arguments("one point behind", concat(repeat(50, 14), new double[] {76}, repeat(100, 15)), new int[] {14, 15}),
            arguments("early outlier", concat(new double[] {50, 50, 100}, repeat(50, 12), repeat(100, 15)), new int[] {15}),
            arguments("two steps", concat(new double[] {50, 50, 100}, repeat(50, 12), repeat(100, 15), repeat(150, 15)),
                new int[] {15, 30}),
            arguments("flat", repeat(50, 30), new int[0]),
            arguments("random-ish", RANDOM_ISH, new int[] {20, 40, 50}));
    }

    /** MongoDB's test series through Otava's default pipeline (W 50, P 0.001, M 0). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mongoSeries")
    void mongoDbSeries(final String name, final double[] series, final int[] expected)
    {
        assertArrayEquals(expected, detect(DEFAULTS, series));
    }

    @Test
    void mongoDbRandomIshPValues()
    {
        final List<ChangePoint> points = DEFAULTS.detect(RANDOM_ISH, Direction.HIGHER_IS_BETTER);
        assertRelative(4.32677e-14, points.get(0).pValue(), 1e-5);
        assertRelative(1.20943e-11, points.get(1).pValue(), 1e-5);
        assertRelative(0.000946597, points.get(2).pValue(), 1e-5);
    }

    static Stream<Arguments> tigerbeetle()
    {
        final int[] p02 = {3, 6, 7, 10, 11, 13, 15, 16, 28, 29, 35, 37, 39, 41, 44, 48, 49, 56, 58, 61, 65, 66, 69, 71, 74, 76,
            82, 95, 108, 117, 125, 126, 129, 131, 136, 137, 142, 148, 165, 169, 187, 190, 192, 197, 200, 212, 220, 241, 243,
            246, 247, 249, 250, 260, 265, 266, 268, 278, 282, 288, 305, 306, 325, 330, 337, 338, 340, 347, 349, 363};
        final int[] p02Corrected = Arrays.stream(concat(Arrays.stream(p02).asDoubleStream().toArray(), new double[] {234}))
            .mapToInt(v -> (int) v).sorted().toArray();
        return Stream.of(
            arguments(30, 0.01, 5.0, new int[] {15, 71}, new int[] {15, 71}),
            arguments(30, 0.05, 5.0, new int[] {15, 71}, new int[] {15, 71}),
            arguments(30, 0.1, 5.0, new int[] {10, 11, 15, 71, 363}, new int[] {10, 11, 15, 71}),
            arguments(30, 0.2, 5.0, new int[] {10, 11, 15, 71}, new int[] {10, 11, 15, 71}),
            arguments(30, 0.2, 0.0, p02, p02Corrected),
            arguments(30, 0.1, 0.0,
                new int[] {3, 6, 10, 11, 15, 16, 28, 29, 35, 37, 39, 41, 44, 48, 49, 61, 71, 95, 117, 131, 142, 148, 165, 169,
                    192, 206, 212, 260, 265, 268, 278, 282, 288, 305, 363},
                new int[] {3, 10, 11, 15, 16, 28, 29, 35, 37, 39, 41, 44, 48, 49, 61, 71, 95, 117, 131, 142, 148, 165, 169, 192,
                    206, 212, 220, 260, 268, 278, 282, 363}),
            arguments(30, 0.01, 0.0, new int[] {15, 26, 61, 71, 95, 117, 131, 142, 148, 165, 169, 192, 212, 260},
                new int[] {15, 61, 71, 95, 117, 131, 142, 148, 165, 169, 192, 212, 260}),
            arguments(30, 0.001, 0.0, new int[] {15, 61, 71, 95, 117, 131, 142, 148, 192, 212, 260},
                new int[] {15, 61, 71, 95, 117, 131, 142, 148, 192, 212}),
            arguments(30, 0.0001, 0.0, new int[] {71, 95, 117, 131, 142, 148, 192, 212},
                new int[] {71, 95, 117, 131, 142, 148, 192, 212}),
            arguments(30, 0.00001, 0.0, new int[] {71, 95, 131, 192, 212}, new int[] {71, 95, 131, 192, 212}),
            arguments(50, 0.001, 0.0, new int[] {15, 61, 71, 95, 117, 131, 192, 212},
                new int[] {15, 61, 71, 95, 117, 131, 192, 212}),
            arguments(50, 0.001, 5.0, new int[] {15, 71}, null));
    }

    @ParameterizedTest(name = "window {0}, p {1}, magnitude {2}%")
    @MethodSource("tigerbeetle")
    void tigerbeetle(final int window, final double p, final double magnitudePercent, final int[] otava,
        final int[] corrected)
    {
        final ChangePointDetector detector = DEFAULTS.withWindow(window).withPValue(p).withMinMagnitudePercent(magnitudePercent);
        assertArrayEquals(otava, detect(detector, TIGERBEETLE), "Otava's merge");
        if (corrected != null)
        {
            assertArrayEquals(corrected, detect(detector.withMergeRule(MergeRule.CORRECTED), TIGERBEETLE), "corrected merge");
        }
    }

    /** Otava's reported p-values, window 30, p 0.001; 260's is stale (2.72e-3 against its real neighbours). */
    @Test
    void tigerbeetlePValues()
    {
        final List<ChangePoint> points = DEFAULTS.withWindow(30).detect(TIGERBEETLE, Direction.HIGHER_IS_BETTER);
        final double[] expected = {3.05072e-07, 4.82827e-22, 2.77169e-33, 1.83413e-22, 6.64713e-06, 5.57877e-06, 3.56083e-05,
            1.34035e-09, 1.27127e-12, 0.000127302, 0.000240831};
        assertEquals(expected.length, points.size());
        for (int i = 0; i < expected.length; i++)
        {
            assertRelative(expected[i], points.get(i).pValue(), 1e-5);
        }
        final ChangePoint last = points.get(points.size() - 1);
        final double real = OtavaTTest.compare(TIGERBEETLE, points.get(points.size() - 2).index(), last.index(),
            TIGERBEETLE.length).pValue();
        assertRelative(2.72e-3, real, 0.01);
    }

    static Stream<Arguments> weakSets()
    {
        return Stream.of(
            arguments(30, 0.001, new int[] {15, 61, 71, 95, 117, 131, 142, 148, 192, 212, 260, 330}),
            arguments(30, 0.01, new int[] {15, 26, 41, 56, 61, 71, 95, 117, 131, 142, 148, 165, 169, 192, 206, 212, 260, 268,
                330, 348}),
            arguments(30, 0.05, new int[] {15, 26, 41, 56, 61, 71, 95, 117, 131, 142, 148, 165, 169, 192, 206, 212, 260, 268,
                330, 348}),
            arguments(30, 0.0001, new int[] {61, 71, 95, 117, 131, 142, 148, 192, 212}),
            arguments(30, 0.00001, new int[] {61, 71, 95, 131, 148, 192, 212}),
            arguments(50, 0.001, new int[] {15, 61, 71, 95, 117, 131, 148, 192, 212}));
    }

    /** The split step's output (Otava's {@code split}) before the merge step. */
    @ParameterizedTest(name = "window {0}, p {1}")
    @MethodSource("weakSets")
    void tigerbeetleWeakChangePoints(final int window, final double p, final int[] expected)
    {
        assertArrayEquals(expected, DEFAULTS.withWindow(window).withPValue(p).weakChangePoints(TIGERBEETLE));
    }

    @Test
    void firstPassThreshold()
    {
        assertEquals(0.01, ChangePointDetector.firstPassPValue(0.001), 1e-15);
        assertEquals(0.2, ChangePointDetector.firstPassPValue(0.1), 1e-15);
        assertEquals(0.6, ChangePointDetector.firstPassPValue(0.6), 1e-15);
        assertEquals(0.1, ChangePointDetector.firstPassPValue(0.05), 1e-15, "0.05 is doubled, not multiplied by 10");
    }

    static final double[] RANDOM_ISH = {41, 18, 23, 3, 32, 11, 40, 13, 29, 48, 47, 35, 18, 21, 6, 2, 23, 3, 4, 7, 120, 103, 102,
        81, 71, 62, 115, 61, 108, 63, 70, 98, 65, 96, 64, 74, 70, 113, 90, 114, 208, 196, 153, 150, 225, 179, 206, 165, 177, 151,
        218, 217, 244, 245, 229, 195, 225, 229, 176, 250};

    static double[] repeat(final double value, final int count)
    {
        final double[] run = new double[count];
        Arrays.fill(run, value);
        return run;
    }

    static double[] concat(final double[]... parts)
    {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }
}
