package io.dmsnap.engine.store;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.LogWritesDevice;
import io.dmsnap.engine.block.MemoryDevice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The disk of the store tests, made of the main devices: a {@link MemoryDevice} holds the data
 * (sparse, bios complete inline, I/O past the end completes with IOERR and is counted), a
 * {@link FlakeyDevice} over it fails reads or writes that touch chosen sectors, and a
 * {@link LogWritesDevice} on top records every write that succeeded, with its flags. This class
 * only adds the store tests' vocabulary: chunks to fail, the writes as records, little-endian raw
 * access that bypasses faults and the log.
 */
final class FaultyDisk implements BlockDevice
{
    /** One recorded write. */
    record Write(long sector, int sectors, int flags)
    {
        boolean preflushFua()
        {
            return (flags & (Bio.REQ_PREFLUSH | Bio.REQ_FUA)) == (Bio.REQ_PREFLUSH | Bio.REQ_FUA);
        }
    }

    private final MemoryDevice media;
    private final FlakeyDevice faults;
    private final LogWritesDevice log;
    /** The write-failure rules, for {@link #healWrites()}; guarded by this. */
    private final List<FlakeyDevice.Rule> writeFaults = new ArrayList<>();

    FaultyDisk(final long sizeSectors)
    {
        this(sizeSectors, Bio.SECTOR_SIZE);
    }

    FaultyDisk(final long sizeSectors, final int logicalBlockSize)
    {
        media = new MemoryDevice("faulty", sizeSectors, logicalBlockSize);
        faults = new FlakeyDevice("faulty", media);
        log = new LogWritesDevice("faulty", faults);
    }

    @Override
    public String name()
    {
        return "faulty";
    }

    @Override
    public long sizeSectors()
    {
        return media.sizeSectors();
    }

    @Override
    public int logicalBlockSize()
    {
        return media.logicalBlockSize();
    }

    /** Fail every read that touches the first sector of chunk {@code chunk}. */
    void failReadOfChunk(final long chunk, final int chunkSectors)
    {
        faults.fail(firstSectorOf(chunk, chunkSectors).op(BioOp.READ));
    }

    /** Fail every write that touches the first sector of chunk {@code chunk}. */
    synchronized void failWriteOfChunk(final long chunk, final int chunkSectors)
    {
        writeFaults.add(faults.fail(firstSectorOf(chunk, chunkSectors).op(BioOp.WRITE)));
    }

    synchronized void healWrites()
    {
        writeFaults.forEach(faults::remove);
        writeFaults.clear();
    }

    /** The writes that succeeded since the last {@link #clearWrites()}, in completion order. */
    List<Write> writes()
    {
        final List<Write> writes = new ArrayList<>();
        for (final LogWritesDevice.Entry e : log.entries())
        {
            if (e.kind() == LogWritesDevice.Kind.WRITE)
            {
                writes.add(new Write(e.sector(), e.sectors(), e.flags()));
            }
        }
        return writes;
    }

    void clearWrites()
    {
        log.clearLog();
    }

    /** Reads that reached the data: neither failed by a fault nor out of range. */
    int reads()
    {
        return Math.toIntExact(media.stats().reads());
    }

    /** Bios refused because they reach past the end of the disk. */
    int outOfRange()
    {
        return Math.toIntExact(media.stats().errors());
    }

    @Override
    public void submit(final Bio bio)
    {
        log.submit(bio);
    }

    private static FlakeyDevice.Selector firstSectorOf(final long chunk, final int chunkSectors)
    {
        return FlakeyDevice.Selector.all().sectors(chunk * chunkSectors, chunk * chunkSectors + 1);
    }

    // ---- raw access for building and decoding images, bypassing faults and the write log ----

    /** A little-endian copy of {@code count} bytes at byte offset {@code byteOffset}. */
    ByteBuffer raw(final long byteOffset, final int count)
    {
        final long first = byteOffset >>> Bio.SECTOR_SHIFT;
        final long last = (byteOffset + count - 1) >>> Bio.SECTOR_SHIFT;
        final byte[] sectors = media.readBytes(first, Math.toIntExact(last - first + 1));
        final int from = (int) (byteOffset - (first << Bio.SECTOR_SHIFT));
        return ByteBuffer.wrap(Arrays.copyOfRange(sectors, from, from + count)).order(ByteOrder.LITTLE_ENDIAN);
    }

    void putInt(final long byteOffset, final int value)
    {
        putBytes(byteOffset, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value).array());
    }

    void putLong(final long byteOffset, final long value)
    {
        putBytes(byteOffset, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value).array());
    }

    long getLong(final long byteOffset)
    {
        return raw(byteOffset, 8).getLong(0);
    }

    int getInt(final long byteOffset)
    {
        return raw(byteOffset, 4).getInt(0);
    }

    /** Read-modify-write of the sectors under {@code bytes}; tests build images from one thread. */
    private void putBytes(final long byteOffset, final byte[] bytes)
    {
        final long first = byteOffset >>> Bio.SECTOR_SHIFT;
        final long last = (byteOffset + bytes.length - 1) >>> Bio.SECTOR_SHIFT;
        final byte[] sectors = media.readBytes(first, Math.toIntExact(last - first + 1));
        System.arraycopy(bytes, 0, sectors, (int) (byteOffset - (first << Bio.SECTOR_SHIFT)), bytes.length);
        media.writeBytes(first, sectors);
    }
}
