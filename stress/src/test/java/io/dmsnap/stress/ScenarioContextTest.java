package io.dmsnap.stress;

import io.dmsnap.engine.config.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A scenario whose actor dies fails at once with the actor's exception, whatever it waits for,
 * instead of waiting out its bound and reporting a hang. The bound here is a minute and the test's
 * timeout 20 s: a wait that ran to its bound would fail the test.
 */
@Timeout(20)
final class ScenarioContextTest
{
    private static final long BOUND_MILLIS = 60_000;

    @Test
    void everyKindOfWaitFailsAtOnceWhenAnActorDies() throws Exception
    {
        try (ScenarioContext ctx = new ScenarioContext(EngineConfig.current(), 1, BOUND_MILLIS))
        {
            final OutOfMemoryError death = new OutOfMemoryError("planted");
            ctx.actor(() ->
            {
                throw death;
            });
            final ActorFailedException onLatch = assertThrows(ActorFailedException.class,
                () -> ctx.await(new CountDownLatch(1), "a latch nobody counts down"));
            assertSame(death, onLatch.getCause());
            assertEquals("an actor died (java.lang.OutOfMemoryError: planted) while waiting for a latch nobody counts down",
                onLatch.getMessage());
            assertSame(death, assertThrows(ActorFailedException.class,
                () -> ctx.awaitTrue(() -> false, "a condition that never holds")).getCause());
            assertSame(death, assertThrows(ActorFailedException.class,
                () -> ctx.await(ctx.actor(() -> sleepQuietly(BOUND_MILLIS)), "another actor")).getCause());
        }
    }

    @Test
    void theRunnerReportsTheDeadActorAsAViolation()
    {
        final ScenarioInfo info = new ScenarioInfo("S98", "an actor dies", List.of("00000000"),
            NegativeControl.none("a test of the runner"));
        final Verdict v = ScenarioRunner.run(new Scenario(info, ctx ->
        {
            ctx.actor(() ->
            {
                throw new IllegalStateException("the actor's own failure");
            });
            ctx.await(new CountDownLatch(1), "the actor's work");
            return Verdict.pass("unreachable");
        }), EngineConfig.current(), 1, BOUND_MILLIS, 2 * BOUND_MILLIS);
        assertEquals(Verdict.Outcome.VIOLATED, v.outcome(), v.detail());
        assertTrue(v.detail().contains("the actor's own failure") && v.detail().contains("the actor's work"), v.detail());
    }

    private static void sleepQuietly(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
