package io.dmsnap.stress;

import java.util.Optional;

/**
 * One stress scenario: the reproduction of one historic dm-snapshot bug (a row of the spec's
 * scenario table, §11), with an oracle that holds on today's engine and fails on the variant that
 * has the bug (the negative control).
 *
 * <p>A scenario builds its own devices and stack through the {@link ScenarioContext}, drives
 * actors (threads doing I/O or control operations) and controlled interleavings (engine hooks,
 * held or failed device I/O), and returns a {@link Verdict}. Every wait goes through the context,
 * so a hang becomes a {@link Verdict.Outcome#HUNG} verdict with a thread dump, never a hung build.
 */
public interface Scenario
{
    /** Spec ID, e.g. "S06". */
    String id();

    /** One line: what the scenario checks. */
    String title();

    /** The kernel commit(s) it is about. */
    String commits();

    /**
     * The engine variant that has the bug, relative to the configuration the scenario is run on;
     * empty when the bug cannot be expressed as a switch or preset, in which case
     * {@link #noNegativeControlBecause()} says why.
     */
    Optional<Variant> buggy();

    /** Why there is no negative control (only when {@link #buggy()} is empty). */
    default String noNegativeControlBecause()
    {
        return null;
    }

    /** What the negative control is expected to show: VIOLATED (oracle) or HUNG (watchdog). */
    default Verdict.Outcome buggyOutcome()
    {
        return Verdict.Outcome.VIOLATED;
    }

    /** Run once with {@code ctx.config()}; returns the verdict. Exceptions count as VIOLATED. */
    Verdict run(ScenarioContext ctx) throws Exception;
}
