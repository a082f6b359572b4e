package io.dmsnap.stress.oracle;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.SyncIo;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * The pattern stamper and verifier: writes {@link BlockPattern} blocks (block number, version,
 * writer) through any device and checks what a device holds against what it must hold, naming
 * every mismatching block with what was found and what was expected.
 *
 * <p>Expectations are packed into one long per block ({@link #expect}): version in the high
 * 32 bits, writer in the low 32 bits, so a shadow model can keep them in plain long arrays.
 * Stateless apart from its buffer: one instance per thread.
 */
public final class PatternOracle
{
    /** Blocks per sector run: a {@link BlockPattern#BLOCK} block is this many sectors. */
    public static final int SECTORS_PER_BLOCK = BlockPattern.BLOCK >>> Bio.SECTOR_SHIFT;

    private final ByteBuffer buf = ByteBuffer.allocateDirect(BlockPattern.BLOCK);
    private final byte[] bytes = new byte[BlockPattern.BLOCK];

    /** Pack a (version, writer) expectation. */
    public static long expect(final int version, final int writer)
    {
        return ((long) version << 32) | (writer & 0xFFFF_FFFFL);
    }

    public static int version(final long expectation)
    {
        return (int) (expectation >>> 32);
    }

    public static int writer(final long expectation)
    {
        return (int) expectation;
    }

    /** The block {@code block} must hold for {@code expectation}. */
    public static byte[] pattern(final long block, final long expectation)
    {
        return BlockPattern.of(block, version(expectation), writer(expectation));
    }

    /** Fill blocks {@code [0, blocks)} of a memory device with version 0, writer 0, bypassing any stack. */
    public static void stampInitial(final MemoryDevice dev, final long blocks)
    {
        for (long b = 0; b < blocks; b++)
        {
            dev.writeBytes(b * SECTORS_PER_BLOCK, BlockPattern.of(b, 0, 0));
        }
    }

    /** Write block {@code block} of {@code dev} with the pattern of {@code expectation}; returns the status. */
    public int stamp(final BlockDevice dev, final long block, final long expectation)
    {
        buf.clear();
        buf.put(0, pattern(block, expectation));
        return SyncIo.write(dev, block * SECTORS_PER_BLOCK, buf);
    }

    /**
     * Read block {@code block} of {@code dev} and compare; returns null when it holds one of the
     * accepted expectations, else a line naming the device, block, what was found and what was expected.
     */
    public String check(final BlockDevice dev, final long block, final long... accepted)
    {
        buf.clear();
        final int st = SyncIo.read(dev, block * SECTORS_PER_BLOCK, buf);
        if (st != BlkStatus.OK)
        {
            return dev.name() + " block " + block + ": read failed with " + BlkStatus.name(st);
        }
        buf.get(0, bytes);
        return compare(dev.name(), block, bytes, accepted);
    }

    /** The expectation {@code data} matches among {@code accepted}, or -1 when none. */
    public static long matching(final long block, final byte[] data, final long... accepted)
    {
        for (final long e : accepted)
        {
            if (Arrays.equals(pattern(block, e), data))
            {
                return e;
            }
        }
        return -1;
    }

    /** Read the block last {@link #check}ed (valid until the next call). */
    public byte[] lastRead()
    {
        return bytes;
    }

    static String compare(final String device, final long block, final byte[] data, final long... accepted)
    {
        if (matching(block, data, accepted) != -1)
        {
            return null;
        }
        final StringBuilder want = new StringBuilder();
        for (final long e : accepted)
        {
            want.append(want.length() == 0 ? "" : " or ").append("version ").append(version(e))
                .append(" writer ").append(writer(e));
        }
        return device + " block " + block + ": found " + BlockPattern.describe(data) + ", expected " + want;
    }

    /**
     * Verify blocks {@code [from, to)} of {@code dev} against {@code expected(block)}; returns every
     * mismatch (empty when the device holds what it must).
     */
    public List<String> verify(final BlockDevice dev, final long from, final long to, final LongUnaryOperator expected)
    {
        final List<String> mismatches = new ArrayList<>();
        for (long b = from; b < to; b++)
        {
            final String m = check(dev, b, expected.applyAsLong(b));
            if (m != null)
            {
                mismatches.add(m);
            }
        }
        return mismatches;
    }
}
