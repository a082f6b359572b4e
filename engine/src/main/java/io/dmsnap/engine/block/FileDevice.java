package io.dmsnap.engine.block;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A device backed by a file (or a block device node) through {@link FileChannel} positional I/O.
 *
 * <p>The I/O runs in the submitter's thread and the bio completes inline when it is done, so
 * concurrency comes from concurrent submitters ({@link FileChannel} positional reads and writes
 * do not share a file position). The size is fixed at open: the file's length in whole sectors
 * (whole logical blocks with O_DIRECT).
 *
 * <p>With {@code direct}, the file is opened with O_DIRECT and the logical block size is the file
 * system's block size; offsets, lengths and buffer addresses must be aligned to it. A bio whose
 * buffer is a heap buffer or a misaligned direct buffer goes through a per-thread aligned bounce
 * buffer. Without {@code direct}, the page cache is used and the logical block size is 512.
 *
 * <p>FLUSH, {@link Bio#REQ_PREFLUSH} (before the write) and {@link Bio#REQ_FUA} (after the write)
 * call {@code force(false)}. DISCARD writes zeros. An I/O error completes the bio with
 * {@link BlkStatus#IOERR}; it never throws out of {@link #submit}.
 *
 * <p>Interrupting a thread while it is inside {@link #submit} closes the channel (a property of
 * interruptible channels); every later I/O then fails.
 */
public final class FileDevice implements BlockDevice
{
    private static final int BOUNCE_MIN = 64 * 1024;
    private static final int ZERO_CHUNK = 256 * 1024;

    private final String name;
    private final Path path;
    private final FileChannel channel;
    private final boolean direct;
    private final long sizeSectors;
    private final int logicalBlockSize;
    private final DeviceStats stats = new DeviceStats();
    /** Aligned zeros for DISCARD; read-only, shared, only used through per-call views. */
    private final ByteBuffer zeros;
    /** Per submitting thread: an aligned direct buffer whose position and limit only that thread touches. */
    private final ThreadLocal<ByteBuffer> bounce = new ThreadLocal<>();
    private volatile boolean closed;

    private FileDevice(final String name, final Path path, final FileChannel channel, final boolean direct,
                       final long sizeSectors, final int logicalBlockSize)
    {
        this.name = name;
        this.path = path;
        this.channel = channel;
        this.direct = direct;
        this.sizeSectors = sizeSectors;
        this.logicalBlockSize = logicalBlockSize;
        this.zeros = alignedDirect(ZERO_CHUNK, logicalBlockSize).asReadOnlyBuffer();
    }

    /**
     * Open an existing file read-write as a device.
     *
     * @param direct use O_DIRECT (bypass the page cache)
     * @throws IOException when the file cannot be opened, or, with {@code direct}, when its file
     *                     system refuses O_DIRECT (the message says so)
     */
    public static FileDevice open(final String name, final Path path, final boolean direct) throws IOException
    {
        final OpenOption[] plain = {StandardOpenOption.READ, StandardOpenOption.WRITE};
        if (!direct)
        {
            final FileChannel channel = FileChannel.open(path, plain);
            return new FileDevice(name, path, channel, false, channel.size() >>> Bio.SECTOR_SHIFT, Bio.SECTOR_SIZE);
        }
        // Open once without O_DIRECT so that ordinary problems (missing file, permissions) keep their own exception.
        FileChannel.open(path, plain).close();
        final int blockSize;
        final FileChannel channel;
        try
        {
            blockSize = BioChecks.requireLogicalBlockSize((int) Files.getFileStore(path).getBlockSize());
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                ExtendedOpenOption.DIRECT);
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException e)
        {
            throw new IOException("O_DIRECT is refused by the file system of " + path + ": " + e, e);
        }
        final long blockMask = (blockSize >>> Bio.SECTOR_SHIFT) - 1;
        final long sectors = (channel.size() >>> Bio.SECTOR_SHIFT) & ~blockMask;
        return new FileDevice(name, path, channel, true, sectors, blockSize);
    }

    /** Create (or truncate) a sparse file of {@code sizeBytes} bytes at {@code path}, then {@link #open} it. */
    public static FileDevice create(final String name, final Path path, final long sizeBytes, final boolean direct)
        throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
        {
            file.setLength(0);
            file.setLength(sizeBytes);
        }
        return open(name, path, direct);
    }

    @Override
    public String name()
    {
        return name;
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

    @Override
    public boolean supportsDiscard()
    {
        return true;
    }

    public boolean isDirect()
    {
        return direct;
    }

    public Path path()
    {
        return path;
    }

    public DeviceStats stats()
    {
        return stats;
    }

    @Override
    public void submit(final Bio bio)
    {
        int status = closed ? BlkStatus.IOERR : BioChecks.check(bio, sizeSectors, logicalBlockSize, true);
        if (status != BlkStatus.OK)
        {
            stats.refused();
            bio.complete(status);
            return;
        }
        stats.accepted(bio);
        try
        {
            status = execute(bio);
        }
        catch (final IOException | RuntimeException e)
        {
            status = BlkStatus.IOERR;
        }
        bio.complete(status);
    }

    private int execute(final Bio bio) throws IOException
    {
        final long position = bio.sector() << Bio.SECTOR_SHIFT;
        final int length = (int) bio.bytes();
        if (bio.op() == BioOp.FLUSH || bio.hasFlag(Bio.REQ_PREFLUSH))
        {
            channel.force(false);
        }
        switch (bio.op())
        {
            case READ:
                return bio.data() == null ? BlkStatus.OK : read(position, bio.data(), bio.dataOffset(), length);
            case WRITE:
                if (bio.data() != null)
                {
                    write(position, bio.data(), bio.dataOffset(), length);
                }
                break;
            case DISCARD:
                writeZeros(position, (long) bio.sectors() << Bio.SECTOR_SHIFT);
                break;
            default:
                return BlkStatus.OK;
        }
        if (bio.hasFlag(Bio.REQ_FUA))
        {
            channel.force(false);
        }
        return BlkStatus.OK;
    }

    private int read(final long position, final ByteBuffer data, final int offset, final int length) throws IOException
    {
        if (suitable(data, offset))
        {
            return readFully(data.slice(offset, length), position) ? BlkStatus.OK : BlkStatus.IOERR;
        }
        final ByteBuffer b = bounce(length);
        if (!readFully(b, position))
        {
            return BlkStatus.IOERR;
        }
        data.put(offset, b, 0, length);
        return BlkStatus.OK;
    }

    private void write(final long position, final ByteBuffer data, final int offset, final int length) throws IOException
    {
        if (suitable(data, offset))
        {
            writeFully(data.slice(offset, length), position);
            return;
        }
        final ByteBuffer b = bounce(length);
        b.put(0, data, offset, length);
        writeFully(b, position);
    }

    private void writeZeros(final long position, final long length) throws IOException
    {
        long done = 0;
        while (done < length)
        {
            final int n = (int) Math.min(ZERO_CHUNK, length - done);
            writeFully(zeros.slice(0, n), position + done);
            done += n;
        }
    }

    /** Whether the bio's buffer can be handed to the channel as is (a view of it, no copy). */
    private boolean suitable(final ByteBuffer data, final int offset)
    {
        if (!direct)
        {
            return true;
        }
        return data.isDirect() && data.alignmentOffset(offset, logicalBlockSize) == 0;
    }

    private boolean readFully(final ByteBuffer buf, final long position) throws IOException
    {
        while (buf.hasRemaining())
        {
            final int n = channel.read(buf, position + buf.position());
            if (n < 0)
            {
                return false;   // the file shrank under the device
            }
        }
        return true;
    }

    private void writeFully(final ByteBuffer buf, final long position) throws IOException
    {
        while (buf.hasRemaining())
        {
            channel.write(buf, position + buf.position());
        }
    }

    /** This thread's bounce buffer with position 0 and limit {@code length}, grown when too small. */
    private ByteBuffer bounce(final int length)
    {
        ByteBuffer b = bounce.get();
        if (b == null || b.capacity() < length)
        {
            b = alignedDirect(Math.max(BOUNCE_MIN, Integer.highestOneBit(length - 1) << 1), logicalBlockSize);
            bounce.set(b);
        }
        b.clear().limit(length);
        return b;
    }

    private static ByteBuffer alignedDirect(final int capacity, final int alignment)
    {
        return ByteBuffer.allocateDirect(capacity + alignment).alignedSlice(alignment).limit(capacity).slice();
    }

    @Override
    public void close()
    {
        closed = true;
        try
        {
            channel.close();
        }
        catch (final IOException e)
        {
            // Nothing to recover: the device is gone either way and later I/O fails with IOERR.
        }
    }

    @Override
    public String toString()
    {
        return "file " + name + " " + path + (direct ? " (O_DIRECT)" : "") + ", " + sizeSectors + " sectors";
    }
}
