package io.dmsnap.engine.store;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.Errno;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.dm.DmLog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The persistent store {@code P} / {@code PO} (dm-snap-persistent.c): the mapping
 * is kept on the COW device itself, in the kernel's on-disk format, so that a snapshot survives a
 * reload and a crash.
 *
 * <p>On-disk format (all integers little-endian; a chunk is {@code CS} sectors):
 * <ul>
 *   <li>chunk 0, the header: magic {@link #MAGIC} (u32), valid (u32), version {@link #DISK_VERSION}
 *       (u32), chunk size in sectors (u32), the rest of the chunk zero;</li>
 *   <li>metadata area {@code a} at chunk {@code 1 + (epa + 1) * a}, {@code epa = CS * 512 / 16}
 *       entries of 16 bytes: old chunk (u64), new chunk (u64); a new chunk of 0 ends the list;</li>
 *   <li>the {@code epa} chunks after each area hold the data copied while that area is current.</li>
 * </ul>
 *
 * <p>Invariants: entries on disk are a prefix of the allocation order (commits arrive in sequence
 * order); {@code nextFree} never names the header or an area; the area buffer holds exactly the
 * entries of the current area, {@code currentCommitted} of them, the rest zero.
 *
 * <p>Threading, field by field (callers follow {@link ExceptionStore}'s contract):
 * <ul>
 *   <li>{@link #readMetadata} runs once, in the snapshot constructor, before the store is shared;
 *       it may write every field. The snapshot's publication makes them visible to other
 *       threads.</li>
 *   <li>{@code nextFree} is written by {@link #prepareException} under the snapshot's allocation
 *       lock (and by {@link #commitMerge} on the copier thread of a merging snapshot, which
 *       allocates nothing); volatile so that {@link #usage} on any thread sees progress.</li>
 *   <li>{@code pendingCount} is incremented under the allocation lock and decremented on the
 *       copier thread: an atomic, as the kernel's {@code atomic_t}.</li>
 *   <li>the area buffer, {@code currentCommitted}, the callback arrays and {@code ioBio} belong
 *       to the copier thread ({@link #commitException}, {@link #prepareMerge},
 *       {@link #commitMerge}); {@code currentArea} too, volatile only for {@link #usage}.</li>
 *   <li>{@code valid} is written by the copier thread and by {@link #dropSnapshot} (any thread,
 *       snapshot lock held); volatile, a sticky true-to-false flag, so a racing read is at worst
 *       one commit late, as in the kernel.</li>
 *   <li>the header buffer is used by {@link #readMetadata} and {@link #dropSnapshot}, which never
 *       run at the same time (constructor vs. snapshot lock), so it needs no lock of its own.</li>
 * </ul>
 *
 * <p>All I/O is synchronous through {@link SyncIo}, on the calling thread. No exception escapes:
 * I/O errors become negative return values or an invalid store.
 */
public final class PersistentStore implements ExceptionStore
{
    public static final ExceptionStoreType TYPE = new ExceptionStoreType()
    {
        @Override
        public String name()
        {
            return "persistent";
        }

        @Override
        public String alias()
        {
            return "P";
        }

        @Override
        public ExceptionStore create(final StoreArgs args) throws StoreException
        {
            return new PersistentStore(args);
        }
    };

    /** Header magic: the bytes "SnAp" read as a little-endian u32. */
    public static final int MAGIC = 0x70416E53;
    /** The only on-disk version there is. */
    public static final int DISK_VERSION = 1;
    /** Chunk size used to read the header when the table gave 0 (unless the COW block is larger). */
    public static final int DEFAULT_CHUNK_SECTORS = 32;
    /** Size of one on-disk exception: old chunk u64 + new chunk u64. */
    public static final int DISK_EXCEPTION_BYTES = 16;
    /** First data chunk of a new snapshot: after the header (chunk 0) and area 0 (chunk 1). */
    public static final long FIRST_DATA_CHUNK = 2;

    private static final int AREA_WRITE_FLAGS = Bio.REQ_PREFLUSH | Bio.REQ_FUA;

    private final BlockDevice cow;
    private final BlockDevice origin;
    private final DmLog log;
    private final boolean overflowSupported;

    // Chunk geometry (see ExceptionStore#geometry) and the entries per area derived from it: set
    // in the constructor or readMetadata (or by chunkSize(int) while the store is not in use),
    // read by every thread after the snapshot is published.
    private ChunkGeometry geometry;
    private int exceptionsPerArea;

    private ByteBuffer header;       // constructor / dropSnapshot (see the class comment)
    private ByteBuffer area;         // copier thread: the current area's entries
    private ByteBuffer zeroChunk;    // never written after allocation: the source of area zeroing
    private CommitCallback[] callbacks;   // copier thread
    private Object[] contexts;            // copier thread
    private int callbackCount;            // copier thread
    private int currentCommitted;         // copier thread: entries used in the current area

    private final Bio ioBio = new Bio();   // constructor, then copier thread only
    private final SyncIo.Waiter ioWaiter = new SyncIo.Waiter();   // with ioBio: metadata I/O allocates nothing
    private final AtomicInteger pendingCount = new AtomicInteger();
    private volatile long currentArea;
    private volatile long nextFree = FIRST_DATA_CHUNK;
    private volatile boolean valid = true;

    // Counters: single writer (the copier thread), so a volatile read-increment-write is exact.
    private volatile long areaWrites;
    private volatile long commits;

    /**
     * Create the store from the table arguments. Options: empty ({@code P}), or a first character
     * {@code O}/{@code o} ({@code PO}: userspace understands "Overflow"); only that character is
     * looked at. Anything else fails with "Unsupported persistent store option: &lt;opt&gt;".
     */
    public PersistentStore(final StoreArgs args) throws StoreException
    {
        this.cow = args.cow();
        this.origin = args.origin();
        this.log = args.log();
        final String options = args.options();
        if (options.isEmpty())
        {
            this.overflowSupported = false;
        }
        else if (Character.toUpperCase(options.charAt(0)) == 'O')
        {
            this.overflowSupported = true;
        }
        else
        {
            final String message = "Unsupported persistent store option: " + options;
            log.err("snapshots: " + message);
            throw new StoreException(message);
        }
        chunkSize(args.chunkSize());
    }

    @Override
    public String typeName()
    {
        return "P";
    }

    @Override
    public ChunkGeometry geometry()
    {
        return geometry;
    }

    /**
     * Set the chunk size. Buffers are sized in {@link #readMetadata}, so this is only for a store
     * that has not read its metadata yet or that will do no more I/O (a handover destination).
     */
    @Override
    public void chunkSize(final int sectors)
    {
        this.geometry = ChunkGeometry.of(sectors);
        this.exceptionsPerArea = exceptionsPerArea(sectors);
    }

    /** Entries per metadata area for a chunk of {@code chunkSectors}: one chunk of 16-byte entries. */
    public static int exceptionsPerArea(final int chunkSectors)
    {
        return (int) (((long) chunkSectors << Bio.SECTOR_SHIFT) / DISK_EXCEPTION_BYTES);
    }

    /** Entries per metadata area ({@code epa} = CS * 32). */
    public int exceptionsPerArea()
    {
        return exceptionsPerArea;
    }

    /** Chunk index of metadata area {@code a}. */
    public long areaLocation(final long a)
    {
        return 1 + (exceptionsPerArea + 1L) * a;
    }

    // ------------------------------------------------------------------ metadata (constructor)

    @Override
    public int readMetadata(final ExceptionSink sink)
    {
        final boolean chunkSupplied = geometry.sectors() != 0;
        if (!chunkSupplied)
        {
            chunkSize(Math.max(DEFAULT_CHUNK_SECTORS, cow.logicalBlockSize() >> Bio.SECTOR_SHIFT));
        }
        if (cow.sizeSectors() < geometry.sectors())
        {
            // The header read would fail; checked first so that no chunk buffer is allocated for it.
            log.err("snapshots: Unable to read snapshot header: the COW device of " + cow.sizeSectors()
                    + " sectors is smaller than one chunk of " + geometry.sectors() + " sectors");
            return -Errno.EIO;
        }
        if (!allocateHeader())
        {
            return -Errno.ENOMEM;
        }
        if (chunkIo(ioBio, BioOp.READ, 0, header, 0) != BlkStatus.OK)
        {
            log.err("snapshots: Unable to read snapshot header");
            return -Errno.EIO;
        }
        final boolean newSnapshot = header.getInt(0) == 0;
        int diskValid = 1;
        int diskVersion = DISK_VERSION;
        if (!newSnapshot)
        {
            if (header.getInt(0) != MAGIC)
            {
                log.warn("snapshots: Invalid or corrupt snapshot");
                return -Errno.ENXIO;
            }
            diskValid = header.getInt(4);
            diskVersion = header.getInt(8);
            final long diskChunk = Integer.toUnsignedLong(header.getInt(12));
            if (diskChunk != geometry.sectors())
            {
                final int r = adoptDiskChunkSize(diskChunk, chunkSupplied);
                if (r != 0)
                {
                    return r;
                }
            }
        }
        // Size before allocation: a header may name any legal chunk size (up to 1 GiB), and the
        // area buffers are one chunk each. The kernel's read of area 0 fails on such a device.
        final long deviceChunks = cow.sizeSectors() >>> geometry.shift();
        if (deviceChunks < FIRST_DATA_CHUNK)
        {
            log.err("snapshots: Unable to read metadata area 0 (chunk 1): the COW device of " + cow.sizeSectors()
                    + " sectors holds " + deviceChunks + " chunks of " + geometry.sectors() + " sectors");
            return -Errno.EIO;
        }
        if (!allocateAreaState())
        {
            return -Errno.ENOMEM;
        }
        if (newSnapshot)
        {
            return initialiseNewSnapshot();
        }
        if (diskVersion != DISK_VERSION)
        {
            log.warn("snapshots: Unsupported snapshot disk version " + Integer.toUnsignedString(diskVersion));
            return -Errno.EINVAL;
        }
        if (diskValid == 0)
        {
            valid = false;
            return 1;
        }
        return replay(sink);
    }

    /** The on-disk chunk size wins over the table's; it must pass the same rules. */
    private int adoptDiskChunkSize(final long diskChunk, final boolean chunkSupplied)
    {
        if (chunkSupplied)
        {
            log.warn("snapshots: Chunk size " + diskChunk + " on the COW device replaces the table's chunk size "
                     + geometry.sectors());
        }
        try
        {
            if (diskChunk == 0)
            {
                throw new StoreException("Chunk size is not a power of 2");   // 0 means "unknown" only in a table
            }
            ExceptionStores.validateChunkSize(diskChunk, cow, origin, log);
        }
        catch (final StoreException e)
        {
            log.err("snapshots: Invalid chunk size " + diskChunk + " on the COW device: " + e.getMessage());
            return -Errno.EINVAL;
        }
        chunkSize((int) diskChunk);
        return 0;   // the header buffer is re-sized when it is written again (dropSnapshot)
    }

    private int initialiseNewSnapshot()
    {
        valid = true;
        if (!writeHeader(ioBio))
        {
            log.warn("snapshots: Unable to write the header of a new snapshot");
            return -Errno.EIO;
        }
        currentArea = 0;
        currentCommitted = 0;
        clearArea();
        if (chunkIo(ioBio, BioOp.WRITE, areaLocation(0), zeroChunk, 0) != BlkStatus.OK)
        {
            log.warn("snapshots: Unable to zero metadata area 0");
            return -Errno.EIO;
        }
        nextFree = FIRST_DATA_CHUNK;
        return 0;
    }

    /**
     * {@code read_exceptions}: read areas until one is not full; the last one becomes the current area.
     *
     * <p>Every new chunk is checked before it is used, as an unsigned 64-bit number: it must name a
     * data chunk of this COW device (below the device's chunk count, not the header, not an area).
     * An entry that does not fails the replay like an unreadable area, so the table load fails
     * with "Failed to read snapshot metadata": nothing of a hostile image reaches the exception
     * tables, where a chunk beyond 2^56 would be truncated onto another COW chunk (the header,
     * for bit 63) and a chunk beyond 2^(64 - shift) would wrap to sector 0 when it is copied to.
     */
    private int replay(final ExceptionSink sink)
    {
        final long deviceChunks = cow.sizeSectors() >>> geometry.shift();
        final AreaReadAhead reader;
        try
        {
            reader = new AreaReadAhead(cow, geometry.sectors(), exceptionsPerArea);
        }
        catch (final OutOfMemoryError e)
        {
            return -Errno.ENOMEM;
        }
        long free = FIRST_DATA_CHUNK;
        for (long a = 0; ; a++)
        {
            final ByteBuffer disk = reader.read(a);
            if (disk == null)
            {
                log.err("snapshots: Unable to read metadata area " + a + " (chunk " + areaLocation(a) + ")");
                return -Errno.EIO;
            }
            int terminator = -1;
            for (int i = 0; i < exceptionsPerArea; i++)
            {
                final long newChunk = disk.getLong(i * DISK_EXCEPTION_BYTES + 8);
                if (newChunk == 0)
                {
                    terminator = i;
                    break;
                }
                if (!isDataChunk(newChunk, deviceChunks))
                {
                    log.err("snapshots: Invalid exception in metadata area " + a + " entry " + i + ": new chunk "
                            + Long.toUnsignedString(newChunk) + " is " + (Long.compareUnsigned(newChunk, deviceChunks) >= 0
                            ? "beyond the COW device (" + deviceChunks + " chunks)" : "a metadata area"));
                    return -Errno.EINVAL;
                }
                free = Math.max(free, newChunk + 1);   // both below 2^63 now: a signed max is exact
                if (!sink.add(disk.getLong(i * DISK_EXCEPTION_BYTES), newChunk))
                {
                    return -Errno.ENOMEM;
                }
            }
            if (terminator >= 0)
            {
                // Not full: this is the current area. Only the entries before the terminator are
                // kept; whatever a torn write left after it is ignored (read_exceptions stops at the first unused entry) and must not
                // reach the disk again with the next area write, where it would come back to life
                // behind the new entries and name chunks that are handed out again.
                clearArea();
                area.put(0, disk, 0, terminator * DISK_EXCEPTION_BYTES);
                currentCommitted = terminator;
                currentArea = a;
                break;
            }
        }
        nextFree = skipMetadata(free);
        return 0;
    }

    /**
     * Whether {@code chunk}, read as unsigned, is a data chunk of a device of {@code deviceChunks}
     * chunks: not the header (0), not an area location, below the end.
     */
    private boolean isDataChunk(final long chunk, final long deviceChunks)
    {
        return Long.compareUnsigned(chunk, deviceChunks) < 0 && chunk != 0
               && chunk % (exceptionsPerArea + 1L) != 1;
    }

    // ------------------------------------------------------------------ allocation

    @Override
    public long prepareException(final long oldChunk)
    {
        final long free = nextFree;   // volatile read; only this (allocation-locked) path writes it
        // In chunks, unsigned: (free + 1) << shift could overflow and pass a signed size check.
        if (Long.compareUnsigned(free, cow.sizeSectors() >>> geometry.shift()) >= 0)
        {
            return FULL;
        }
        nextFree = skipMetadata(free + 1);   // volatile write: status readers see the new value
        pendingCount.incrementAndGet();       // full fence; pairs with the copier's decrement
        return free;
    }

    /** Never hand out an area chunk: step over {@code chunk} when it is an area location. */
    private long skipMetadata(final long chunk)
    {
        return chunk % (exceptionsPerArea + 1L) == 1 ? chunk + 1 : chunk;
    }

    // ------------------------------------------------------------------ commit (copier thread)

    @Override
    public void commitException(final long oldChunk, final long newChunk, final boolean validArg,
                                final CommitCallback callback, final Object context)
    {
        commits = commits + 1;   // single writer
        if (!validArg)
        {
            valid = false;
        }
        final int slot = currentCommitted;
        area.putLong(slot * DISK_EXCEPTION_BYTES, oldChunk);
        area.putLong(slot * DISK_EXCEPTION_BYTES + 8, newChunk);
        currentCommitted = slot + 1;
        callbacks[callbackCount] = callback;
        contexts[callbackCount] = context;
        callbackCount++;

        // Batch: while other prepared exceptions are still on their way, their commits will
        // write this area anyway, unless it is full now.
        if (pendingCount.decrementAndGet() > 0 && currentCommitted < exceptionsPerArea)
        {
            return;
        }

        final boolean full = currentCommitted == exceptionsPerArea;
        if (full && chunkIo(ioBio, BioOp.WRITE, areaLocation(currentArea + 1), zeroChunk, 0) != BlkStatus.OK)
        {
            valid = false;   // the next area could not be prepared: nothing after it could replay
        }
        if (valid && !writeArea())
        {
            valid = false;
        }
        if (full)
        {
            currentCommitted = 0;
            currentArea = currentArea + 1;   // single writer
            clearArea();
        }
        final int n = callbackCount;
        for (int i = 0; i < n; i++)
        {
            final CommitCallback cb = callbacks[i];
            final Object ctx = contexts[i];
            callbacks[i] = null;   // do not keep completed pending exceptions reachable
            contexts[i] = null;
            cb.committed(ctx, valid);
        }
        callbackCount = 0;
    }

    // ------------------------------------------------------------------ merge (copier thread)

    @Override
    public boolean supportsMerge()
    {
        return true;
    }

    @Override
    public int prepareMerge(final long[] lastOldNew)
    {
        if (currentCommitted == 0)
        {
            if (currentArea == 0)
            {
                return 0;
            }
            currentArea = currentArea - 1;
            if (chunkIo(ioBio, BioOp.READ, areaLocation(currentArea), area, 0) != BlkStatus.OK)
            {
                return -Errno.EIO;
            }
            currentCommitted = exceptionsPerArea;
        }
        final int last = currentCommitted - 1;
        final long oldChunk = area.getLong(last * DISK_EXCEPTION_BYTES);
        final long newChunk = area.getLong(last * DISK_EXCEPTION_BYTES + 8);
        lastOldNew[0] = oldChunk;
        lastOldNew[1] = newChunk;
        int n = 1;
        while (n < currentCommitted)
        {
            final int i = last - n;
            if (area.getLong(i * DISK_EXCEPTION_BYTES) != oldChunk - n
                || area.getLong(i * DISK_EXCEPTION_BYTES + 8) != newChunk - n)
            {
                break;
            }
            n++;
        }
        return n;
    }

    @Override
    public int commitMerge(final int n)
    {
        if (n < 0 || n > currentCommitted)
        {
            return -Errno.EINVAL;
        }
        final int from = (currentCommitted - n) * DISK_EXCEPTION_BYTES;
        area.put(from, zeroChunk, from, n * DISK_EXCEPTION_BYTES);
        if (!writeArea())
        {
            return -Errno.EIO;
        }
        currentCommitted -= n;
        // Approximate, for the status line only: assumes the chunks were allocated in order.
        nextFree = areaLocation(currentArea) + currentCommitted + 1;
        return 0;
    }

    // ------------------------------------------------------------------ invalidation, status

    @Override
    public void dropSnapshot()
    {
        valid = false;
        if (!allocateHeader() || !writeHeader(new Bio()))
        {
            log.warn("snapshots: Unable to write the snapshot header while invalidating");
        }
    }

    @Override
    public void usage(final long[] out)
    {
        final int cs = geometry.sectors();
        out[0] = nextFree * cs;
        out[1] = cow.sizeSectors();
        out[2] = (currentArea + 2) * cs;
    }

    @Override
    public String statusTable()
    {
        return (overflowSupported ? " PO " : " P ") + geometry.sectors();
    }

    @Override
    public boolean userspaceSupportsOverflow()
    {
        return overflowSupported;
    }

    /** Whether the store is still valid (false after a failed commit or {@link #dropSnapshot}). */
    public boolean isValid()
    {
        return valid;
    }

    /** Next chunk {@link #prepareException} would hand out. */
    public long nextFree()
    {
        return nextFree;
    }

    /** Index of the metadata area new commits go to. */
    public long currentArea()
    {
        return currentArea;
    }

    /** Prepared exceptions not committed yet. */
    @Override
    public int pendingCount()
    {
        return pendingCount.get();
    }

    /** Area writes issued (commit flushes and merge writes; not the zeroing of a next area). */
    public long areaWrites()
    {
        return areaWrites;
    }

    /** {@link #commitException} calls so far. */
    public long commits()
    {
        return commits;
    }

    @Override
    public void close()
    {
        header = null;
        area = null;
        zeroChunk = null;
        callbacks = null;
        contexts = null;
    }

    // ------------------------------------------------------------------ I/O and buffers

    private boolean writeArea()
    {
        areaWrites = areaWrites + 1;   // single writer: the copier thread
        return chunkIo(ioBio, BioOp.WRITE, areaLocation(currentArea), area, AREA_WRITE_FLAGS) == BlkStatus.OK;
    }

    /** Write the header chunk: magic, valid, version, chunk size, zeros. */
    private boolean writeHeader(final Bio bio)
    {
        clear(header);
        header.putInt(0, MAGIC);
        header.putInt(4, valid ? 1 : 0);
        header.putInt(8, DISK_VERSION);
        header.putInt(12, geometry.sectors());
        return chunkIo(bio, BioOp.WRITE, 0, header, 0) == BlkStatus.OK;
    }

    /**
     * One whole chunk of I/O through {@code ioBio}, synchronously; a device that throws counts as
     * an I/O error. The constructor and the copier thread pass {@link #ioBio} (never at the same
     * time: the store is not shared while the constructor runs); other threads pass a fresh bio.
     */
    private int chunkIo(final Bio bio, final BioOp op, final long chunk, final ByteBuffer buf, final int flags)
    {
        try
        {
            bio.init(op, chunk << geometry.shift(), geometry.sectors(), buf, 0, null, null).flags(flags);
            return bio == ioBio ? ioWaiter.submitAndWait(cow, bio) : SyncIo.submitAndWait(cow, bio);
        }
        catch (final RuntimeException e)
        {
            return BlkStatus.IOERR;
        }
    }

    private boolean allocateHeader()
    {
        final int bytes = geometry.sectors() << Bio.SECTOR_SHIFT;
        if (header != null && header.capacity() == bytes)
        {
            return true;
        }
        try
        {
            header = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
            return true;
        }
        catch (final OutOfMemoryError e)
        {
            return false;
        }
    }

    /** Area buffer, zero chunk and callback slots, sized once the chunk size is final. */
    private boolean allocateAreaState()
    {
        final int bytes = geometry.sectors() << Bio.SECTOR_SHIFT;
        try
        {
            area = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
            zeroChunk = ByteBuffer.allocate(bytes);
            callbacks = new CommitCallback[exceptionsPerArea];
            contexts = new Object[exceptionsPerArea];
            return true;
        }
        catch (final OutOfMemoryError e)
        {
            area = null;
            zeroChunk = null;
            return false;
        }
    }

    private void clearArea()
    {
        clear(area);
    }

    private static void clear(final ByteBuffer buf)
    {
        Arrays.fill(buf.array(), buf.arrayOffset(), buf.arrayOffset() + buf.capacity(), (byte) 0);
    }
}
