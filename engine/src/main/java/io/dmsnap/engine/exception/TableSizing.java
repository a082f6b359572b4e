package io.dmsnap.engine.exception;

import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Switches.HashSizing;

/**
 * Hash table sizes chosen once in the snapshot constructor ({@code init_hash_tables}
 * and {@code calc_max_buckets}).
 */
public final class TableSizing
{
    /** Smallest table (8e87b9b8: a chunk larger than the device once gave 0 buckets). */
    public static final int MIN_BUCKETS = 64;

    private TableSizing()
    {
    }

    /**
     * Complete-table buckets: {@code n = sectors >> chunkShift}, the sectors being the COW size
     * ({@link HashSizing#COW_ONLY}) or {@code min(origin, COW)} ({@link HashSizing#MIN_ORIGIN_COW});
     * then {@code min(n, maxBuckets)}, at least 64, rounded down to a power of two.
     *
     * @param chunkShift the shift of the chunk size given in the table line (0 when it was 0)
     * @param maxBuckets {@link EngineConfig#maxBuckets()}: 262,144 or 131,072
     */
    public static int completeBuckets(final long cowSectors, final long originSectors, final int chunkShift,
                                      final HashSizing sizing, final int maxBuckets)
    {
        if (cowSectors < 0 || originSectors < 0 || chunkShift < 0 || chunkShift > 63 || maxBuckets < MIN_BUCKETS)
        {
            throw new IllegalArgumentException("bad sizing input: cow=" + cowSectors + " origin=" + originSectors
                + " chunkShift=" + chunkShift + " maxBuckets=" + maxBuckets);
        }
        final long sectors = sizing == HashSizing.MIN_ORIGIN_COW ? Math.min(originSectors, cowSectors) : cowSectors;
        long n = sectors >> chunkShift;
        n = Math.min(n, maxBuckets);
        n = Math.max(n, MIN_BUCKETS);
        return Integer.highestOneBit((int) n);
    }

    /** Complete-table buckets for {@code config}'s sizing switch and bucket-head limit. */
    public static int completeBuckets(final EngineConfig config, final long cowSectors, final long originSectors,
                                      final int chunkShift)
    {
        return completeBuckets(cowSectors, originSectors, chunkShift, config.hashSizing(), config.maxBuckets());
    }

    /** Pending-table buckets: {@code max(64, complete >> 3)}. */
    public static int pendingBuckets(final int completeBuckets)
    {
        return Math.max(MIN_BUCKETS, completeBuckets >> 3);
    }
}
