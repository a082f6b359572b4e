package io.dmsnap.cli.tune;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kneedle on synthetic throughput curves over the log axis. */
final class KneedleTest
{
    private static final double S = ThresholdAdvisor.SENSITIVITY;
    private static final double FLAT = ThresholdAdvisor.FLATNESS;

    private static double[] positions(final int n)
    {
        final double[] x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = i - 1;   // 0 at -1, then 1, 2, 4, ... at 0, 1, 2, ...
        }
        return x;
    }

    /** Rises linearly to {@code top} at index {@code knee}, flat after. */
    private static double[] kneeCurve(final int n, final int knee, final double low, final double top)
    {
        final double[] y = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i >= knee ? top : low + (top - low) * i / knee;
        }
        return y;
    }

    @Test
    void aClearKneeIsFoundWhereTheRiseStops()
    {
        final double[] y = kneeCurve(18, 6, 1000, 30_000);
        assertEquals(OptionalInt.of(6), Kneedle.knee(positions(18), y, S, FLAT));
    }

    @Test
    void aSaturatingCurveHasItsKneeAtTheBend()
    {
        // y = top * (1 - e^(-x/2)): a smooth bend; Kneedle's knee is where it is farthest above the chord.
        final int n = 18;
        final double[] x = positions(n);
        final double[] y = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = 30_000 * (1 - Math.exp(-(x[i] + 1) / 2.0));
        }
        final int knee = Kneedle.knee(x, y, S, FLAT).orElseThrow();
        assertTrue(knee >= 2 && knee <= 6, "knee at index " + knee);
    }

    @Test
    void aCurveThatStartsFlatHasItsKneeWhereItLevelsOffAgain()
    {
        // Flat while every writer waits (0 .. 16), a rise, then the plateau from 256 on (index 9).
        final double[] y = {24, 22, 22, 22, 23, 23, 23, 46, 100, 162, 160, 158, 161, 160};
        assertEquals(OptionalInt.of(9), Kneedle.knee(positions(y.length), y, S, FLAT));
    }

    @Test
    void aFlatCurveHasNoKnee()
    {
        final double[] y = new double[18];
        java.util.Arrays.fill(y, 25_000);
        assertFalse(Kneedle.knee(positions(18), y, S, FLAT).isPresent());
    }

    @Test
    void aFlatCurveWithNoiseHasNoKnee()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final double[] y = new double[18];
        for (int i = 0; i < y.length; i++)
        {
            y[i] = 25_000 * (1 + 0.02 * (random.nextDouble() - 0.5));   // +-1%: within the flatness
        }
        assertFalse(Kneedle.knee(positions(18), y, S, FLAT).isPresent());
    }

    @Test
    void aStraightRiseHasNoKnee()
    {
        final double[] y = new double[18];
        for (int i = 0; i < y.length; i++)
        {
            y[i] = 1000 + 1500 * i;
        }
        assertFalse(Kneedle.knee(positions(18), y, S, FLAT).isPresent());
    }

    @Test
    void aFallingCurveHasNoKnee()
    {
        final double[] y = kneeCurve(18, 6, 30_000, 1000);
        assertFalse(Kneedle.knee(positions(18), y, S, FLAT).isPresent());
    }

    @Test
    void aNoisyKneeIsFoundNearTheBend()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final double[] y = kneeCurve(18, 7, 2000, 30_000);
        for (int i = 0; i < y.length; i++)
        {
            y[i] *= 1 + 0.06 * (random.nextDouble() - 0.5);   // +-3% noise
        }
        final int knee = Kneedle.knee(positions(18), y, S, FLAT).orElseThrow();
        assertTrue(Math.abs(knee - 7) <= 1, "knee at index " + knee);
    }

    @Test
    void tooFewPointsOrMismatchedArrays()
    {
        assertFalse(Kneedle.knee(new double[] {0, 1}, new double[] {1, 2}, S, FLAT).isPresent());
        assertThrows(IllegalArgumentException.class, () -> Kneedle.knee(new double[3], new double[2], S, FLAT));
    }
}
