package io.dmsnap.stress;

import io.dmsnap.engine.concurrent.LockClass;
import io.dmsnap.engine.concurrent.LockDep;
import io.dmsnap.engine.config.EngineConfig;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stress runs are watched by the lock-order checker (this module's tests run with
 * {@code -Ddmsnap.lockdep=true}): a run that takes two named locks in both orders is VIOLATED
 * with both acquisition stacks even though its oracle passed; a run that fails anyway keeps its
 * outcome; a clean run is untouched.
 */
class ScenarioRunnerLockDepTest
{
    @Test
    void aPlantedInversionMakesAPassingRunViolatedWithBothStacks()
    {
        assertTrue(LockDep.ENABLED, "run with -Ddmsnap.lockdep=true (the stress module's surefire configuration sets it)");
        final Verdict v = ScenarioRunner.run(scenario(true, Verdict.pass("oracle held")), EngineConfig.current(), 1, 3_000, 30_000);
        assertEquals(Verdict.Outcome.VIOLATED, v.outcome(), v.detail());
        assertTrue(v.detail().startsWith("lock order (lockdep): \nlock order inversion: planted second -> planted first now,"
            + " but planted first -> planted second before"), v.detail());
        assertTrue(v.detail().contains("-- the earlier order was established at:")
            && v.detail().contains("takeInOrder"), v.detail());
        assertTrue(v.detail().contains("-- the current acquisition:")
            && v.detail().contains("takeReversed"), v.detail());
    }

    @Test
    void aRunThatFailsAnywayKeepsItsOutcomeAndNamesTheInversion()
    {
        final Verdict v = ScenarioRunner.run(scenario(true, Verdict.hung("stuck")), EngineConfig.current(), 1, 3_000, 30_000);
        assertEquals(Verdict.Outcome.HUNG, v.outcome(), v.detail());
        assertTrue(v.detail().startsWith("stuck\nlock order (lockdep), found during this run:"), v.detail());
    }

    @Test
    void aConsistentOrderLeavesThePassAlone()
    {
        final Verdict v = ScenarioRunner.run(scenario(false, Verdict.pass("oracle held")), EngineConfig.current(), 1, 3_000, 30_000);
        assertEquals(Verdict.pass("oracle held"), v);
    }

    /**
     * A scenario that takes two lock classes of its own in one order and, with {@code invert}, in
     * the other (classes of its own: the checker reports each pair once).
     */
    private static Scenario scenario(final boolean invert, final Verdict outcome)
    {
        final LockClass first = LockClass.named("planted first");
        final LockClass second = LockClass.named("planted second");
        final ScenarioInfo info = new ScenarioInfo("S99", "planted lock order", List.of("00000000"),
            NegativeControl.none("a test of the runner, not of the engine"));
        return new Scenario(info, ctx ->
        {
            takeInOrder(first, second);
            if (invert)
            {
                takeReversed(first, second);
            }
            return outcome;
        });
    }

    private static void takeInOrder(final LockClass first, final LockClass second)
    {
        LockDep.acquire(first);
        LockDep.acquire(second);
        LockDep.release(second);
        LockDep.release(first);
    }

    private static void takeReversed(final LockClass first, final LockClass second)
    {
        LockDep.acquire(second);
        LockDep.acquire(first);
        LockDep.release(first);
        LockDep.release(second);
    }
}
