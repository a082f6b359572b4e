package io.dmsnap.engine.store;

/**
 * A COW image {@link CowInspector} cannot interpret at all (blank, wrong magic, unknown version,
 * unusable chunk size, unreadable header). The message says what was found, where, and what was
 * expected.
 */
public final class InspectException extends Exception
{
    private static final long serialVersionUID = 1L;

    public InspectException(final String message)
    {
        super(message);
    }
}
