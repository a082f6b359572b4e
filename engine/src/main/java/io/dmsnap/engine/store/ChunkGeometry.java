package io.dmsnap.engine.store;

/**
 * The chunk geometry of an exception store: size, shift and mask, the three fields the kernel
 * keeps in {@code struct dm_exception_store} ({@code chunk_size}, {@code chunk_shift},
 * {@code chunk_mask}). The store owns the one copy; a snapshot reads it through its current store,
 * so a handover, which swaps the stores, swaps the geometry with them and nothing re-syncs.
 *
 * <p>Immutable: a store that changes its chunk size (reading the header, a handover destination
 * set to 0) replaces its geometry object, so a reader always sees three values that belong
 * together. A chunk size of 0 (transient store given 0, handover destination) has shift and
 * mask 0, as {@code dm_exception_store_set_chunk_size} leaves them.
 */
public final class ChunkGeometry
{
    /** No chunk size yet. */
    public static final ChunkGeometry NONE = new ChunkGeometry(0);

    private final int sectors;
    private final int shift;
    private final long mask;

    private ChunkGeometry(final int sectors)
    {
        this.sectors = sectors;
        this.shift = sectors == 0 ? 0 : Integer.numberOfTrailingZeros(sectors);
        this.mask = sectors == 0 ? 0 : sectors - 1L;
    }

    /** The geometry of a chunk of {@code sectors} (a power of two, or 0; validation is the caller's). */
    public static ChunkGeometry of(final int sectors)
    {
        return sectors == 0 ? NONE : new ChunkGeometry(sectors);
    }

    /** Chunk size in sectors; 0 while unknown. */
    public int sectors()
    {
        return sectors;
    }

    /** log2 of the chunk size: {@code sector >>> shift} is the chunk a sector lies in. */
    public int shift()
    {
        return shift;
    }

    /** Chunk size - 1: {@code sector & mask} is the offset within its chunk. */
    public long mask()
    {
        return mask;
    }

    @Override
    public String toString()
    {
        return "chunk " + sectors + " sectors";
    }
}
