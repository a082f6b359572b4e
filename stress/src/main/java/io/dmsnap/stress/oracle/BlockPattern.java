package io.dmsnap.stress.oracle;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The pattern stamper's block format (in the spirit of dmtest's pattern stomper): a 4 KiB block
 * whose every 16-byte slot carries the block number, a version and the writer id, so a block read
 * back says which write it came from. {@link #describe} decodes a block for error messages;
 * {@link #checksum} gives a CRC32C for compact comparisons.
 */
public final class BlockPattern
{
    public static final int BLOCK = 4096;

    private BlockPattern()
    {
    }

    public static byte[] of(final long block, final int version, final int writer)
    {
        final ByteBuffer b = ByteBuffer.allocate(BLOCK);
        for (int i = 0; i < BLOCK; i += 16)
        {
            b.putLong(i, block);
            b.putInt(i + 8, version);
            b.putInt(i + 12, writer ^ i);
        }
        return b.array();
    }

    /** "block B version V writer W" of the first slot, or "zeros"/"garbage". */
    public static String describe(final byte[] data)
    {
        if (data == null)
        {
            return "(read failed)";
        }
        final ByteBuffer b = ByteBuffer.wrap(data);
        boolean zero = true;
        for (final byte x : data)
        {
            if (x != 0)
            {
                zero = false;
                break;
            }
        }
        if (zero)
        {
            return "zeros";
        }
        return "block " + b.getLong(0) + " version " + b.getInt(8) + " writer " + b.getInt(12);
    }

    public static long checksum(final byte[] data)
    {
        final CRC32C crc = new CRC32C();
        crc.update(data);
        return crc.getValue();
    }
}
