package io.dmsnap.cli.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictRuleTest
{
    private static final VerdictRule RULE = VerdictRule.withDefaults();
    private static final double BAND = 5.0;

    private static Evidence evidence(final double estimate, final double low, final double high, final double p,
        final int n, final double mde, final int forBand)
    {
        return new Evidence(new ChangeInterval(estimate, low, high, 0.95, 10_000, 1L), p, n, n, mde, forBand);
    }

    private static VerdictResult classify(final Direction direction, final Evidence evidence)
    {
        return RULE.classify(direction, BAND, evidence);
    }

    @Test
    void aSignificantChangeWhollyBeyondTheBandIsARegressionOrAnImprovementByDirection()
    {
        final Evidence up = evidence(7.5, 6.0, 9.0, 0.001, 10, 4.0, 8);
        final Evidence down = evidence(-7.5, -9.0, -6.0, 0.001, 10, 4.0, 8);
        assertEquals(new VerdictResult(Verdict.REGRESSED, 0,
                "p = 0.001 and the whole interval [+6.00%, +9.00%] is worse than the 5% band"),
            classify(Direction.LOWER_IS_BETTER, up));
        assertEquals(Verdict.IMPROVED, classify(Direction.LOWER_IS_BETTER, down).verdict());
        assertEquals(Verdict.REGRESSED, classify(Direction.HIGHER_IS_BETTER, down).verdict());
        assertEquals(new VerdictResult(Verdict.IMPROVED, 0,
                "p = 0.001 and the whole interval [+6.00%, +9.00%] is better than the 5% band"),
            classify(Direction.HIGHER_IS_BETTER, up));
    }

    @Test
    void aChangeBeyondTheBandThatIsNotSignificantIsNoRegression()
    {
        final VerdictResult r = classify(Direction.LOWER_IS_BETTER, evidence(7.5, 6.0, 9.0, 0.05, 10, 12.0, 40));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict(), "p equal to alpha is not below it");
        assertEquals(40, r.samplesPerSideNeeded());
    }

    @Test
    void aBoundOnTheBandEdgeIsNotBeyondIt()
    {
        final VerdictResult r = classify(Direction.LOWER_IS_BETTER, evidence(7.0, 5.0, 9.0, 0.001, 10, 4.0, 8));
        assertEquals(Verdict.INCONCLUSIVE, r.verdict());
        assertEquals(11, r.samplesPerSideNeeded(), "the interval only touches the edge: one more value a side");
    }

    @Test
    void aSignificantChangeWhollyInsideTheBandIsTheSame()
    {
        final VerdictResult r = classify(Direction.LOWER_IS_BETTER, evidence(2.0, 1.0, 3.0, 0.001, 10, 8.0, 40));
        assertEquals(new VerdictResult(Verdict.SAME, 0, "p = 0.001 but the whole interval [+1.00%, +3.00%] is within the 5% band"), r);
    }

    @Test
    void noSignificanceWithEnoughPowerIsTheSame()
    {
        final VerdictResult r = classify(Direction.HIGHER_IS_BETTER, evidence(0.5, -2.0, 3.0, 0.4, 10, 4.25, 8));
        assertEquals(new VerdictResult(Verdict.SAME, 0,
            "p = 0.4: with 10 + 10 values the test sees changes of 4.25% or more, the band is 5%"), r);
        assertEquals(Verdict.SAME, classify(Direction.HIGHER_IS_BETTER, evidence(0.5, -2.0, 3.0, 0.4, 10, 5.0, 10)).verdict(),
            "an MDE equal to the band is enough");
    }

    @Test
    void noSignificanceWithoutPowerIsInconclusiveAndSaysHowManyValuesWouldDo()
    {
        final VerdictResult r = classify(Direction.LOWER_IS_BETTER, evidence(1.0, -6.0, 8.0, 0.6, 10, 8.5, 29));
        assertEquals(new VerdictResult(Verdict.INCONCLUSIVE, 29,
            "p = 0.6: with 10 + 10 values the test sees changes of 8.5% or more, the band is 5%"), r);
        final VerdictResult unreachable = new VerdictRule(0.05 / 32, 5).classify(Direction.LOWER_IS_BETTER, BAND,
            evidence(1.0, -6.0, 8.0, 1.0, 5, Double.POSITIVE_INFINITY, 7));
        assertEquals(new VerdictResult(Verdict.INCONCLUSIVE, 7,
            "p = 1: with 5 + 5 values the test cannot detect a change of any size"), unreachable);
    }

    /**
     * A significant interval across a band edge: with 10 a side, estimate 7 and interval [3, 11],
     * the lower half-width 4 must shrink to the distance 2 from the edge: (4 / 2)^2 x 10 = 40. With
     * the estimate inside the band, estimate 3 and interval [-1, 7]: the upper half-width 4 must
     * shrink to 2, also 40.
     */
    @Test
    void aSignificantIntervalAcrossABandEdgeSaysHowManyValuesWouldClearIt()
    {
        final VerdictResult beyond = classify(Direction.LOWER_IS_BETTER, evidence(7.0, 3.0, 11.0, 0.01, 10, 4.0, 8));
        assertEquals(new VerdictResult(Verdict.INCONCLUSIVE, 40,
            "p = 0.01 but the interval [+3.00%, +11.00%] straddles the edge of the 5% band"), beyond);
        assertEquals(40, classify(Direction.LOWER_IS_BETTER, evidence(3.0, -1.0, 7.0, 0.01, 10, 4.0, 8)).samplesPerSideNeeded());
        assertEquals(Power.MAX_SAMPLES,
            classify(Direction.LOWER_IS_BETTER, evidence(5.0, 3.0, 7.0, 0.01, 10, 4.0, 8)).samplesPerSideNeeded(),
            "an estimate right on the edge cannot be resolved by any number of values");
        assertEquals(26, classify(Direction.LOWER_IS_BETTER, evidence(0.0, -7.0, 8.0, 0.01, 10, 4.0, 8)).samplesPerSideNeeded(),
            "both edges crossed, the larger need decides: (8 / 5)^2 x 10 = 25.6 for the upper, (7 / 5)^2 x 10 = 19.6 for the lower");
    }

    @Test
    void belowTheMinimumPerSideEverythingIsInconclusive()
    {
        final Evidence few = new Evidence(new ChangeInterval(30.0, 25.0, 35.0, 0.95, 10_000, 1L), 0.001, 4, 10, 3.0, 12);
        final VerdictResult r = RULE.classify(Direction.LOWER_IS_BETTER, BAND, few);
        assertEquals(new VerdictResult(Verdict.INCONCLUSIVE, 12, "4 + 10 values: a verdict needs at least 5 a side"), r);
        final Evidence tiny = new Evidence(new ChangeInterval(30.0, 25.0, 35.0, 0.95, 10_000, 1L), 0.001, 1, 1, 3.0, 2);
        assertEquals(5, RULE.classify(Direction.LOWER_IS_BETTER, BAND, tiny).samplesPerSideNeeded());
        assertEquals(Verdict.REGRESSED, new VerdictRule(0.05, 4).classify(Direction.LOWER_IS_BETTER, BAND,
            new Evidence(new ChangeInterval(30.0, 25.0, 35.0, 0.95, 10_000, 1L), 0.001, 4, 10, 3.0, 12)).verdict());
    }

    @Test
    void badArgumentsAreRejected()
    {
        final Evidence ok = evidence(1.0, 0.0, 2.0, 0.5, 10, 3.0, 8);
        assertEquals("band 0.0% is out of range: give a finite percentage above 0",
            assertThrows(IllegalArgumentException.class, () -> RULE.classify(Direction.LOWER_IS_BETTER, 0.0, ok)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RULE.classify(null, BAND, ok)).getMessage()
            .startsWith("direction and evidence are required"));
        assertEquals("adjusted p-value 1.5 is out of range: give a value in [0, 1]",
            assertThrows(IllegalArgumentException.class, () -> evidence(1.0, 0.0, 2.0, 1.5, 10, 3.0, 8)).getMessage());
        assertEquals("minimum values per side 1 is out of range: give at least 2",
            assertThrows(IllegalArgumentException.class, () -> new VerdictRule(0.05, 1)).getMessage());
        assertEquals("significance level alpha 1.0 is out of range: give a value between 0 and 1 (exclusive), e.g. 0.05",
            assertThrows(IllegalArgumentException.class, () -> new VerdictRule(1.0, 5)).getMessage());
    }
}
