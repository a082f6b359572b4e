package io.dmsnap.engine.block;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * A sparse RAM disk that keeps every byte written, for verification and crash tests.
 *
 * <p>Memory: the device is divided into 4 KiB pages. A page gets memory on its first write of data
 * that is not all zeros, from off-heap slabs of 1 MiB (256 pages; smaller for a device under
 * 1 MiB). Never-written pages read as zeros from one shared zero page and cost nothing, and a write
 * of zeros to such a page (a copy-out of a chunk the origin never wrote, a WRITE_ZEROES) leaves it
 * so: a copy-on-write stack over a fresh origin keeps one copy of the data written. A three-level
 * radix table maps a device page number to a page id (slab number * pages per slab + page in
 * slab): a root array sized for the device (one slot per 4 GiB), middle nodes of 1024 slots (one
 * per 4 MiB) and leaves of 1024 ints, both created on first use. A 1 TiB device costs 256 root slots
 * up front. At most 2^31 pages (8 TiB) can be written.
 *
 * <p>Concurrency: I/O to different pages from any number of threads is safe and lock-free. A
 * missing leaf, middle node or page is installed with a CAS; a thread that loses the race uses
 * the winner's and gives its own page back to a spare list. Page ids are handed out by an atomic
 * counter; a new slab is installed under a lock (once per slab). Concurrent I/O to the same
 * bytes behaves like a real device: no ordering between overlapping in-flight requests.
 *
 * <p>DISCARD zeroes the range and keeps the pages (freeing a page would let an in-flight write
 * to it land in the page's next owner). Completion is always inline.
 *
 * <p>Out of memory: slabs come from the JVM's direct memory, whose limit
 * ({@code -XX:MaxDirectMemorySize}, by default the heap's maximum) may be below the device's
 * size. A write that needs a page when no slab can be had completes with
 * {@link BlkStatus#RESOURCE} (ENOMEM), as a RAM disk's failed page allocation does; the pages
 * before it in the same bio hold their new data. Page ids are taken only once their slab exists,
 * so a failed allocation loses nothing and a later one (after memory was freed) succeeds.
 *
 * <p>{@link #close()} drops every reference to the off-heap memory, which the garbage collector
 * then frees; later I/O completes with {@link BlkStatus#IOERR}.
 */
public final class MemoryDevice implements BlockDevice
{
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final int MAX_SLAB_PAGE_SHIFT = 8;
    private static final int LEAF_BITS = 10;
    private static final int MID_BITS = 10;
    private static final int LEAF_MASK = (1 << LEAF_BITS) - 1;
    private static final int MID_MASK = (1 << MID_BITS) - 1;
    private static final long MAX_ROOT_SLOTS = 1L << 24;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(PAGE_SIZE).asReadOnlyBuffer();

    private final String name;
    private final long sizeSectors;
    private final int logicalBlockSize;
    private final DeviceStats stats = new DeviceStats();
    /** Pages per slab = 1 << slabPageShift: 256 (1 MiB), or fewer when the whole device is smaller. */
    private final int slabPageShift;
    private final int slabSize;

    /**
     * root[i] -> middle node -> leaf; a leaf slot holds page id + 1, 0 meaning "never written".
     * Slots are read with acquire loads and filled with CAS (volatile), so a thread that sees a
     * node or page id also sees the node's initial contents and the page's slab.
     */
    private volatile AtomicReferenceArray<AtomicReferenceArray<AtomicIntegerArray>> root;

    /** Slab i holds page ids [i << slabPageShift, (i + 1) << slabPageShift); replaced by a larger copy under slabLock. */
    private volatile AtomicReferenceArray<ByteBuffer> slabs;
    private final Object slabLock = new Object();
    /** Slab bytes to buffer: {@link ByteBuffer#allocateDirect}, which throws OutOfMemoryError at the direct-memory limit. */
    private final IntFunction<ByteBuffer> slabAllocator;
    private final AtomicLong nextPageId = new AtomicLong();
    private final AtomicLong pagesInUse = new AtomicLong();

    /** Pages that lost an installation race, still zero; guarded by slabLock. */
    private int[] spare = new int[8];
    private int spareCount;
    /** Whether {@link #spare} may be non-empty; written under slabLock, read without it. */
    private volatile boolean hasSpare;
    private volatile boolean closed;

    public MemoryDevice(final String name, final long sizeSectors, final int logicalBlockSize)
    {
        this(name, sizeSectors, logicalBlockSize, ByteBuffer::allocateDirect);
    }

    /** Slabs from {@code slabAllocator} (tests stand in for the direct-memory limit with it). */
    MemoryDevice(final String name, final long sizeSectors, final int logicalBlockSize,
                 final IntFunction<ByteBuffer> slabAllocator)
    {
        this.name = name;
        this.slabAllocator = slabAllocator;
        this.logicalBlockSize = BioChecks.requireLogicalBlockSize(logicalBlockSize);
        this.sizeSectors = BioChecks.requireSize(sizeSectors, logicalBlockSize);
        final long pages = (sizeSectors + (PAGE_SIZE >>> Bio.SECTOR_SHIFT) - 1) >>> (PAGE_SHIFT - Bio.SECTOR_SHIFT);
        final long rootSlots = (pages + (1L << (LEAF_BITS + MID_BITS)) - 1) >>> (LEAF_BITS + MID_BITS);
        if (rootSlots > MAX_ROOT_SLOTS)
        {
            throw new IllegalArgumentException("device too large: " + sizeSectors + " sectors");
        }
        this.slabPageShift = Math.min(MAX_SLAB_PAGE_SHIFT, 64 - Long.numberOfLeadingZeros(Math.max(1, pages - 1)));
        this.slabSize = PAGE_SIZE << slabPageShift;
        this.root = new AtomicReferenceArray<>((int) rootSlots);
        this.slabs = new AtomicReferenceArray<>(4);
    }

    /** A device with 512-byte logical blocks. */
    public MemoryDevice(final String name, final long sizeSectors)
    {
        this(name, sizeSectors, Bio.SECTOR_SIZE);
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

    public DeviceStats stats()
    {
        return stats;
    }

    /** Bytes of data memory in use: 4 KiB per page ever written. */
    public long allocatedBytes()
    {
        return pagesInUse.get() << PAGE_SHIFT;
    }

    /** Off-heap bytes reserved by slabs (1 MiB each, less for devices under 1 MiB), at least {@link #allocatedBytes()}. */
    public long reservedBytes()
    {
        final AtomicReferenceArray<ByteBuffer> s = slabs;
        long n = 0;
        for (int i = 0; i < s.length(); i++)
        {
            if (s.get(i) != null)
            {
                n += slabSize;
            }
        }
        return n;
    }

    @Override
    public void submit(final Bio bio)
    {
        final int status = closed ? BlkStatus.IOERR : BioChecks.check(bio, sizeSectors, logicalBlockSize, true);
        if (status != BlkStatus.OK)
        {
            stats.refused();
            bio.complete(status);
            return;
        }
        stats.accepted(bio);
        final long offset = bio.sector() << Bio.SECTOR_SHIFT;
        switch (bio.op())
        {
            case READ:
                if (bio.data() != null)
                {
                    readAt(offset, bio.data(), bio.dataOffset(), bio.bytes());
                }
                break;
            case WRITE:
                if (bio.data() != null && !writeAt(offset, bio.data(), bio.dataOffset(), bio.bytes()))
                {
                    bio.complete(BlkStatus.RESOURCE);
                    return;
                }
                break;
            case DISCARD:
                zeroAt(offset, bio.bytes());
                break;
            default:
                break;   // FLUSH: nothing is volatile here
        }
        bio.complete(BlkStatus.OK);
    }

    // ---- direct accessors for tests, crash tooling and other devices (not through bios) ----

    /** Copy {@code sectors} sectors starting at {@code sector} into a new array. */
    public byte[] readBytes(final long sector, final int sectors)
    {
        requireRange(sector, sectors);
        final byte[] out = new byte[sectors << Bio.SECTOR_SHIFT];
        readAt(sector << Bio.SECTOR_SHIFT, ByteBuffer.wrap(out), 0, out.length);
        return out;
    }

    /** Write {@code data} (a whole number of sectors) at {@code sector}. */
    public void writeBytes(final long sector, final byte[] data)
    {
        if ((data.length & (Bio.SECTOR_SIZE - 1)) != 0)
        {
            throw new IllegalArgumentException("not a whole number of sectors: " + data.length + " bytes");
        }
        write(sector, ByteBuffer.wrap(data), 0, data.length >>> Bio.SECTOR_SHIFT);
    }

    /**
     * Write {@code sectors} sectors from {@code src} at byte {@code srcOffset} (absolute access) at {@code sector}.
     *
     * @throws IllegalStateException when a page cannot be allocated (see the class comment)
     */
    public void write(final long sector, final ByteBuffer src, final int srcOffset, final int sectors)
    {
        requireRange(sector, sectors);
        if (!writeAt(sector << Bio.SECTOR_SHIFT, src, srcOffset, (long) sectors << Bio.SECTOR_SHIFT))
        {
            throw new IllegalStateException(outOfMemory());
        }
    }

    /** The one-line reason a write failed for want of a page. */
    private String outOfMemory()
    {
        return "memory device " + name + ": out of direct memory for its pages (" + allocatedBytes()
            + " bytes allocated); raise -XX:MaxDirectMemorySize";
    }

    /** Read {@code sectors} sectors at {@code sector} into {@code dst} at byte {@code dstOffset} (absolute access). */
    public void read(final long sector, final ByteBuffer dst, final int dstOffset, final int sectors)
    {
        requireRange(sector, sectors);
        readAt(sector << Bio.SECTOR_SHIFT, dst, dstOffset, (long) sectors << Bio.SECTOR_SHIFT);
    }

    /** Zero {@code sectors} sectors at {@code sector}. */
    public void zero(final long sector, final long sectors)
    {
        requireRange(sector, sectors);
        zeroAt(sector << Bio.SECTOR_SHIFT, sectors << Bio.SECTOR_SHIFT);
    }

    /**
     * A new device with the same geometry and a copy of this one's content. Not atomic against
     * concurrent writes: quiesce the device first for an exact image.
     */
    public MemoryDevice copy(final String newName)
    {
        final MemoryDevice copy = new MemoryDevice(newName, sizeSectors, logicalBlockSize);
        copyTo(copy);
        return copy;
    }

    /**
     * Make {@code target} (same size) hold exactly this device's content: pages written here are
     * copied, pages written only there are zeroed.
     */
    public void copyTo(final MemoryDevice target)
    {
        if (target.sizeSectors != sizeSectors)
        {
            throw new IllegalArgumentException("size differs: " + target.sizeSectors + " != " + sizeSectors);
        }
        final AtomicReferenceArray<AtomicReferenceArray<AtomicIntegerArray>> targetRoot = target.root;
        final AtomicReferenceArray<AtomicReferenceArray<AtomicIntegerArray>> r = root;
        for (int i = 0; i < r.length(); i++)
        {
            final AtomicReferenceArray<AtomicIntegerArray> mid = r.get(i);
            final AtomicReferenceArray<AtomicIntegerArray> targetMid = targetRoot.get(i);
            for (int j = 0; j < (1 << MID_BITS); j++)
            {
                final AtomicIntegerArray leaf = mid == null ? null : mid.get(j);
                final AtomicIntegerArray targetLeaf = targetMid == null ? null : targetMid.get(j);
                if (leaf == null && targetLeaf == null)
                {
                    continue;
                }
                for (int k = 0; k < (1 << LEAF_BITS); k++)
                {
                    final long page = ((long) i << (MID_BITS + LEAF_BITS)) | ((long) j << LEAF_BITS) | k;
                    final int id = leaf == null ? 0 : leaf.get(k);
                    if (id != 0)
                    {
                        final ByteBuffer slab = slab(id - 1);
                        if (!target.writeAt(page << PAGE_SHIFT, slab, slabOffset(id - 1), PAGE_SIZE))
                        {
                            throw new IllegalStateException(target.outOfMemory());
                        }
                    }
                    else if (targetLeaf != null && targetLeaf.get(k) != 0)
                    {
                        target.zeroAt(page << PAGE_SHIFT, PAGE_SIZE);
                    }
                }
            }
        }
    }

    /** True when both devices have the same size and every byte is equal. */
    public boolean contentEquals(final MemoryDevice other)
    {
        if (other.sizeSectors != sizeSectors)
        {
            return false;
        }
        return firstDifference(other) < 0;
    }

    /**
     * The first sector whose content differs from {@code other}'s (same size required), or -1.
     * Only pages written on either side are compared, so a large sparse device compares quickly.
     */
    public long firstDifference(final MemoryDevice other)
    {
        if (other.sizeSectors != sizeSectors)
        {
            throw new IllegalArgumentException("size differs: " + other.sizeSectors + " != " + sizeSectors);
        }
        final byte[] mine = new byte[PAGE_SIZE];
        final byte[] theirs = new byte[PAGE_SIZE];
        final ByteBuffer mineBuf = ByteBuffer.wrap(mine);
        final ByteBuffer theirsBuf = ByteBuffer.wrap(theirs);
        final AtomicReferenceArray<AtomicReferenceArray<AtomicIntegerArray>> r = root;
        final AtomicReferenceArray<AtomicReferenceArray<AtomicIntegerArray>> o = other.root;
        for (int i = 0; i < r.length(); i++)
        {
            final AtomicReferenceArray<AtomicIntegerArray> mid = r.get(i);
            final AtomicReferenceArray<AtomicIntegerArray> otherMid = o.get(i);
            for (int j = 0; j < (1 << MID_BITS); j++)
            {
                final AtomicIntegerArray leaf = mid == null ? null : mid.get(j);
                final AtomicIntegerArray otherLeaf = otherMid == null ? null : otherMid.get(j);
                if (leaf == null && otherLeaf == null)
                {
                    continue;
                }
                for (int k = 0; k < (1 << LEAF_BITS); k++)
                {
                    if ((leaf == null || leaf.get(k) == 0) && (otherLeaf == null || otherLeaf.get(k) == 0))
                    {
                        continue;
                    }
                    final long page = ((long) i << (MID_BITS + LEAF_BITS)) | ((long) j << LEAF_BITS) | k;
                    final long bytes = Math.min(PAGE_SIZE, (sizeSectors << Bio.SECTOR_SHIFT) - (page << PAGE_SHIFT));
                    readAt(page << PAGE_SHIFT, mineBuf, 0, bytes);
                    other.readAt(page << PAGE_SHIFT, theirsBuf, 0, bytes);
                    final int at = Arrays.mismatch(mine, 0, (int) bytes, theirs, 0, (int) bytes);
                    if (at >= 0)
                    {
                        return (page << (PAGE_SHIFT - Bio.SECTOR_SHIFT)) + (at >>> Bio.SECTOR_SHIFT);
                    }
                }
            }
        }
        return -1;
    }

    @Override
    public void close()
    {
        closed = true;
        synchronized (slabLock)
        {
            root = new AtomicReferenceArray<>(root.length());
            slabs = new AtomicReferenceArray<>(1);
            pagesInUse.set(0);
            nextPageId.set(0);
            spareCount = 0;
            hasSpare = false;
        }
    }

    @Override
    public String toString()
    {
        return "memory " + name + " " + sizeSectors + " sectors, " + allocatedBytes() + " bytes allocated";
    }

    // ---- data movement ----

    private void requireRange(final long sector, final long sectors)
    {
        if (sectors < 0 || sector < 0 || sector > sizeSectors - sectors)
        {
            throw new IllegalArgumentException("range " + sector + "+" + sectors + " outside device "
                + name + " of " + sizeSectors + " sectors");
        }
    }

    /** Copy {@code length} bytes at device byte {@code offset} into {@code dst} at {@code dstOffset}. */
    private void readAt(final long offset, final ByteBuffer dst, final int dstOffset, final long length)
    {
        long pos = offset;
        int at = dstOffset;
        long left = length;
        while (left > 0)
        {
            final int inPage = (int) (pos & PAGE_MASK);
            final int n = (int) Math.min(PAGE_SIZE - inPage, left);
            final int id = lookup(pos >>> PAGE_SHIFT);
            if (id < 0)
            {
                dst.put(at, ZEROS, inPage, n);
            }
            else
            {
                dst.put(at, slab(id), slabOffset(id) + inPage, n);
            }
            pos += n;
            at += n;
            left -= n;
        }
    }

    /**
     * Copy {@code length} bytes from {@code src} at {@code srcOffset} to device byte {@code offset}.
     * False when a page could not be allocated; the pages before it were written.
     */
    private boolean writeAt(final long offset, final ByteBuffer src, final int srcOffset, final long length)
    {
        long pos = offset;
        int at = srcOffset;
        long left = length;
        while (left > 0)
        {
            final int inPage = (int) (pos & PAGE_MASK);
            final int n = (int) Math.min(PAGE_SIZE - inPage, left);
            final long page = pos >>> PAGE_SHIFT;
            int id = lookup(page);
            if (id < 0)
            {
                if (isZero(src, at, n))
                {
                    // A never-written page already reads as these zeros: keep sharing the zero page.
                    // Against a concurrent first write of the same page this is as if it came first,
                    // which overlapping requests in flight allow.
                    pos += n;
                    at += n;
                    left -= n;
                    continue;
                }
                id = lookupOrAllocate(page);
                if (id < 0)
                {
                    return false;
                }
            }
            slab(id).put(slabOffset(id) + inPage, src, at, n);
            pos += n;
            at += n;
            left -= n;
        }
        return true;
    }

    /**
     * Whether {@code n} bytes of {@code src} at {@code at} are all zero: eight bytes a step (writes
     * are whole sectors); data that is not zero is usually told in the first step.
     */
    private static boolean isZero(final ByteBuffer src, final int at, final int n)
    {
        final int end = at + n;
        int i = at;
        for (; i + Long.BYTES <= end; i += Long.BYTES)
        {
            if (src.getLong(i) != 0)
            {
                return false;
            }
        }
        for (; i < end; i++)
        {
            if (src.get(i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    /** Zero {@code length} bytes at device byte {@code offset}; never-written pages stay unallocated. */
    private void zeroAt(final long offset, final long length)
    {
        long pos = offset;
        long left = length;
        while (left > 0)
        {
            final int inPage = (int) (pos & PAGE_MASK);
            final int n = (int) Math.min(PAGE_SIZE - inPage, left);
            final int id = lookup(pos >>> PAGE_SHIFT);
            if (id >= 0)
            {
                slab(id).put(slabOffset(id) + inPage, ZEROS, 0, n);
            }
            pos += n;
            left -= n;
        }
    }

    // ---- page table ----

    /** Page id of device page {@code page}, or -1 when it was never written. Any thread. */
    private int lookup(final long page)
    {
        final AtomicReferenceArray<AtomicIntegerArray> mid = root.get((int) (page >>> (MID_BITS + LEAF_BITS)));
        if (mid == null)
        {
            return -1;
        }
        final AtomicIntegerArray leaf = mid.getAcquire((int) (page >>> LEAF_BITS) & MID_MASK);
        if (leaf == null)
        {
            return -1;
        }
        return leaf.getAcquire((int) page & LEAF_MASK) - 1;
    }

    /** Page id of device page {@code page}, allocating it (zeroed) on first use, or -1 when no memory is left. Any thread. */
    private int lookupOrAllocate(final long page)
    {
        final AtomicReferenceArray<AtomicReferenceArray<AtomicIntegerArray>> r = root;
        final int i = (int) (page >>> (MID_BITS + LEAF_BITS));
        AtomicReferenceArray<AtomicIntegerArray> mid = r.get(i);
        if (mid == null)
        {
            final AtomicReferenceArray<AtomicIntegerArray> fresh = new AtomicReferenceArray<>(1 << MID_BITS);
            // CAS publishes the new node (volatile write); the loser adopts the winner's node.
            mid = r.compareAndSet(i, null, fresh) ? fresh : r.get(i);
        }
        final int j = (int) (page >>> LEAF_BITS) & MID_MASK;
        AtomicIntegerArray leaf = mid.getAcquire(j);
        if (leaf == null)
        {
            final AtomicIntegerArray fresh = new AtomicIntegerArray(1 << LEAF_BITS);
            leaf = mid.compareAndSet(j, null, fresh) ? fresh : mid.get(j);
        }
        final int k = (int) page & LEAF_MASK;
        final int existing = leaf.getAcquire(k);
        if (existing != 0)
        {
            return existing - 1;
        }
        final int id = allocatePage();
        if (id < 0)
        {
            return -1;
        }
        // CAS (volatile) publishes the page id after its slab was installed; readers use acquire.
        final int witness = leaf.compareAndExchange(k, 0, id + 1);
        if (witness == 0)
        {
            pagesInUse.incrementAndGet();
            return id;
        }
        giveBack(id);
        return witness - 1;
    }

    private int allocatePage()
    {
        if (hasSpare)
        {
            synchronized (slabLock)
            {
                if (spareCount > 0)
                {
                    final int id = spare[--spareCount];
                    hasSpare = spareCount > 0;
                    return id;
                }
            }
        }
        // The id is taken (CAS) only after its slab exists, so a slab that cannot be had costs no id.
        while (true)
        {
            final long id = nextPageId.get();
            if (id > Integer.MAX_VALUE)
            {
                throw new IllegalStateException("memory device " + name + " is out of page ids");
            }
            final int slabIndex = (int) (id >>> slabPageShift);
            final AtomicReferenceArray<ByteBuffer> s = slabs;
            if ((slabIndex >= s.length() || s.get(slabIndex) == null) && !installSlab(slabIndex))
            {
                return -1;
            }
            if (nextPageId.compareAndSet(id, id + 1))
            {
                return (int) id;
            }
        }
    }

    /** Make slab {@code slabIndex} exist; false when the direct memory for it cannot be reserved. */
    private boolean installSlab(final int slabIndex)
    {
        synchronized (slabLock)
        {
            AtomicReferenceArray<ByteBuffer> s = slabs;
            if (slabIndex >= s.length())
            {
                final AtomicReferenceArray<ByteBuffer> grown =
                    new AtomicReferenceArray<>(Math.max(slabIndex + 1, s.length() * 2));
                for (int n = 0; n < s.length(); n++)
                {
                    grown.set(n, s.get(n));
                }
                slabs = grown;   // volatile write publishes the copied slots
                s = grown;
            }
            if (s.get(slabIndex) == null)
            {
                try
                {
                    s.set(slabIndex, slabAllocator.apply(slabSize));
                }
                catch (final OutOfMemoryError e)
                {
                    // The direct-memory limit, after the reservation's own GC and retries: the heap
                    // is unaffected, and the write that wanted the page fails with ENOMEM.
                    return false;
                }
            }
            return true;
        }
    }

    private void giveBack(final int id)
    {
        synchronized (slabLock)
        {
            if (spareCount == spare.length)
            {
                spare = Arrays.copyOf(spare, spare.length * 2);
            }
            spare[spareCount++] = id;
            hasSpare = true;
        }
    }

    private ByteBuffer slab(final int id)
    {
        return slabs.get(id >>> slabPageShift);
    }

    private int slabOffset(final int id)
    {
        return (id & ((1 << slabPageShift) - 1)) << PAGE_SHIFT;
    }
}
