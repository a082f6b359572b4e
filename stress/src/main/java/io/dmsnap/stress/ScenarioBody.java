package io.dmsnap.stress;

/**
 * What a scenario does: builds its stack through the {@link ScenarioContext}, drives actors and
 * controlled interleavings, and returns a {@link Verdict}. What the scenario is about (ID, title,
 * commits, negative control) is not here but in its {@link ScenarioInfo}.
 */
@FunctionalInterface
public interface ScenarioBody
{
    /** Run once with {@code ctx.config()}; returns the verdict. Exceptions count as VIOLATED. */
    Verdict run(ScenarioContext ctx) throws Exception;
}
