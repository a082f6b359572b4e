package io.dmsnap.cli.stats;

import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AaCalibrationTest
{
    private static final ComparisonSettings SETTINGS = new ComparisonSettings(0.05, 0.95, 2_000, 99L, 5, 0.8);

    @Test
    void splittingAlternatesRuns()
    {
        final AaRow row = AaRow.splitAlternately("r", new double[] {1, 2, 3, 4, 5});
        assertArrayEquals(new double[] {1, 3, 5}, row.first());
        assertArrayEquals(new double[] {2, 4}, row.second());
        assertEquals("row r: A/A runs has 1 value: give at least 2",
            assertThrows(IllegalArgumentException.class, () -> AaRow.splitAlternately("r", new double[] {1})).getMessage());
    }

    /**
     * A machine that slows down 1% per run over 20 runs: split by alternation the halves agree,
     * split into first and second half the drift looks like a 10% regression.
     */
    @Test
    void alternationKeepsDriftOutOfTheComparison()
    {
        final ContinuousDistribution.Sampler noise = TestSamples.normal(0.0, 0.5, 3L);
        final double[] runs = new double[20];
        for (int i = 0; i < runs.length; i++)
        {
            runs[i] = 100.0 * (1.0 + 0.01 * i) + noise.sample();
        }
        final AaCalibration calibration = new AaCalibration(SETTINGS, 1.0);
        final AaRowResult alternated = calibration.calibrate(List.of(AaRow.splitAlternately("drift", runs)), 10).rows().get(0);
        final AaRowResult halved = calibration.calibrate(List.of(new AaRow("drift", Arrays.copyOfRange(runs, 0, 10),
            Arrays.copyOfRange(runs, 10, 20))), 10).rows().get(0);
        assertTrue(alternated.rawP() > 0.05, "alternated: " + alternated);
        assertTrue(Math.abs(alternated.change().estimatePercent()) < 2.0, "alternated: " + alternated);
        assertTrue(halved.rawP() < 0.001, "halved: " + halved);
        assertEquals(10.0, halved.change().estimatePercent(), 1.5);
    }

    /** 200 rows of identical builds (10 runs a side): the combined test's raw false-positive rate stays near alpha. */
    @Test
    void falsePositivesAreCountedOverTheRows()
    {
        final List<AaRow> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++)
        {
            rows.add(AaRow.splitAlternately("row" + i, TestSamples.draw(TestSamples.normal(100.0, 3.0, 1_000 + i), 20)));
        }
        final AaReport report = new AaCalibration(SETTINGS, 1.0).calibrate(rows, 10);
        assertEquals(200, report.rows().size());
        final long raw = report.rows().stream().filter((final AaRowResult r) -> r.rawP() < 0.05).count();
        final long adjusted = report.rows().stream().filter((final AaRowResult r) -> r.adjustedP() < 0.05).count();
        assertEquals(raw, report.rawFalsePositives());
        assertEquals(adjusted, report.adjustedFalsePositives());
        assertEquals(raw / 200.0, report.rawFalsePositiveRate());
        assertEquals(adjusted / 200.0, report.adjustedFalsePositiveRate());
        assertTrue(raw >= 2 && raw <= 20, raw + " raw false positives in 200 rows: at most 2 alpha by Bonferroni");
        assertEquals(0, adjusted, "Holm keeps the family-wise rate at 5%");
        assertEquals(0.05, report.alpha());
        assertEquals(10, report.plannedSamplesPerSide());
    }

    @Test
    void eachRowGetsItsNoiseAndABandThatFollowsTheRule()
    {
        final List<AaRow> rows = List.of(
            AaRow.splitAlternately("quiet", TestSamples.draw(TestSamples.normal(100.0, 0.3, 1L), 20)),
            AaRow.splitAlternately("noisy", TestSamples.draw(TestSamples.normal(100.0, 8.0, 2L), 20)));
        final AaReport report = new AaCalibration(SETTINGS, 1.0).calibrate(rows, 10);
        final AaRowResult quiet = report.rows().get(0);
        final AaRowResult noisy = report.rows().get(1);
        assertEquals(1.0, quiet.suggestedBandPercent(), "quiet rows get the floor");
        assertTrue(noisy.suggestedBandPercent() >= 10.0, noisy.toString());
        for (final AaRowResult r : report.rows())
        {
            assertEquals(10, r.nFirst());
            assertEquals(10, r.nSecond());
            final double[] all = concat(rows.get(report.rows().indexOf(r)).first(), rows.get(report.rows().indexOf(r)).second());
            assertEquals(Descriptive.cvPercent(all), r.cvPercent(), 1e-12);
            assertEquals(Descriptive.robustCvPercent(all), r.robustCvPercent(), 1e-12);
            assertEquals(Power.at(0.05 / 2).minimumDetectablePercent(10, 10, r.planningCvPercent()), r.minimumDetectablePercent(),
                1e-12);
            assertEquals(AaCalibration.suggestedBandPercent(1.0, r.minimumDetectablePercent(), r.change()),
                r.suggestedBandPercent());
        }
        final AaRowResult planned = new AaCalibration(SETTINGS, 1.0).calibrate(rows, 30).rows().get(1);
        assertTrue(planned.minimumDetectablePercent() < noisy.minimumDetectablePercent(), "more runs, smaller effects seen");
    }

    /** max(floor, MDE, largest |A/A bound|), rounded up to half a percent. */
    @Test
    void theBandRule()
    {
        final ChangeInterval aa = new ChangeInterval(0.5, -1.2, 3.1, 0.95, 10_000, 1L);
        assertEquals(3.5, AaCalibration.suggestedBandPercent(1.0, 2.3, aa));
        assertEquals(4.5, AaCalibration.suggestedBandPercent(1.0, 4.01, aa));
        assertEquals(6.0, AaCalibration.suggestedBandPercent(6.0, 2.3, aa));
        assertEquals(4.0, AaCalibration.suggestedBandPercent(1.0, 0.0, new ChangeInterval(0.0, -4.0, 2.0, 0.95, 10_000, 1L)));
        assertEquals(Double.POSITIVE_INFINITY, AaCalibration.suggestedBandPercent(1.0, Double.POSITIVE_INFINITY, aa));
    }

    @Test
    void badInputIsRejected()
    {
        final AaCalibration calibration = new AaCalibration(SETTINGS, 1.0);
        assertEquals("nothing to calibrate: give at least one A/A row",
            assertThrows(IllegalArgumentException.class, () -> calibration.calibrate(List.of(), 10)).getMessage());
        final AaRow row = AaRow.splitAlternately("r", new double[] {1, 2, 3, 4});
        assertEquals("planned values per side 0 is out of range: give at least 1",
            assertThrows(IllegalArgumentException.class, () -> calibration.calibrate(List.of(row), 0)).getMessage());
        assertEquals("row name r appears twice: row names must be unique",
            assertThrows(IllegalArgumentException.class, () -> calibration.calibrate(List.of(row, row), 10)).getMessage());
        assertEquals("minimum band 0.0% is out of range: give a finite percentage above 0",
            assertThrows(IllegalArgumentException.class, () -> new AaCalibration(SETTINGS, 0.0)).getMessage());
        assertEquals("row r: first A sample is empty: give at least 1 value",
            assertThrows(IllegalArgumentException.class, () -> new AaRow("r", new double[0], new double[] {1})).getMessage());
    }

    private static double[] concat(final double[] a, final double[] b)
    {
        final double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
