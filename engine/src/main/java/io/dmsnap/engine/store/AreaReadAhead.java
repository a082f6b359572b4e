package io.dmsnap.engine.store;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.SyncIo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The buffered reader the persistent store replays its metadata areas through ({@code read_exceptions}, read-ahead of {@code DM_PREFETCH_CHUNKS}): when
 * area {@code a} is asked for, areas {@code a+1 .. a+window-1} are read as well, so that a replay
 * of many areas does not pay one round trip per area in a row. Read-ahead never goes past the end
 * of the device, and a read error of an area that is read ahead is reported only if that area is
 * actually asked for.
 *
 * <p>The kernel keeps 1 + 12 areas ({@code DM_PREFETCH_CHUNKS}); with very large chunks the window
 * shrinks so that the buffers stay within {@link #MAX_WINDOW_BYTES}.
 *
 * <p>Thread safety: none; used by the one thread that runs {@link PersistentStore#readMetadata}.
 */
final class AreaReadAhead
{
    /** Areas read ahead of the one asked for (the kernel's {@code DM_PREFETCH_CHUNKS}). */
    static final int PREFETCH_AREAS = 12;
    /** Upper bound of the memory the window may take. */
    static final long MAX_WINDOW_BYTES = 64L << 20;

    private final BlockDevice cow;
    private final int chunkSectors;
    private final long stride;
    private final long deviceChunks;
    private final ByteBuffer[] slots;
    private final long[] slotArea;
    private final int[] slotStatus;
    /** Highest area read so far (-1: none); the window always covers a contiguous run of areas. */
    private long readUpTo = -1;
    private long reads;

    AreaReadAhead(final BlockDevice cow, final int chunkSectors, final int exceptionsPerArea)
    {
        this.cow = cow;
        this.chunkSectors = chunkSectors;
        this.stride = exceptionsPerArea + 1L;
        this.deviceChunks = cow.sizeSectors() / chunkSectors;
        final long chunkBytes = (long) chunkSectors << 9;
        final int window = (int) Math.max(1, Math.min(1 + PREFETCH_AREAS, MAX_WINDOW_BYTES / chunkBytes));
        this.slots = new ByteBuffer[window];
        this.slotArea = new long[window];
        this.slotStatus = new int[window];
        for (int i = 0; i < window; i++)
        {
            slots[i] = ByteBuffer.allocate((int) chunkBytes).order(ByteOrder.LITTLE_ENDIAN);
            slotArea[i] = -1;
        }
    }

    /**
     * Read area {@code area} (and the read-ahead after it). Returns the slot's buffer, valid until
     * the next call, or null when the area could not be read (I/O error or beyond the device).
     */
    ByteBuffer read(final long area)
    {
        final int window = slots.length;
        final long last = area + window - 1;
        for (long a = Math.max(area, readUpTo + 1); a <= last; a++)
        {
            if (location(a) >= deviceChunks)
            {
                break;   // read-ahead stops at the end of the device
            }
            load(a);
            readUpTo = a;
        }
        final int slot = (int) (area % window);
        if (slotArea[slot] != area)
        {
            load(area);   // beyond the device: the device itself reports the error
        }
        return slotStatus[slot] == BlkStatus.OK ? slots[slot] : null;
    }

    /** Chunk reads issued so far (tests check that read-ahead stays on the device). */
    long reads()
    {
        return reads;
    }

    private void load(final long area)
    {
        final int slot = (int) (area % slots.length);
        reads++;
        slotArea[slot] = area;
        try
        {
            slotStatus[slot] = SyncIo.read(cow, location(area) * chunkSectors, slots[slot]);
        }
        catch (final RuntimeException e)
        {
            slotStatus[slot] = BlkStatus.IOERR;   // a device that throws counts as an I/O error
        }
    }

    private long location(final long area)
    {
        return 1 + stride * area;
    }
}
