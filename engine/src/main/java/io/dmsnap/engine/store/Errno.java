package io.dmsnap.engine.store;

/**
 * The errno values the stores report. Store operations return them negated ({@code -EIO}), as the
 * kernel's store functions do, so a caller can log the number a kernel user would see.
 */
public final class Errno
{
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int ENOMEM = 12;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;

    private Errno()
    {
    }
}
