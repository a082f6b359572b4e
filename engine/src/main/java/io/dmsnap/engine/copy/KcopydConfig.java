package io.dmsnap.engine.copy;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.config.ModuleParameter;

import java.util.concurrent.ThreadFactory;

/**
 * Tunables of one {@link Kcopyd} client.
 *
 * @param subJobSectors   size of one piece of a split job in sectors ({@code kcopyd_subjob_size_kb}
 *                        x 2; default 1,024 = 512 KiB, at most 2,048 = 1 MiB); jobs up to this size run
 *                        whole. Fixed for the client's life: the kernel reads the parameter when a
 *                        client is created ({@link #subJobSectorsForKb})
 * @param bufferPoolBytes the bound on the model's real copy buffers; a copy that finds it used up waits
 *                        on the worker for a copy to finish. It never blocks a submitter and does not
 *                        change what {@link CopierMemory} accounts. Must hold at least one whole piece.
 * @param threadFactory   makes the copier thread, or null for a plain daemon thread; the thread is
 *                        renamed {@code kcopyd/<name>} either way
 * @param throttle        the I/O throttle record this client shares with others
 *                        ({@code snapshot_copy_throttle}), or null for none (the kernel's NULL record)
 * @param memory          the account the client's memory is counted in (shared by every client of a
 *                        module), or null for an account of its own
 * @param runToCompletion whether a submitter may take the copier role and run an idle client's copy
 *                        and callback on its own thread ({@link Copier#tryCopyHere}); false keeps every
 *                        callback on the worker, as the kernel's kcopyd
 */
public record KcopydConfig(int subJobSectors, long bufferPoolBytes, ThreadFactory threadFactory,
                           KcopydThrottle throttle, CopierMemory memory, boolean runToCompletion)
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

    /** Without a throttle, with an account of its own, callbacks on the worker only. */
    public KcopydConfig(final int subJobSectors, final long bufferPoolBytes, final ThreadFactory threadFactory)
    {
        this(subJobSectors, bufferPoolBytes, threadFactory, null, null, false);
    }

    public static KcopydConfig defaults()
    {
        return new KcopydConfig(DEFAULT_SUB_JOB_SECTORS, DEFAULT_BUFFER_POOL_BYTES, null);
    }

    /**
     * The piece size in sectors for {@code kcopyd_subjob_size_kb = kb}: 0 means the default
     * (512 KiB), 1..1024 KiB are taken as given.
     *
     * @throws IllegalArgumentException for a negative size or one above 1,024 KiB
     */
    public static int subJobSectorsForKb(final long kb)
    {
        return ModuleParameter.SUB_JOB_SIZE_KB.check(kb) * 2;
    }

    public KcopydConfig withSubJobSectors(final int sectors)
    {
        return new KcopydConfig(sectors, bufferPoolBytes, threadFactory, throttle, memory, runToCompletion);
    }

    /** Pieces of {@code kb} KiB, validated as the module parameter ({@link #subJobSectorsForKb}). */
    public KcopydConfig withSubJobSizeKb(final int kb)
    {
        return withSubJobSectors(subJobSectorsForKb(kb));
    }

    public KcopydConfig withBufferPoolBytes(final long bytes)
    {
        return new KcopydConfig(subJobSectors, bytes, threadFactory, throttle, memory, runToCompletion);
    }

    public KcopydConfig withThrottle(final KcopydThrottle shared)
    {
        return new KcopydConfig(subJobSectors, bufferPoolBytes, threadFactory, shared, memory, runToCompletion);
    }

    public KcopydConfig withMemory(final CopierMemory account)
    {
        return new KcopydConfig(subJobSectors, bufferPoolBytes, threadFactory, throttle, account, runToCompletion);
    }

    /** The same client with run-to-completion copies allowed or not ({@link #runToCompletion()}). */
    public KcopydConfig withRunToCompletion(final boolean allowed)
    {
        return new KcopydConfig(subJobSectors, bufferPoolBytes, threadFactory, throttle, memory, allowed);
    }
}
