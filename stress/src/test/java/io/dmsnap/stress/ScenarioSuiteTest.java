package io.dmsnap.stress;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Preset;
import io.dmsnap.stress.scenarios.Scenarios;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every scenario passes on today's engine and on the experimental preset, and every scenario whose bug is a switch or a preset
 * fails on that variant the way it says it will (its negative control).
 */
class ScenarioSuiteTest
{
    static final long WAIT_MILLIS = 3_000;
    static final long RUN_MILLIS = 60_000;
    static final long SEED = 1;

    @TestFactory
    List<DynamicTest> passesOnCurrent()
    {
        return passesOn(Preset.CURRENT);
    }

    /** An idea stays in the experimental preset only while every scenario passes with it too. */
    @TestFactory
    List<DynamicTest> passesOnExperimental()
    {
        return passesOn(Preset.EXPERIMENTAL);
    }

    private static List<DynamicTest> passesOn(final Preset preset)
    {
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Scenario s : Scenarios.all())
        {
            tests.add(DynamicTest.dynamicTest(s.id() + " " + s.title(), () ->
            {
                final Verdict v = ScenarioRunner.run(s, preset.config(), SEED, WAIT_MILLIS, RUN_MILLIS);
                assertTrue(v.passed(), () -> s.id() + " on " + preset.displayName() + ": " + v.outcome() + "\n" + v.detail());
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> negativeControlsCatchTheirBug()
    {
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Scenario s : Scenarios.all())
        {
            if (s.buggy().isEmpty())
            {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(s.id() + " on " + s.buggy().get(), () ->
            {
                final EngineConfig buggy = s.buggy().get().applyTo(EngineConfig.current());
                final Verdict v = ScenarioRunner.run(s, buggy, SEED, WAIT_MILLIS, RUN_MILLIS);
                assertEquals(s.buggyOutcome(), v.outcome(), () -> s.id() + " negative control: " + v.detail());
            }));
        }
        return tests;
    }

    @Test
    void everyScenarioIsDescribedAndUnique()
    {
        final Set<String> ids = new HashSet<>();
        for (final Scenario s : Scenarios.all())
        {
            assertTrue(s.id().matches("S\\d\\d"), s.id());
            assertTrue(ids.add(s.id()), "duplicate " + s.id());
            assertFalse(s.title().isBlank());
            assertFalse(s.commits().isBlank());
            if (s.buggy().isEmpty())
            {
                assertNotNull(s.noNegativeControlBecause(), s.id() + " has no negative control and does not say why");
            }
        }
    }
}
