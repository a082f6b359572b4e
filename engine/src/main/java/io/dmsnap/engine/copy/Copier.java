package io.dmsnap.engine.copy;

import io.dmsnap.engine.block.BlockDevice;

/**
 * A copier client ({@code struct dm_kcopyd_client}): asynchronous region copies between block
 * devices, zeroing, and deferred callbacks, with every callback of the client run on one thread.
 *
 * <p>Thread safety: {@link #copy}, {@link #zero}, {@link #prepareCallback} and {@link #doCallback}
 * may be called from any thread, including from a callback on the client's own thread. Callbacks
 * run on the client's thread in the order the jobs finished. {@link #close} is called once, by the
 * owner, after it stopped submitting.
 */
public interface Copier extends AutoCloseable
{
    /** Copy {@code count} sectors from {@code src} at {@code srcSector} to {@code dst} at {@code dstSector}. */
    void copy(BlockDevice src, long srcSector, long count, BlockDevice dst, long dstSector,
              CopyCallback callback, Object context);

    /** Write zeroes to {@code count} sectors of {@code dst} at {@code sector}. */
    void zero(BlockDevice dst, long sector, long count, CopyCallback callback, Object context);

    /**
     * Reserve a callback-only job up front ({@code dm_kcopyd_prepare_callback}); may block while
     * job memory is short. Pair with exactly one {@link #doCallback}.
     */
    PreparedCallback prepareCallback(CopyCallback callback, Object context);

    /**
     * Queue the prepared job's callback on the client's thread with the given errors
     * ({@code dm_kcopyd_do_callback}); callable from any context, never blocks.
     */
    void doCallback(PreparedCallback job, int readErr, long writeErr);

    /** True when the calling thread is this client's copier thread. */
    boolean isCopierThread();

    /** Jobs accepted and not yet called back (copies, zeroes and prepared callbacks). */
    long jobsInFlight();

    /** Highest {@link #jobsInFlight()} seen since the client was created. */
    long peakJobsInFlight();

    /** Wait for every outstanding job to be called back, then stop the thread and free the buffers. */
    @Override
    void close();

    /** A job reserved by {@link #prepareCallback}. Opaque to callers. */
    interface PreparedCallback
    {
    }
}
