package io.dmsnap.engine.block;

/**
 * A block device: the thing a {@link Bio} is submitted to.
 *
 * <p>Contract of {@link #submit(Bio)}, for every implementation:
 * <ul>
 *   <li>The bio is completed exactly once through {@link Bio#complete(int)}, possibly before
 *       {@code submit} returns (inline completion) and possibly from another thread.</li>
 *   <li>I/O beyond the end of the device, or otherwise invalid, completes with
 *       {@link BlkStatus#IOERR}; {@code submit} never throws for an I/O problem.</li>
 *   <li>{@code submit} may be called from any thread, concurrently.</li>
 * </ul>
 */
public interface BlockDevice
{
    /** The name table lines use to refer to this device. */
    String name();

    /** Size in 512-byte sectors. */
    long sizeSectors();

    /** Logical block size in bytes (512 or 4096 typically); I/O must be aligned to it. */
    default int logicalBlockSize()
    {
        return Bio.SECTOR_SIZE;
    }

    /** Whether DISCARD is accepted (otherwise it completes with {@link BlkStatus#NOTSUPP}). */
    default boolean supportsDiscard()
    {
        return false;
    }

    void submit(Bio bio);

    /** Release resources (off-heap memory, files). Further I/O completes with an error. */
    default void close()
    {
    }
}
