package io.dmsnap.stress.crash;

import io.dmsnap.engine.config.Preset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash consistency of the persistent store under concurrent origin and snapshot writes (230c83af,
 * S01), and its negative control: the v3.12 preset (commits in completion order, before
 * 230c83af) must leak COW chunks in some crash states.
 */
@Timeout(300)
class CrashConsistencyTest
{
    @ParameterizedTest
    @EnumSource(value = Preset.class, names = {"CURRENT", "EXPERIMENTAL"})
    void everyCrashStateReloadsWithoutLeakOrLoss(final Preset preset) throws Exception
    {
        final CrashReplay replay = CrashReplay.run(preset.config(), 11, 450, 300);
        replay.checkEveryOrderingPoint();
        replay.checkRandomCrashStates(12, 2000);
        System.out.println("crash replay, preset " + preset.displayName() + ": " + replay.summary());
        assertTrue(replay.statesChecked > 2000, replay.summary());
        assertEquals(java.util.List.of(), replay.violations, replay.summary());
        assertEquals(java.util.List.of(), replay.formatViolations, replay.summary());
        assertEquals(0, replay.leakedChunks, replay.summary());
    }

    @Test
    void reverseCompletionLeavesNoLeakWithInOrderCommit() throws Exception
    {
        for (final Preset p : new Preset[] {Preset.V4_18, Preset.CURRENT, Preset.EXPERIMENTAL})
        {
            final CrashReplay replay = CrashReplay.runReverseCompletion(p.config());
            replay.checkEveryOrderingPoint();
            replay.checkRandomCrashStates(14, 300);
            assertEquals(java.util.List.of(), replay.violations, p.displayName() + ": " + replay.summary());
            assertEquals(0, replay.leakedChunks, p.displayName() + ": " + replay.summary());
        }
    }

    /** S01 negative control: commits in completion order leak exactly the 5 chunks of the seed's example. */
    @Test
    void negativeControlCommitsInCompletionOrderLeakSpace() throws Exception
    {
        final CrashReplay replay = CrashReplay.runReverseCompletion(Preset.V3_12.config());
        replay.checkEveryOrderingPoint();
        System.out.println("crash replay (S01 reverse completion), preset v3.12: " + replay.summary());
        assertTrue(replay.leakedChunks > 0, "v3.12 must leak COW chunks after some crash: " + replay.summary());
        assertEquals(5, replay.maxLeakInOneState, replay.summary());
        assertEquals(java.util.List.of(), replay.violations, "apart from leaks v3.12 keeps data safe: " + replay.summary());
    }
}
