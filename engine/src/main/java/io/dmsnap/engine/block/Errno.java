package io.dmsnap.engine.block;

/**
 * The errno values the engine reports, the one list of them (asm-generic/errno-base.h). Store
 * operations return them negated ({@code -EIO}), as the kernel's store functions do; a failed
 * control operation carries one in {@code DmException#errno()}; a snapshot records the one it was
 * invalidated with. A caller can log the number a kernel user would see.
 */
public final class Errno
{
    /** I/O error. */
    public static final int EIO = 5;
    /** No such device or address. */
    public static final int ENXIO = 6;
    /** Out of memory. */
    public static final int ENOMEM = 12;
    /** Device or resource busy. */
    public static final int EBUSY = 16;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** No space left on device. */
    public static final int ENOSPC = 28;

    private Errno()
    {
    }
}
