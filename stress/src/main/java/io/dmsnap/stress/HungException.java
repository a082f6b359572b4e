package io.dmsnap.stress;

/** Thrown by the context's bounded waits when nothing happened in time; the runner turns it into HUNG. */
public final class HungException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public HungException(final String message)
    {
        super(message);
    }
}
