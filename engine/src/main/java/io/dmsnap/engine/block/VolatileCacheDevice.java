package io.dmsnap.engine.block;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A RAM device with a volatile write cache, for crash-consistency tests: reads always see the
 * newest data, but written data survives {@link #crash()} only once it is durable.
 *
 * <p>Durability: a completed write or discard is <em>dirty</em> until a FLUSH (or a write with
 * {@link Bio#REQ_PREFLUSH}) is executed, which makes every write that completed before it durable;
 * a write with {@link Bio#REQ_FUA} is durable when it completes (only that write). Since every bio
 * completes inline, "completed before the flush" means "executed before the flush took the
 * device lock". Dirty writes are written back in their completion order, so a later flush never
 * puts an older write on top of a newer FUA write.
 *
 * <p>{@link #crash()} forgets every dirty write; the device then shows its durable image.
 * {@link #crash(Random)} models a power loss during write-back: a random subset of the dirty
 * writes reaches the media first, in a random order.
 *
 * <p>Thread safety: every operation takes one device lock (this is a test device, built on two
 * {@link MemoryDevice}s and a list of dirty records); bios complete inline, outside the lock.
 */
public final class VolatileCacheDevice implements BlockDevice
{
    private final String name;
    private final long sizeSectors;
    private final int logicalBlockSize;
    private final DeviceStats stats = new DeviceStats();
    private final Object lock = new Object();
    /** The newest data, what reads see. Guarded by lock. */
    private final MemoryDevice cache;
    /** What survives a crash. Guarded by lock. */
    private final MemoryDevice durable;
    /** Completed, not yet durable writes in completion order. Guarded by lock. */
    private final ArrayList<Dirty> dirty = new ArrayList<>();
    private volatile boolean closed;

    public VolatileCacheDevice(final String name, final long sizeSectors, final int logicalBlockSize)
    {
        this.name = name;
        this.logicalBlockSize = BioChecks.requireLogicalBlockSize(logicalBlockSize);
        this.sizeSectors = BioChecks.requireSize(sizeSectors, logicalBlockSize);
        this.cache = new MemoryDevice(name + "-cache", sizeSectors, logicalBlockSize);
        this.durable = new MemoryDevice(name + "-durable", sizeSectors, logicalBlockSize);
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
        synchronized (lock)
        {
            if (bio.op() == BioOp.FLUSH || bio.hasFlag(Bio.REQ_PREFLUSH))
            {
                writeBack();
            }
            switch (bio.op())
            {
                case READ:
                    if (bio.data() != null)
                    {
                        cache.read(bio.sector(), bio.data(), bio.dataOffset(), bio.sectors());
                    }
                    break;
                case WRITE:
                    if (bio.data() != null)
                    {
                        final byte[] copy = new byte[(int) bio.bytes()];
                        bio.data().get(bio.dataOffset(), copy);
                        cached(new Dirty(bio.sector(), bio.sectors(), copy, bio.hasFlag(Bio.REQ_FUA)));
                    }
                    break;
                case DISCARD:
                    cached(new Dirty(bio.sector(), bio.sectors(), null, bio.hasFlag(Bio.REQ_FUA)));
                    break;
                default:
                    break;
            }
        }
        bio.complete(BlkStatus.OK);
    }

    /** Lose every write that is not durable; reads then see the durable image. */
    public void crash()
    {
        synchronized (lock)
        {
            dirty.clear();
            durable.copyTo(cache);
        }
    }

    /**
     * Power loss during write-back: each dirty write reaches the media with probability 1/2, then
     * {@link #crash()}. Survivors are applied in a random order, except that a FUA write (already
     * durable) is a barrier: survivors older than it are applied before it, never on top of it.
     */
    public void crash(final Random rnd)
    {
        synchronized (lock)
        {
            // Consecutive java.util.Random seeds start almost alike; a mixed generator decorrelates them.
            final SplittableRandom mixed = new SplittableRandom(rnd.nextLong());
            final ArrayList<Dirty> group = new ArrayList<>();
            for (final Dirty d : dirty)
            {
                if (d.fua)
                {
                    applyShuffled(group, mixed);
                    d.applyTo(durable);
                }
                else if (mixed.nextBoolean())
                {
                    group.add(d);
                }
            }
            applyShuffled(group, mixed);
            crash();
        }
    }

    private void applyShuffled(final ArrayList<Dirty> group, final SplittableRandom rnd)
    {
        for (int i = group.size() - 1; i > 0; i--)
        {
            Collections.swap(group, i, rnd.nextInt(i + 1));
        }
        for (final Dirty d : group)
        {
            d.applyTo(durable);
        }
        group.clear();
    }

    /** A copy of what would survive a crash now. */
    public MemoryDevice durableImage()
    {
        synchronized (lock)
        {
            return durable.copy(name + "-durable-image");
        }
    }

    /** A copy of what reads see now. */
    public MemoryDevice currentImage()
    {
        synchronized (lock)
        {
            return cache.copy(name + "-current-image");
        }
    }

    /** Writes and discards completed but not durable yet. */
    public int dirtyWrites()
    {
        synchronized (lock)
        {
            return dirty.size();
        }
    }

    @Override
    public void close()
    {
        closed = true;
        synchronized (lock)
        {
            dirty.clear();
            cache.close();
            durable.close();
        }
    }

    @Override
    public String toString()
    {
        return "volatile-cache " + name + " " + sizeSectors + " sectors, " + dirtyWrites() + " dirty writes";
    }

    /** Lock held: a write completed into the cache; FUA also writes it through. */
    private void cached(final Dirty write)
    {
        write.applyTo(cache);
        // A FUA write stays in the dirty list too: a later write-back re-applies the older dirty
        // writes in order, and this one after them, so the older ones cannot end up on top.
        dirty.add(write);
        if (write.fua)
        {
            write.applyTo(durable);
        }
    }

    /** Lock held: make every completed write durable, in completion order. */
    private void writeBack()
    {
        for (final Dirty d : dirty)
        {
            d.applyTo(durable);
        }
        dirty.clear();
    }

    /** A cached write (data) or discard (data == null). */
    private static final class Dirty
    {
        final long sector;
        final int sectors;
        final byte[] data;
        final boolean fua;

        Dirty(final long sector, final int sectors, final byte[] data, final boolean fua)
        {
            this.sector = sector;
            this.sectors = sectors;
            this.data = data;
            this.fua = fua;
        }

        void applyTo(final MemoryDevice device)
        {
            if (data == null)
            {
                device.zero(sector, sectors);
            }
            else
            {
                device.write(sector, ByteBuffer.wrap(data), 0, sectors);
            }
        }
    }
}
