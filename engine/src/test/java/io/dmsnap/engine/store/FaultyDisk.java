package io.dmsnap.engine.store;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sparse in-memory disk for store tests: completes every bio inline, keeps only non-zero
 * sectors, fails reads or writes that touch chosen sectors, and records every write with its
 * flags. I/O past the end completes with IOERR. Synchronised, so any thread may use it.
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

    private final long sizeSectors;
    private final int logicalBlockSize;
    private final Map<Long, byte[]> sectors = new HashMap<>();
    private final Set<Long> failReads = new HashSet<>();
    private final Set<Long> failWrites = new HashSet<>();
    private final List<Write> writes = new ArrayList<>();
    private int reads;
    private int outOfRange;

    FaultyDisk(final long sizeSectors)
    {
        this(sizeSectors, Bio.SECTOR_SIZE);
    }

    FaultyDisk(final long sizeSectors, final int logicalBlockSize)
    {
        this.sizeSectors = sizeSectors;
        this.logicalBlockSize = logicalBlockSize;
    }

    @Override
    public String name()
    {
        return "faulty";
    }

    @Override
    public long sizeSectors()
    {
        return sizeSectors;
    }

    @Override
    public int logicalBlockSize()
    {
        return logicalBlockSize;
    }

    /** Fail every read that touches the first sector of chunk {@code chunk}. */
    synchronized void failReadOfChunk(final long chunk, final int chunkSectors)
    {
        failReads.add(chunk * chunkSectors);
    }

    /** Fail every write that touches the first sector of chunk {@code chunk}. */
    synchronized void failWriteOfChunk(final long chunk, final int chunkSectors)
    {
        failWrites.add(chunk * chunkSectors);
    }

    synchronized void healWrites()
    {
        failWrites.clear();
    }

    synchronized List<Write> writes()
    {
        return new ArrayList<>(writes);
    }

    synchronized void clearWrites()
    {
        writes.clear();
    }

    synchronized int reads()
    {
        return reads;
    }

    synchronized int outOfRange()
    {
        return outOfRange;
    }

    @Override
    public synchronized void submit(final Bio bio)
    {
        if (bio.op() == BioOp.FLUSH)
        {
            bio.complete(BlkStatus.OK);
            return;
        }
        final long start = bio.sector();
        final int n = bio.sectors();
        if (start < 0 || start + n > sizeSectors)
        {
            outOfRange++;
            bio.complete(BlkStatus.IOERR);
            return;
        }
        final Set<Long> failing = bio.op() == BioOp.READ ? failReads : failWrites;
        for (long s = start; s < start + n; s++)
        {
            if (failing.contains(s))
            {
                bio.complete(BlkStatus.IOERR);
                return;
            }
        }
        if (bio.op() == BioOp.READ)
        {
            reads++;
            for (int i = 0; i < n; i++)
            {
                final byte[] data = sectors.get(start + i);
                final int at = bio.dataOffset() + i * Bio.SECTOR_SIZE;
                for (int b = 0; b < Bio.SECTOR_SIZE; b++)
                {
                    bio.data().put(at + b, data == null ? 0 : data[b]);
                }
            }
        }
        else if (bio.op() == BioOp.WRITE)
        {
            writes.add(new Write(start, n, bio.flags()));
            for (int i = 0; i < n; i++)
            {
                final byte[] data = new byte[Bio.SECTOR_SIZE];
                bio.data().get(bio.dataOffset() + i * Bio.SECTOR_SIZE, data);
                store(start + i, data);
            }
        }
        bio.complete(BlkStatus.OK);
    }

    private void store(final long sector, final byte[] data)
    {
        for (final byte b : data)
        {
            if (b != 0)
            {
                sectors.put(sector, data);
                return;
            }
        }
        sectors.remove(sector);
    }

    // ---- raw access for building and decoding images, bypassing faults and the write log ----

    /** A little-endian copy of {@code count} bytes at byte offset {@code byteOffset}. */
    synchronized ByteBuffer raw(final long byteOffset, final int count)
    {
        final ByteBuffer out = ByteBuffer.allocate(count).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++)
        {
            final long at = byteOffset + i;
            final byte[] data = sectors.get(at / Bio.SECTOR_SIZE);
            out.put(i, data == null ? 0 : data[(int) (at % Bio.SECTOR_SIZE)]);
        }
        return out;
    }

    synchronized void putInt(final long byteOffset, final int value)
    {
        final ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value);
        putBytes(byteOffset, b.array());
    }

    synchronized void putLong(final long byteOffset, final long value)
    {
        final ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
        putBytes(byteOffset, b.array());
    }

    synchronized long getLong(final long byteOffset)
    {
        return raw(byteOffset, 8).getLong(0);
    }

    synchronized int getInt(final long byteOffset)
    {
        return raw(byteOffset, 4).getInt(0);
    }

    private void putBytes(final long byteOffset, final byte[] bytes)
    {
        for (int i = 0; i < bytes.length; i++)
        {
            final long at = byteOffset + i;
            final long sector = at / Bio.SECTOR_SIZE;
            final byte[] old = sectors.get(sector);
            final byte[] data = old == null ? new byte[Bio.SECTOR_SIZE] : old.clone();
            data[(int) (at % Bio.SECTOR_SIZE)] = bytes[i];
            store(sector, data);
        }
    }
}
