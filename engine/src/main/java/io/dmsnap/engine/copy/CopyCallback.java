package io.dmsnap.engine.copy;

/**
 * Completion of a copier job. Always called by the thread holding the client's copier role (its
 * worker, or a submitter running a copy to completion), one callback at a time and in the order the
 * jobs finished (the kcopyd single-thread guarantee); it may submit new jobs to the same client.
 */
@FunctionalInterface
public interface CopyCallback
{
    /**
     * @param readErr  0, or 1 when reading the source failed (the writes were then skipped)
     * @param writeErr bitmask with bit {@code i} set when writing destination {@code i} failed
     * @param context  the context given with the job
     */
    void copyDone(int readErr, long writeErr, Object context);
}
