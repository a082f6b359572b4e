package io.dmsnap.bench.fio;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Fills blocks with self-describing data and checks them when read back.
 *
 * <p>Layout of a block of {@code length} bytes (a multiple of 512), in the buffers' byte order
 * (every worker buffer has the same order, so writer and checker agree):
 * <pre>
 *   [0, 8)   magic
 *   [8, 16)  the block's byte offset on the device
 *   [16, 24) generation: the writer's write counter, from 1
 *   [24, 28) CRC32C of the block with this field taken out
 *   [28, 32) zero
 *   [32, length) pattern: 64-bit words derived from offset, generation and word index
 * </pre>
 * {@link VerifyMode#CRC32C} checks the checksum, {@link VerifyMode#PATTERN} compares the pattern;
 * both check magic and offset first, so a block read from the wrong place or never written is
 * told apart from a corrupted one.
 *
 * <p>Allocates nothing per call. Changes the buffer's position and limit while checksumming and
 * clears them afterwards (bios use absolute accessors, so this is invisible to devices). Thread
 * safety: none; one worker owns an instance and calls it only for buffers it owns.
 */
final class BlockVerifier
{
    static final long MAGIC = 0x444D534E41505631L;   // "DMSNAPV1"
    static final int OK = 0;
    static final int NEVER_WRITTEN = 1;
    static final int BAD_MAGIC = 2;
    static final int BAD_OFFSET = 3;
    static final int BAD_GENERATION = 4;
    static final int BAD_CHECKSUM = 5;
    static final int BAD_PATTERN = 6;

    private static final int OFFSET_AT = 8;
    private static final int GENERATION_AT = 16;
    private static final int CRC_AT = 24;
    private static final int PATTERN_AT = 32;

    private final VerifyMode mode;
    private final CRC32C crc = new CRC32C();
    /** Generation of the block last checked successfully. */
    private long lastGeneration;

    BlockVerifier(final VerifyMode mode)
    {
        this.mode = mode;
    }

    /** Write the header, pattern and checksum of the block at {@code deviceOffset} into buf[at, at + length). */
    void fill(final ByteBuffer buf, final int at, final int length, final long deviceOffset, final long generation)
    {
        buf.putLong(at, MAGIC);
        buf.putLong(at + OFFSET_AT, deviceOffset);
        buf.putLong(at + GENERATION_AT, generation);
        buf.putLong(at + CRC_AT, 0L);
        final long base = deviceOffset * 0x9E3779B97F4A7C15L + generation;
        for (int i = PATTERN_AT, word = 0; i < length; i += 8, word++)
        {
            buf.putLong(at + i, BlockSequence.mix64(base + word));
        }
        buf.putInt(at + CRC_AT, checksum(buf, at, length));
    }

    /**
     * Check the block read from {@code deviceOffset}; one of the status constants.
     *
     * @param maxGeneration the highest generation a valid block may carry (the writer's counter),
     *                      or {@code Long.MAX_VALUE} when another job wrote the data
     */
    int check(final ByteBuffer buf, final int at, final int length, final long deviceOffset, final long maxGeneration)
    {
        final long magic = buf.getLong(at);
        if (magic != MAGIC)
        {
            return magic == 0 && allZero(buf, at, length) ? NEVER_WRITTEN : BAD_MAGIC;
        }
        if (buf.getLong(at + OFFSET_AT) != deviceOffset)
        {
            return BAD_OFFSET;
        }
        final long generation = buf.getLong(at + GENERATION_AT);
        if (generation < 1 || generation > maxGeneration)
        {
            return BAD_GENERATION;
        }
        if (mode == VerifyMode.PATTERN)
        {
            final long base = deviceOffset * 0x9E3779B97F4A7C15L + generation;
            for (int i = PATTERN_AT, word = 0; i < length; i += 8, word++)
            {
                if (buf.getLong(at + i) != BlockSequence.mix64(base + word))
                {
                    return BAD_PATTERN;
                }
            }
        }
        else if (mode == VerifyMode.CRC32C && buf.getInt(at + CRC_AT) != checksum(buf, at, length))
        {
            return BAD_CHECKSUM;
        }
        lastGeneration = generation;
        return OK;
    }

    long lastGeneration()
    {
        return lastGeneration;
    }

    static String describe(final int status)
    {
        switch (status)
        {
            case OK: return "ok";
            case NEVER_WRITTEN: return "block was never written (all zeros)";
            case BAD_MAGIC: return "bad magic (not a verify block)";
            case BAD_OFFSET: return "block carries another offset";
            case BAD_GENERATION: return "generation out of range";
            case BAD_CHECKSUM: return "crc32c mismatch";
            case BAD_PATTERN: return "pattern mismatch";
            default: return "status " + status;
        }
    }

    /** CRC32C of buf[at, at + length) with the 4 checksum bytes skipped. */
    private int checksum(final ByteBuffer buf, final int at, final int length)
    {
        crc.reset();
        buf.limit(at + CRC_AT).position(at);
        crc.update(buf);
        buf.limit(at + length).position(at + CRC_AT + 4);
        crc.update(buf);
        buf.clear();
        return (int) crc.getValue();
    }

    private static boolean allZero(final ByteBuffer buf, final int at, final int length)
    {
        for (int i = 0; i < length; i += 8)
        {
            if (buf.getLong(at + i) != 0)
            {
                return false;
            }
        }
        return true;
    }
}
