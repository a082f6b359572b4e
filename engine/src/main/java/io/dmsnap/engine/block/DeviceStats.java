package io.dmsnap.engine.block;

import java.util.concurrent.atomic.LongAdder;

/**
 * I/O counters of one device: what it accepted, by operation, and what it refused.
 *
 * <p>Counters are {@link LongAdder}s so that many submitting threads do not contend on one cache
 * line; reading a counter sums its cells and is only exact when no I/O runs concurrently. A device
 * counts a bio once, when it accepts it in {@code submit}, before the I/O completes; a bio refused
 * by {@link BioChecks} counts only as an error.
 *
 * <p>A write carrying {@link Bio#REQ_PREFLUSH} counts as one flush and one write; an empty FLUSH
 * counts as one flush; {@link Bio#REQ_FUA} writes are also counted in {@link #fuaWrites()}.
 */
public final class DeviceStats
{
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder discards = new LongAdder();
    private final LongAdder flushes = new LongAdder();
    private final LongAdder fuaWrites = new LongAdder();
    private final LongAdder sectorsRead = new LongAdder();
    private final LongAdder sectorsWritten = new LongAdder();
    private final LongAdder sectorsDiscarded = new LongAdder();
    private final LongAdder errors = new LongAdder();

    /** Count an accepted bio. Any thread; allocates nothing. */
    public void accepted(final Bio bio)
    {
        if (bio.hasFlag(Bio.REQ_PREFLUSH) || bio.op() == BioOp.FLUSH)
        {
            flushes.increment();
        }
        switch (bio.op())
        {
            case READ:
                reads.increment();
                sectorsRead.add(bio.sectors());
                break;
            case WRITE:
                writes.increment();
                sectorsWritten.add(bio.sectors());
                if (bio.hasFlag(Bio.REQ_FUA))
                {
                    fuaWrites.increment();
                }
                break;
            case DISCARD:
                discards.increment();
                sectorsDiscarded.add(bio.sectors());
                break;
            default:
                break;
        }
    }

    /** Count a bio completed with an error status without being executed. */
    public void refused()
    {
        errors.increment();
    }

    public long reads()
    {
        return reads.sum();
    }

    public long writes()
    {
        return writes.sum();
    }

    public long discards()
    {
        return discards.sum();
    }

    /** Empty FLUSH bios plus writes with {@link Bio#REQ_PREFLUSH}. */
    public long flushes()
    {
        return flushes.sum();
    }

    public long fuaWrites()
    {
        return fuaWrites.sum();
    }

    public long sectorsRead()
    {
        return sectorsRead.sum();
    }

    public long sectorsWritten()
    {
        return sectorsWritten.sum();
    }

    public long sectorsDiscarded()
    {
        return sectorsDiscarded.sum();
    }

    /** Bios completed with an error because the device refused them (range, alignment, closed). */
    public long errors()
    {
        return errors.sum();
    }

    /** Reset every counter to zero; only exact when no I/O runs concurrently. */
    public void reset()
    {
        reads.reset();
        writes.reset();
        discards.reset();
        flushes.reset();
        fuaWrites.reset();
        sectorsRead.reset();
        sectorsWritten.reset();
        sectorsDiscarded.reset();
        errors.reset();
    }

    @Override
    public String toString()
    {
        return "reads=" + reads() + " (" + sectorsRead() + " sectors), writes=" + writes() + " ("
            + sectorsWritten() + " sectors, " + fuaWrites() + " FUA), discards=" + discards() + " ("
            + sectorsDiscarded() + " sectors), flushes=" + flushes() + ", errors=" + errors();
    }
}
