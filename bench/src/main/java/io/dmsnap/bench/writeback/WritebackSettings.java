package io.dmsnap.bench.writeback;

/**
 * What a {@link WritebackWorkload} writes and how the page cache it writes through behaves.
 *
 * <p>The writer is dmtest's {@code dt} pass over the origin: records of {@code recordBytes} (dt's
 * {@code bs=4M}) at random offsets chosen with a fixed seed ({@code rseed=1234}), buffered. It stops
 * after {@code amountBytes} or, when that is 0, after {@code durationNanos}; either way the run ends
 * when everything it wrote has reached the device (a sync). With bursts, the writer writes
 * {@code burstBytes}, pauses {@code burstGapNanos}, and so on.
 *
 * <p>The page cache is Linux's in outline: dirty pages count against {@code dirtyLimitBytes} together
 * with the pages under writeback ({@code vm.dirty_bytes}: the writer is paused at the limit), and the
 * flusher writes dirty pages back while more than {@code backgroundBytes} are dirty
 * ({@code vm.dirty_background_bytes}), submitting without waiting for completions.
 *
 * @param recordBytes     size of one write() of the writer; a multiple of {@link PageCache#PAGE_BYTES}
 * @param amountBytes     bytes the writer writes, or 0 to write for {@code durationNanos}
 * @param durationNanos   how long the writer writes when {@code amountBytes} is 0; else ignored (0)
 * @param dirtyLimitBytes dirty plus writeback bytes at which the writer is paused
 * @param backgroundBytes dirty bytes above which the flusher writes back; below the limit
 * @param burstBytes      bytes per burst, or 0 for one continuous stream
 * @param burstGapNanos   pause between bursts (with bursts)
 * @param seed            seed of the record offsets
 */
public record WritebackSettings(long recordBytes, long amountBytes, long durationNanos, long dirtyLimitBytes,
                                long backgroundBytes, long burstBytes, long burstGapNanos, long seed)
{
    /** dt's record size in dmtest's {@code dt_device}: {@code bs=4M}. */
    public static final long DT_RECORD_BYTES = 4L << 20;
    /** dmtest's {@code rseed=1234}. */
    public static final long DT_SEED = 1234;

    public WritebackSettings
    {
        final long page = PageCache.PAGE_BYTES;
        require(recordBytes >= page && recordBytes % page == 0, "record size must be a positive multiple of " + page
            + " bytes, got " + recordBytes);
        require(amountBytes >= 0, "amount must not be negative, got " + amountBytes);
        require(amountBytes > 0 || durationNanos > 0, "give an amount to write or a duration");
        require(amountBytes == 0 || amountBytes % page == 0, "amount must be a multiple of " + page + " bytes, got "
            + amountBytes);
        require(dirtyLimitBytes >= 2 * page, "dirty limit must be at least 2 pages (" + 2 * page + " bytes), got "
            + dirtyLimitBytes);
        require(backgroundBytes >= 0 && backgroundBytes < dirtyLimitBytes,
            "background threshold must be at least 0 and below the dirty limit " + dirtyLimitBytes + ", got " + backgroundBytes);
        require(burstBytes >= 0, "burst size must not be negative, got " + burstBytes);
        require(burstBytes == 0 || burstBytes % page == 0, "burst size must be a multiple of " + page + " bytes, got "
            + burstBytes);
        require(burstGapNanos >= 0, "burst gap must not be negative, got " + burstGapNanos);
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * dt's records, writing {@code amountBytes}, with the background threshold at half the dirty
     * limit (Linux's defaults are 10% and 20% of dirtyable memory), no bursts.
     */
    public static WritebackSettings dt(final long amountBytes, final long dirtyLimitBytes)
    {
        return new WritebackSettings(DT_RECORD_BYTES, amountBytes, 0, dirtyLimitBytes, dirtyLimitBytes / 2, 0, 0, DT_SEED);
    }

    public WritebackSettings withRecordBytes(final long bytes)
    {
        return new WritebackSettings(bytes, amountBytes, durationNanos, dirtyLimitBytes, backgroundBytes, burstBytes,
            burstGapNanos, seed);
    }

    public WritebackSettings withAmount(final long bytes)
    {
        return new WritebackSettings(recordBytes, bytes, 0, dirtyLimitBytes, backgroundBytes, burstBytes, burstGapNanos,
            seed);
    }

    public WritebackSettings withDuration(final long nanos)
    {
        return new WritebackSettings(recordBytes, 0, nanos, dirtyLimitBytes, backgroundBytes, burstBytes, burstGapNanos,
            seed);
    }

    public WritebackSettings withDirty(final long limitBytes, final long background)
    {
        return new WritebackSettings(recordBytes, amountBytes, durationNanos, limitBytes, background, burstBytes,
            burstGapNanos, seed);
    }

    public WritebackSettings withBursts(final long bytes, final long gapNanos)
    {
        return new WritebackSettings(recordBytes, amountBytes, durationNanos, dirtyLimitBytes, backgroundBytes, bytes,
            gapNanos, seed);
    }

    /** Whether the writer stops after an amount (else after a duration). */
    public boolean byAmount()
    {
        return amountBytes > 0;
    }
}
