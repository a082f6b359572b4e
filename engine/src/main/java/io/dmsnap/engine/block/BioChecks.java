package io.dmsnap.engine.block;

import java.nio.ByteBuffer;

/**
 * The one validity check every device model applies before it executes a bio
 * ({@code bio_check_eod} plus the alignment and operation checks of the block layer).
 *
 * <p>Pure functions of their arguments; callable from any thread; allocate nothing.
 */
public final class BioChecks
{
    private BioChecks()
    {
    }

    /**
     * Check {@code bio} against a device of {@code sizeSectors} sectors and
     * {@code logicalBlockSize} bytes per logical block.
     *
     * <ul>
     *   <li>FLUSH carries no range and no data: always {@link BlkStatus#OK}.</li>
     *   <li>DISCARD on a device without discard support: {@link BlkStatus#NOTSUPP}.</li>
     *   <li>READ, WRITE, DISCARD: at least one sector, start and length multiples of the logical
     *       block, {@code [sector, sector + sectors)} inside the device, else {@link BlkStatus#IOERR}.</li>
     *   <li>READ and WRITE with a buffer: {@code dataOffset + bytes} must fit in the buffer's capacity
     *       and a READ needs a writable buffer, else {@link BlkStatus#IOERR}.</li>
     * </ul>
     *
     * @return {@link BlkStatus#OK} when the device may execute the bio, else the status to complete it with
     */
    public static int check(final Bio bio, final long sizeSectors, final int logicalBlockSize,
                            final boolean discardSupported)
    {
        final BioOp op = bio.op();
        if (op == BioOp.FLUSH)
        {
            return BlkStatus.OK;
        }
        if (op == null)
        {
            return BlkStatus.IOERR;
        }
        if (op == BioOp.DISCARD && !discardSupported)
        {
            return BlkStatus.NOTSUPP;
        }
        if (!inRange(bio.sector(), bio.sectors(), sizeSectors, logicalBlockSize))
        {
            return BlkStatus.IOERR;
        }
        if (op != BioOp.DISCARD)
        {
            final ByteBuffer data = bio.data();
            if (data != null)
            {
                final long end = (long) bio.dataOffset() + bio.bytes();
                if (bio.dataOffset() < 0 || end > data.capacity())
                {
                    return BlkStatus.IOERR;
                }
                if (op == BioOp.READ && data.isReadOnly())
                {
                    return BlkStatus.IOERR;
                }
            }
        }
        return BlkStatus.OK;
    }

    /**
     * True when {@code [sector, sector + sectors)} is a non-empty range inside a device of
     * {@code sizeSectors} sectors and both ends are multiples of the logical block.
     */
    public static boolean inRange(final long sector, final long sectors, final long sizeSectors,
                                  final int logicalBlockSize)
    {
        if (sectors <= 0 || sector < 0 || sector > sizeSectors - sectors)
        {
            return false;
        }
        final long blockMask = (logicalBlockSize >>> Bio.SECTOR_SHIFT) - 1;
        return (sector & blockMask) == 0 && (sectors & blockMask) == 0;
    }

    /**
     * Validate a logical block size for a constructor: a power of two of at least 512 bytes.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static int requireLogicalBlockSize(final int logicalBlockSize)
    {
        if (logicalBlockSize < Bio.SECTOR_SIZE || Integer.bitCount(logicalBlockSize) != 1)
        {
            throw new IllegalArgumentException("logical block size must be a power of two >= 512: "
                + logicalBlockSize);
        }
        return logicalBlockSize;
    }

    /**
     * Validate a device size for a constructor: not negative and a multiple of the logical block.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static long requireSize(final long sizeSectors, final int logicalBlockSize)
    {
        final long blockMask = (logicalBlockSize >>> Bio.SECTOR_SHIFT) - 1;
        if (sizeSectors < 0 || (sizeSectors & blockMask) != 0)
        {
            throw new IllegalArgumentException("device size " + sizeSectors
                + " sectors is negative or not a multiple of the logical block size " + logicalBlockSize);
        }
        return sizeSectors;
    }
}
