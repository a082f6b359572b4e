package io.dmsnap.stress;

import java.util.Optional;

/**
 * One stress scenario: the reproduction of one historic dm-snapshot bug, with an oracle that holds
 * on today's engine and fails on the variant that has the bug (the negative control).
 *
 * <p>The {@link ScenarioInfo} says what it is about; the {@link ScenarioBody} builds its own
 * devices and stack through the {@link ScenarioContext}, drives actors (threads doing I/O or
 * control operations) and controlled interleavings (engine hooks, held or failed device I/O), and
 * returns a {@link Verdict}. Every wait goes through the context, so a hang becomes a
 * {@link Verdict.Outcome#HUNG} verdict with a thread dump, never a hung build. Every scenario is
 * listed in {@code io.dmsnap.stress.scenarios.Scenarios}.
 */
public record Scenario(ScenarioInfo info, ScenarioBody body)
{
    /** ID, e.g. "S06". */
    public String id()
    {
        return info.id();
    }

    /** One line: what the scenario checks. */
    public String title()
    {
        return info.title();
    }

    /** The kernel commit(s) it is about, comma-separated. */
    public String commits()
    {
        return String.join(", ", info.commits());
    }

    /**
     * The engine variant that has the bug, relative to the configuration the scenario is run on;
     * empty when the bug cannot be expressed as a switch or preset, in which case
     * {@link #noNegativeControlBecause()} says why.
     */
    public Optional<Variant> buggy()
    {
        return Optional.ofNullable(info.negativeControl().variant());
    }

    /** Why there is no negative control (only when {@link #buggy()} is empty; else null). */
    public String noNegativeControlBecause()
    {
        return info.negativeControl().noneBecause();
    }

    /** What the negative control is expected to show: VIOLATED (oracle) or HUNG (watchdog); null when there is none. */
    public Verdict.Outcome buggyOutcome()
    {
        return info.negativeControl().outcome();
    }

    /** Run once with {@code ctx.config()}; returns the verdict. Exceptions count as VIOLATED. */
    public Verdict run(final ScenarioContext ctx) throws Exception
    {
        return body.run(ctx);
    }
}
