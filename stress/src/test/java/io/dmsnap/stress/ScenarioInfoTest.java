package io.dmsnap.stress;

import io.dmsnap.stress.scenarios.Scenarios;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenario metadata refuses what would make a wrong list or table, and the list is in ID order. */
class ScenarioInfoTest
{
    private static final NegativeControl SEMAPHORE = NegativeControl.hungOn(Variant.set("throttle=SEMAPHORE"));

    @Test
    void badMetadataIsRefusedWithTheScenarioNamed()
    {
        final IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
            () -> new ScenarioInfo("S4", "t", List.of("b2155578"), SEMAPHORE));
        assertEquals("scenario ID 'S4' is not S and two digits (S01 ... S99)", id.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ScenarioInfo("S04", " ", List.of("b2155578"), SEMAPHORE));
        final IllegalArgumentException commit = assertThrows(IllegalArgumentException.class,
            () -> new ScenarioInfo("S04", "t", List.of("b2155578 (with 721b1d98)"), SEMAPHORE));
        assertTrue(commit.getMessage().startsWith("S04: commits "), commit.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ScenarioInfo("S04", "t", List.of(), SEMAPHORE));
        assertThrows(NullPointerException.class, () -> new ScenarioInfo("S04", "t", List.of("b2155578"), null));
    }

    @Test
    void aNegativeControlFailsOrSaysWhyThereIsNone()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new NegativeControl(Variant.set("throttle=NONE"), Verdict.Outcome.PASS, null));
        assertThrows(IllegalArgumentException.class, () -> new NegativeControl(Variant.set("throttle=NONE"), null, null));
        assertThrows(IllegalArgumentException.class,
            () -> new NegativeControl(Variant.set("throttle=NONE"), Verdict.Outcome.VIOLATED, "and a reason"));
        assertThrows(IllegalArgumentException.class, () -> NegativeControl.none(" "));
        assertEquals("throttle=SEMAPHORE -> HUNG", SEMAPHORE.toString());
        assertEquals("none: not a switch", NegativeControl.none("not a switch").toString());
        assertFalse(NegativeControl.none("not a switch").exists());
    }

    @Test
    void theScenarioDelegatesToItsMetadata()
    {
        final Scenario s = new Scenario(new ScenarioInfo("S04", "t", List.of("721b1d98", "b2155578"), SEMAPHORE),
            ctx -> Verdict.pass(null));
        assertEquals("721b1d98, b2155578", s.commits());
        assertEquals(Variant.set("throttle=SEMAPHORE"), s.buggy().orElseThrow());
        assertEquals(Verdict.Outcome.HUNG, s.buggyOutcome());
        final Scenario none = new Scenario(new ScenarioInfo("S13", "t", List.of("4df2bf46"), NegativeControl.none("why")),
            ctx -> Verdict.pass(null));
        assertTrue(none.buggy().isEmpty());
        assertEquals("why", none.noNegativeControlBecause());
    }

    @Test
    void theListIsInIdOrderAndFindsIdsLoosely()
    {
        final List<Scenario> all = Scenarios.all();
        for (int i = 1; i < all.size(); i++)
        {
            assertTrue(all.get(i - 1).id().compareTo(all.get(i).id()) < 0, all.get(i - 1).id() + " before " + all.get(i).id());
        }
        assertEquals("S06", Scenarios.byId(" s6 ").id());
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Scenarios.byId("S44"));
        assertTrue(unknown.getMessage().startsWith("unknown scenario 'S44'; valid scenarios: S01, S02, "), unknown.getMessage());
    }
}
