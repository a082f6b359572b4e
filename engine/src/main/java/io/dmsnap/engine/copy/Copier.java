package io.dmsnap.engine.copy;

import io.dmsnap.engine.block.BlockDevice;

/**
 * A copier client ({@code struct dm_kcopyd_client}): asynchronous region copies between block
 * devices, zeroing, and deferred callbacks, with the callbacks of the client never run
 * concurrently.
 *
 * <p>Thread safety: {@link #copy}, {@link #zero}, {@link #prepareCallback}, {@link #doCallback} and
 * {@link #tryCopyHere} may be called from any thread, including from a callback. Callbacks run one
 * at a time, in the order the jobs finished, on the thread that holds the client's <i>copier
 * role</i>: the client's worker thread, or (only for a client that allows run-to-completion copies)
 * a submitter that took the role in {@link #tryCopyHere}. {@link #isCopierThread()} answers for the
 * role. {@link #close} is called once, by the owner, after it stopped submitting.
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

    /**
     * Run-to-completion copy of one piece ({@code count} at most the sub-job size): when this client
     * allows it and is idle (no job accepted and not called back) and {@code callerIdle} agrees, the
     * calling thread takes the copier role, performs the copy and runs {@code callback} itself, then
     * hands the role back; returns true. An I/O step that does not complete within the idle spin
     * budget is handed to the worker, which finishes the job as a queued one (still true). Returns
     * false, having done nothing, when the client does not allow it, is busy, or the role is held
     * (by the worker, another submitter, or this thread in a callback): the caller then queues the
     * copy with {@link #copy}. The caller must hold no lock its callback takes.
     *
     * @param callerIdle asked with the role held, so it may read state only callbacks write
     */
    boolean tryCopyHere(BlockDevice src, long srcSector, long count, BlockDevice dst, long dstSector,
                        CopyCallback callback, Object context, IdleCheck callerIdle);

    /**
     * {@link #doCallback}, or, when this client allows run-to-completion, the role is free, the
     * prepared job is the only one in flight and {@code callerIdle} agrees: run the callback on the
     * calling thread, holding the copier role, and return true. The caller must hold no lock its
     * callback takes, and must not be a device's completion context (the callback may block).
     */
    boolean doCallbackHere(PreparedCallback job, int readErr, long writeErr, IdleCheck callerIdle);

    /** True when the calling thread holds this client's copier role (runs its callbacks now or is its worker). */
    boolean isCopierThread();

    /** Jobs accepted and not yet called back (copies, zeroes and prepared callbacks). */
    long jobsInFlight();

    /** Highest {@link #jobsInFlight()} seen since the client was created. */
    long peakJobsInFlight();

    /** Wait for every outstanding job to be called back, then stop the thread and free the buffers. */
    @Override
    void close();

    /** The caller's own idea of idle for {@link #tryCopyHere}; asked with the copier role held. */
    @FunctionalInterface
    interface IdleCheck
    {
        boolean idle();
    }

    /** A job reserved by {@link #prepareCallback}. Opaque to callers. */
    interface PreparedCallback
    {
    }
}
