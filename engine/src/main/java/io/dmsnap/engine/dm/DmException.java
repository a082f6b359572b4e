package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Errno;

/**
 * A failed device-mapper control operation: a bad table line, a target constructor or preresume
 * that refused, an unknown or busy device. The message is what the kernel would log or return;
 * {@link #targetError()} keeps the bare string a target reported (its {@code ti->error}) when the
 * failure came from a target.
 */
public final class DmException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String targetError;

    /** A failure with errno {@link Errno#EINVAL}, the default. */
    public DmException(final String message)
    {
        this(message, Errno.EINVAL);
    }

    public DmException(final String message, final int errno)
    {
        this(message, errno, message, null);
    }

    /**
     * @param message     the full message (for a table load: {@code "<type>: <target error>"})
     * @param errno       positive errno value ({@link Errno})
     * @param targetError the target's own error string, or the message when no target was involved
     * @param cause       the underlying failure, or null
     */
    public DmException(final String message, final int errno, final String targetError, final Throwable cause)
    {
        super(message, cause);
        this.errno = errno;
        this.targetError = targetError;
    }

    /** Positive errno value (22 = EINVAL unless the thrower said otherwise). */
    public int errno()
    {
        return errno;
    }

    /** The bare error string of the target that failed, or the message when no target was involved. */
    public String targetError()
    {
        return targetError;
    }
}
