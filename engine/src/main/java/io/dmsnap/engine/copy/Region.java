package io.dmsnap.engine.copy;

import io.dmsnap.engine.block.BlockDevice;

import java.util.Objects;

/**
 * A range of sectors on one device ({@code struct dm_io_region}): the source or one destination of
 * a copier job.
 *
 * @param dev    the device
 * @param sector first sector
 * @param count  length in sectors
 */
public record Region(BlockDevice dev, long sector, long count)
{
    public Region
    {
        Objects.requireNonNull(dev, "dev");
        if (sector < 0 || count < 0)
        {
            throw new IllegalArgumentException("negative sector or count: " + sector + "+" + count);
        }
    }
}
