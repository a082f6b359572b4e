package io.dmsnap.cli.stats;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FamilyComparisonTest
{
    private static final long SEED = 20_240_607L;

    private static double[] normal(final double mean, final double sd, final long seed, final int n)
    {
        return TestSamples.draw(TestSamples.normal(mean, sd, seed), n);
    }

    private static List<ComparisonRow> rows()
    {
        return List.of(
            new ComparisonRow("write_p99_us", Direction.LOWER_IS_BETTER, 5.0, normal(100, 2, 1, 10), normal(120, 2.4, 2, 10)),
            new ComparisonRow("write_iops", Direction.HIGHER_IS_BETTER, 5.0, normal(1000, 20, 3, 10), normal(1200, 24, 4, 10)),
            new ComparisonRow("read_iops", Direction.HIGHER_IS_BETTER, 5.0, normal(1000, 10, 5, 10), normal(1000, 10, 6, 10)),
            new ComparisonRow("read_p99_us", Direction.LOWER_IS_BETTER, 2.0, normal(100, 15, 7, 10), normal(100, 15, 8, 10)));
    }

    @Test
    void eachRowGetsItsVerdict()
    {
        final List<RowResult> results = new FamilyComparison(ComparisonSettings.defaults(SEED)).compare(rows());
        assertEquals(4, results.size());
        assertEquals(Verdict.REGRESSED, results.get(0).verdict().verdict(), results.get(0).verdict().reason());
        assertEquals(Verdict.IMPROVED, results.get(1).verdict().verdict(), results.get(1).verdict().reason());
        assertEquals(Verdict.SAME, results.get(2).verdict().verdict(), results.get(2).verdict().reason());
        final VerdictResult noisy = results.get(3).verdict();
        assertEquals(Verdict.INCONCLUSIVE, noisy.verdict(), noisy.reason());
        assertTrue(noisy.samplesPerSideNeeded() > 100, "15% noise against a 2% band needs many runs: " + noisy);
        assertEquals(20.0, results.get(0).change().estimatePercent(), 4.0);
        assertEquals(20.0, results.get(0).shift().percentOfBaseMedian(), 4.0);
    }

    @Test
    void pValuesAreHolmAdjustedOverTheFamily()
    {
        final List<RowResult> results = new FamilyComparison(ComparisonSettings.defaults(SEED)).compare(rows());
        final double[] raw = results.stream().mapToDouble(RowResult::rawP).toArray();
        assertArrayEquals(PValueAdjustment.holm(raw), results.stream().mapToDouble(RowResult::adjustedP).toArray());
        for (final RowResult r : results)
        {
            assertEquals(r.test().pValue(), r.rawP());
            assertTrue(r.adjustedP() >= r.rawP());
        }
    }

    /** The power figures are at the strictest Holm step, alpha / m, so SAME never rests on power the adjusted test lacks. */
    @Test
    void theDetectableEffectIsAtTheStrictestHolmLevel()
    {
        final List<RowResult> results = new FamilyComparison(ComparisonSettings.defaults(SEED)).compare(rows());
        for (final RowResult r : results)
        {
            assertEquals(Power.planningCvPercent(r.base(), r.candidate()), r.planningCvPercent());
            assertEquals(Power.at(0.05 / 4).minimumDetectablePercent(10, 10, r.planningCvPercent()),
                r.minimumDetectablePercent(), 1e-12);
        }
    }

    /**
     * The sizing rule of the matrix: 32 rows, each a 30% latency regression. With 5 runs a side the
     * exact test's best p-value (0.0079) times 32 is above 0.05, so nothing can be called; with 7
     * (0.00058 x 32 = 0.019) every row is. The 5-run rows say how many runs would do: at least 7,
     * more if their noise asks for it.
     */
    @Test
    void thirtyTwoRowsNeedSevenValuesASide()
    {
        for (final int n : new int[] {5, 7})
        {
            final List<ComparisonRow> family = new ArrayList<>();
            for (int i = 0; i < 32; i++)
            {
                family.add(new ComparisonRow("row" + i, Direction.LOWER_IS_BETTER, 5.0, normal(100, 1, 100 + i, n),
                    normal(130, 1.3, 200 + i, n)));
            }
            for (final RowResult r : new FamilyComparison(ComparisonSettings.defaults(SEED)).compare(family))
            {
                assertEquals(n == 5 ? Verdict.INCONCLUSIVE : Verdict.REGRESSED, r.verdict().verdict(), n + ": " + r.verdict());
                if (n == 5)
                {
                    final int needed = r.verdict().samplesPerSideNeeded();
                    assertTrue(needed >= 7, "at least the exact test's floor: " + needed);
                    assertEquals(Power.at(0.05 / 32).samplesPerSide(5.0, r.planningCvPercent()), needed);
                }
            }
        }
    }

    @Test
    void resultsAreReproducibleAndIndependentOfRowOrder()
    {
        final FamilyComparison comparison = new FamilyComparison(ComparisonSettings.defaults(SEED));
        final List<RowResult> forward = comparison.compare(rows());
        final List<ComparisonRow> reversed = new ArrayList<>(rows());
        Collections.reverse(reversed);
        final List<RowResult> backward = comparison.compare(reversed);
        for (int i = 0; i < forward.size(); i++)
        {
            final RowResult a = forward.get(i);
            final RowResult b = backward.get(forward.size() - 1 - i);
            assertEquals(a.name(), b.name());
            assertEquals(a.change(), b.change());
            assertEquals(a.adjustedP(), b.adjustedP());
            assertEquals(a.verdict(), b.verdict());
            assertEquals(PercentChangeBootstrap.rowSeed(SEED, a.name()), a.change().seed());
        }
    }

    @Test
    void aRowCopiesItsSamples()
    {
        final double[] base = {1, 2, 3};
        final ComparisonRow row = new ComparisonRow("r", Direction.LOWER_IS_BETTER, 1.0, base, new double[] {4});
        base[0] = 99;
        assertArrayEquals(new double[] {1, 2, 3}, row.base());
        row.base()[1] = 99;
        assertArrayEquals(new double[] {1, 2, 3}, row.base());
    }

    @Test
    void badInputIsRejectedNamingTheRow()
    {
        final FamilyComparison comparison = new FamilyComparison(ComparisonSettings.defaults(SEED));
        assertEquals("nothing to compare: give at least one row",
            assertThrows(IllegalArgumentException.class, () -> comparison.compare(List.of())).getMessage());
        final ComparisonRow row = new ComparisonRow("iops", Direction.HIGHER_IS_BETTER, 3.0, new double[] {1, 2}, new double[] {3});
        assertEquals("row name iops appears twice: row names must be unique",
            assertThrows(IllegalArgumentException.class, () -> comparison.compare(List.of(row, row))).getMessage());
        assertEquals("row alloc: base sample value 0 is 0.0: a percent change needs positive base values",
            assertThrows(IllegalArgumentException.class, () -> comparison.compare(List.of(new ComparisonRow("alloc",
                Direction.LOWER_IS_BETTER, 3.0, new double[] {0, 0}, new double[] {0, 0})))).getMessage());
        assertEquals("row lat: candidate sample value 1 is NaN: every value must be a finite number",
            assertThrows(IllegalArgumentException.class, () -> new ComparisonRow("lat", Direction.LOWER_IS_BETTER, 3.0,
                new double[] {1}, new double[] {1, Double.NaN})).getMessage());
        assertEquals("row lat: band -1.0% is out of range: give a finite percentage above 0",
            assertThrows(IllegalArgumentException.class, () -> new ComparisonRow("lat", Direction.LOWER_IS_BETTER, -1.0,
                new double[] {1}, new double[] {1})).getMessage());
        assertEquals("row lat has no direction: give HIGHER_IS_BETTER or LOWER_IS_BETTER",
            assertThrows(IllegalArgumentException.class, () -> new ComparisonRow("lat", null, 1.0,
                new double[] {1}, new double[] {1})).getMessage());
        assertEquals("confidence level 95.0 is out of range: give a value between 0 and 1 (exclusive), e.g. 0.95",
            assertThrows(IllegalArgumentException.class, () -> new ComparisonSettings(0.05, 95, 10_000, 1L, 5, 0.8))
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FamilyComparison(null));
    }
}
