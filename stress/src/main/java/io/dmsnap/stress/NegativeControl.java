package io.dmsnap.stress;

import java.util.Objects;

/**
 * The switch that breaks a scenario: the engine {@link Variant} that has the bug and the outcome
 * its run must show (VIOLATED by the oracle, or HUNG by the watchdog); or, when the bug cannot be
 * expressed as a switch or preset, why there is none.
 *
 * @param variant     the variant with the bug, relative to the configuration the scenario runs on; null when none
 * @param outcome     what the variant's run must show; null when none
 * @param noneBecause why there is no negative control; null when there is one
 */
public record NegativeControl(Variant variant, Verdict.Outcome outcome, String noneBecause)
{
    public NegativeControl
    {
        if ((variant == null) != (outcome == null) || (variant == null) == (noneBecause == null))
        {
            throw new IllegalArgumentException("a negative control has a variant and an outcome, or a reason why there is none");
        }
        if (outcome == Verdict.Outcome.PASS)
        {
            throw new IllegalArgumentException("a negative control must fail: VIOLATED or HUNG, not PASS");
        }
        if (noneBecause != null && noneBecause.isBlank())
        {
            throw new IllegalArgumentException("the reason for having no negative control is blank");
        }
    }

    /** The oracle must find the bug on {@code variant}. */
    public static NegativeControl violatedOn(final Variant variant)
    {
        return new NegativeControl(Objects.requireNonNull(variant, "variant"), Verdict.Outcome.VIOLATED, null);
    }

    /** The watchdog must find {@code variant} making no progress. */
    public static NegativeControl hungOn(final Variant variant)
    {
        return new NegativeControl(Objects.requireNonNull(variant, "variant"), Verdict.Outcome.HUNG, null);
    }

    /** No variant has the bug; {@code because} says why. */
    public static NegativeControl none(final String because)
    {
        return new NegativeControl(null, null, Objects.requireNonNull(because, "because"));
    }

    public boolean exists()
    {
        return variant != null;
    }

    /** "throttle=SEMAPHORE -> HUNG", or "none: " and the reason. */
    @Override
    public String toString()
    {
        return exists() ? variant + " -> " + outcome : "none: " + noneBecause;
    }
}
