package io.dmsnap.cli.tune;

/** A sample's run failed (an I/O error, an invalid snapshot, a stalled device): the sweep measured nothing there. */
public final class SampleFailedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public SampleFailedException(final String message)
    {
        super(message);
    }

    public SampleFailedException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
