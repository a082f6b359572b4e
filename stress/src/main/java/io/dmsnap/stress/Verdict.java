package io.dmsnap.stress;

/** The outcome of one scenario run, with a message saying what held or what was violated where. */
public record Verdict(Outcome outcome, String detail)
{
    /** What happened. */
    public enum Outcome
    {
        /** The oracle held. */
        PASS,
        /** The oracle found a violation (wrong data, a leak, a double completion, ...). */
        VIOLATED,
        /** No progress within the watchdog's bound; detail holds the thread dump and engine state. */
        HUNG
    }

    public static Verdict pass(final String detail)
    {
        return new Verdict(Outcome.PASS, detail);
    }

    public static Verdict violated(final String detail)
    {
        return new Verdict(Outcome.VIOLATED, detail);
    }

    public static Verdict hung(final String detail)
    {
        return new Verdict(Outcome.HUNG, detail);
    }

    public boolean passed()
    {
        return outcome == Outcome.PASS;
    }
}
