package io.dmsnap.engine.copy;

import io.dmsnap.engine.block.Bio;

import java.util.concurrent.ThreadFactory;

/**
 * Tunables of one {@link Kcopyd} client.
 *
 * @param subJobSectors   size of one piece of a split job in sectors ({@code kcopyd_subjob_size_kb};
 *                        default 1,024 = 512 KiB, at most 2,048 = 1 MiB); jobs up to this size run whole
 * @param bufferPoolBytes the bound on copy buffer memory; jobs that find it used up wait for a copy to
 *                        finish instead of allocating more. Must hold at least one whole piece.
 * @param threadFactory   makes the copier thread, or null for a plain daemon thread; the thread is
 *                        renamed {@code kcopyd/<name>} either way
 */
public record KcopydConfig(int subJobSectors, long bufferPoolBytes, ThreadFactory threadFactory)
{
    /** The kernel's default sub-job size: 512 KiB. */
    public static final int DEFAULT_SUB_JOB_SECTORS = 1024;
    /** The kernel's upper limit of the sub-job size: 1 MiB. */
    public static final int MAX_SUB_JOB_SECTORS = 2048;
    public static final long DEFAULT_BUFFER_POOL_BYTES = 16L << 20;
    /** The buffer arena is one direct buffer, so it is limited to what an int can index. */
    public static final long MAX_BUFFER_POOL_BYTES = 1L << 30;

    public KcopydConfig
    {
        if (subJobSectors < 1 || subJobSectors > MAX_SUB_JOB_SECTORS)
        {
            throw new IllegalArgumentException("subJobSectors must be in 1.." + MAX_SUB_JOB_SECTORS + ": "
                + subJobSectors);
        }
        final long minPool = CopyBufferPool.blockBytes(subJobSectors << Bio.SECTOR_SHIFT);
        if (bufferPoolBytes < minPool || bufferPoolBytes > MAX_BUFFER_POOL_BYTES)
        {
            throw new IllegalArgumentException("bufferPoolBytes must be in " + minPool + ".." + MAX_BUFFER_POOL_BYTES
                + " for " + subJobSectors + "-sector pieces: " + bufferPoolBytes);
        }
    }

    public static KcopydConfig defaults()
    {
        return new KcopydConfig(DEFAULT_SUB_JOB_SECTORS, DEFAULT_BUFFER_POOL_BYTES, null);
    }

    public KcopydConfig withSubJobSectors(final int sectors)
    {
        return new KcopydConfig(sectors, bufferPoolBytes, threadFactory);
    }

    public KcopydConfig withBufferPoolBytes(final long bytes)
    {
        return new KcopydConfig(subJobSectors, bytes, threadFactory);
    }

    public KcopydConfig withThreadFactory(final ThreadFactory factory)
    {
        return new KcopydConfig(subJobSectors, bufferPoolBytes, factory);
    }
}
