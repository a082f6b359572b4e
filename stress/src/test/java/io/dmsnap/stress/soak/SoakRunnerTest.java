package io.dmsnap.stress.soak;

import io.dmsnap.engine.config.EngineConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A short soak so the soak code runs in every build; the long one runs from the command line. */
@Timeout(60)
class SoakRunnerTest
{
    @Test
    void shortSoakOnCurrentHoldsTheShadowModel() throws Exception
    {
        final SoakResult r = new SoakRunner(SoakOptions.of(Duration.ofSeconds(8), 42, EngineConfig.current())).run();
        assertFalse(r.hung(), r::detail);
        assertTrue(r.violations().isEmpty(), () -> r.summary() + "\n" + String.join("\n", r.violations()));
        assertTrue(r.ops() > 1000, r::summary);
        assertTrue(r.verifiedBytes() > 0, r::summary);
        assertTrue(r.creates() > 4 && r.handovers() + r.removes() + r.reloads() > 0, r::summary);
        // Every COW device the soak made is retired: removed, crash-reloaded and final ones alike.
        // A COW left open keeps its delay timer thread, and through it the device and its memory.
        // A shut-down timer's thread ends on its own after its last delayed bio: wait for that, bounded.
        final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> left = cowTimerThreads();
        while (!left.isEmpty() && System.nanoTime() < deadline)
        {
            Thread.sleep(20);
            left = cowTimerThreads();
        }
        assertEquals(List.of(), left, r::summary);
    }

    private static List<String> cowTimerThreads()
    {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
            .filter(n -> n.startsWith("flakey-cow")).toList();
    }
}
