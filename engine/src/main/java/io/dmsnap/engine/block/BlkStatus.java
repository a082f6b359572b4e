package io.dmsnap.engine.block;

/**
 * Completion status of a {@link Bio}, the counterpart of the kernel's {@code blk_status_t}.
 * Statuses are small ints so that completing a bio never allocates.
 */
public final class BlkStatus
{
    /** The I/O succeeded. */
    public static final int OK = 0;
    /** Device or media error; what a snapshot KILL and an out-of-range I/O produce (EIO). */
    public static final int IOERR = 1;
    /** The operation is not supported by the device (EOPNOTSUPP). */
    public static final int NOTSUPP = 2;
    /** No space left (ENOSPC). */
    public static final int NOSPC = 3;
    /** Out of memory while servicing the I/O (ENOMEM). */
    public static final int RESOURCE = 4;

    private BlkStatus()
    {
    }

    /** Short name of a status, as {@code blk_status_to_str} would print it. */
    public static String name(final int status)
    {
        switch (status)
        {
            case OK: return "OK";
            case IOERR: return "I/O error";
            case NOTSUPP: return "operation not supported";
            case NOSPC: return "no space left";
            case RESOURCE: return "out of memory";
            default: return "status " + status;
        }
    }
}
