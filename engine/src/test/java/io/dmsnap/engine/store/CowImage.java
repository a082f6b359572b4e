package io.dmsnap.engine.store;

import io.dmsnap.engine.block.Bio;

/**
 * Builds persistent-store images from the format description alone ({@code area_location}, {@code read_header}, {@code write_header}), with raw
 * little-endian writes: header {magic, valid, version, chunk size}, areas at 1 + (epa + 1) * a,
 * 16-byte entries {old, new}. Also decodes them the same way.
 */
final class CowImage
{
    static final int MAGIC = 0x70416E53;

    final FaultyDisk disk;
    final int cs;
    final int epa;

    CowImage(final FaultyDisk disk, final int cs)
    {
        this.disk = disk;
        this.cs = cs;
        this.epa = cs * Bio.SECTOR_SIZE / 16;
    }

    long chunkBytes()
    {
        return (long) cs * Bio.SECTOR_SIZE;
    }

    long areaLocation(final long a)
    {
        return 1 + (epa + 1L) * a;
    }

    CowImage header(final int magic, final int valid, final int version, final int chunkSize)
    {
        disk.putInt(0, magic);
        disk.putInt(4, valid);
        disk.putInt(8, version);
        disk.putInt(12, chunkSize);
        return this;
    }

    CowImage validHeader()
    {
        return header(MAGIC, 1, 1, cs);
    }

    CowImage entry(final long area, final int i, final long oldChunk, final long newChunk)
    {
        final long at = areaLocation(area) * chunkBytes() + 16L * i;
        disk.putLong(at, oldChunk);
        disk.putLong(at + 8, newChunk);
        return this;
    }

    /** Fill area {@code a} completely with old = oldBase + i, new = the i-th data chunk after it. */
    CowImage fullArea(final long a, final long oldBase)
    {
        for (int i = 0; i < epa; i++)
        {
            entry(a, i, oldBase + i, areaLocation(a) + 1 + i);
        }
        return this;
    }

    long old(final long area, final int i)
    {
        return disk.getLong(areaLocation(area) * chunkBytes() + 16L * i);
    }

    long nu(final long area, final int i)
    {
        return disk.getLong(areaLocation(area) * chunkBytes() + 16L * i + 8);
    }

    int headerInt(final int offset)
    {
        return disk.getInt(offset);
    }
}
