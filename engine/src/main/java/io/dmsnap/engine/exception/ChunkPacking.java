package io.dmsnap.engine.exception;

/**
 * The packed {@code new_chunk} word of an exception record ({@code dm_chunk_number}, {@code dm_consecutive_chunk_count}): bits 0..55 hold the chunk
 * number on the COW device, bits 56..63 the count {@code k} of additional consecutive chunks. A
 * record with count {@code k} maps {@code old + i -> number + i} for {@code i = 0..k}.
 */
public final class ChunkPacking
{
    /** Bits of the COW chunk number. */
    public static final int CHUNK_NUMBER_BITS = 56;
    /** Bits of the consecutive count. */
    public static final int CONSECUTIVE_BITS = 8;
    /** Largest consecutive count: one record covers at most 256 chunks. */
    public static final int MAX_CONSECUTIVE = (1 << CONSECUTIVE_BITS) - 1;
    /** Mask of the chunk number bits. */
    public static final long CHUNK_NUMBER_MASK = (1L << CHUNK_NUMBER_BITS) - 1;
    /** Adding this to a packed word adds one to its count. */
    public static final long ONE_CONSECUTIVE = 1L << CHUNK_NUMBER_BITS;

    private ChunkPacking()
    {
    }

    /** Pack a chunk number (only its low 56 bits are kept) and a count in 0..255. */
    public static long pack(final long chunkNumber, final int consecutive)
    {
        if (consecutive < 0 || consecutive > MAX_CONSECUTIVE)
        {
            throw new IllegalArgumentException("consecutive count must be in 0.." + MAX_CONSECUTIVE + ", got "
                + consecutive);
        }
        return ((long) consecutive << CHUNK_NUMBER_BITS) | (chunkNumber & CHUNK_NUMBER_MASK);
    }

    /** The COW chunk number of a packed word. */
    public static long chunkNumber(final long packed)
    {
        return packed & CHUNK_NUMBER_MASK;
    }

    /** The count of additional consecutive chunks of a packed word. */
    public static int consecutive(final long packed)
    {
        return (int) (packed >>> CHUNK_NUMBER_BITS);
    }
}
