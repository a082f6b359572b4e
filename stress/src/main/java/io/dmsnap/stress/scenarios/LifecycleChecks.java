package io.dmsnap.stress.scenarios;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.snap.Snapshot;
import io.dmsnap.stress.StressStack;
import io.dmsnap.stress.oracle.BlockPattern;

import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Small shared steps of the lifecycle scenarios: stamping and verifying 4 KiB pattern blocks
 * (block {@code b} lives at sector {@code 8 b}), counting exception records, and turning a failed
 * expectation into a violation the runner reports. Stateless; any thread.
 */
final class LifecycleChecks
{
    /** Sectors per pattern block. */
    static final int BLOCK_SECTORS = BlockPattern.BLOCK >>> 9;

    private LifecycleChecks()
    {
    }

    /** A failed oracle; the runner reports its message as the VIOLATED detail. */
    static final class Violation extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Violation(final String message)
        {
            super(message);
        }
    }

    /** An action that may throw (device-mapper control calls, waits). */
    @FunctionalInterface
    interface Step
    {
        void run() throws Exception;
    }

    static void check(final boolean condition, final Supplier<String> message)
    {
        if (!condition)
        {
            throw new Violation(message.get());
        }
    }

    static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new Violation(message);
        }
    }

    /** Run {@code step}, rethrowing checked exceptions unchecked (for actor bodies). */
    static Runnable unchecked(final Step step)
    {
        return () ->
        {
            try
            {
                step.run();
            }
            catch (final RuntimeException e)
            {
                throw e;
            }
            catch (final Exception e)
            {
                throw new IllegalStateException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
        };
    }

    /** Write pattern block {@code block} (version, writer) and require success. */
    static void stamp(final BlockDevice dev, final long block, final int version, final int writer)
    {
        final int st = StressStack.write(dev, block * BLOCK_SECTORS, BlockPattern.of(block, version, writer));
        check(st == BlkStatus.OK, () -> "write of block " + block + " to " + dev.name() + " failed: " + BlkStatus.name(st));
    }

    /** Stamp blocks {@code [0, blocks)} with {@code version}, writer 0. */
    static void fill(final BlockDevice dev, final int blocks, final int version)
    {
        for (int b = 0; b < blocks; b++)
        {
            stamp(dev, b, version, 0);
        }
    }

    /**
     * Compare blocks {@code [0, blocks)} of {@code dev} with {@code expected}; a violation names
     * the first block that differs and what it holds instead.
     */
    static void verify(final BlockDevice dev, final int blocks, final IntFunction<byte[]> expected, final String what)
    {
        for (int b = 0; b < blocks; b++)
        {
            final byte[] want = expected.apply(b);
            final byte[] got = StressStack.read(dev, (long) b * BLOCK_SECTORS, BlockPattern.BLOCK);
            if (!Arrays.equals(want, got))
            {
                throw new Violation(what + ": block " + b + " of " + dev.name() + " holds " + BlockPattern.describe(got)
                    + ", expected " + BlockPattern.describe(want));
            }
        }
    }

    /** {records, mappings} of a snapshot's complete table (only while it is idle). */
    static long[] records(final Snapshot s)
    {
        final long[] n = new long[2];
        s.forEachRecord((oldChunk, newChunk, extra) ->
        {
            n[0]++;
            n[1] += extra + 1;
        });
        return n;
    }
}
