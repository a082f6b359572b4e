package io.dmsnap.engine.store;

/**
 * A store constructor failure. The message is the kernel's detail string ("Chunk size is not a
 * power of 2"); the snapshot constructor logs it and reports "Couldn't create exception store".
 */
public final class StoreException extends Exception
{
    private static final long serialVersionUID = 1L;

    public StoreException(final String message)
    {
        super(message);
    }
}
