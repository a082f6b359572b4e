package io.dmsnap.engine.exception;

/**
 * The part of a pending exception that the pending table owns: its key and its link in a bucket
 * chain (the kernel embeds {@code struct dm_exception} in the pending exception the same way).
 *
 * <p>The link fields belong to the {@link PendingTable} implementation that holds the entry and
 * are guarded by the entry's bucket lock. An entry is registered with one table for its lifetime
 * (pooled pending exceptions are re-used with the same table).
 */
public abstract class PendingEntry
{
    /** The origin-side chunk this exception is for; set before insertion, fixed while inserted. */
    protected long oldChunk;

    /** Slot of this entry in its table's registry (off-heap table); -1 before registration. */
    int slot = -1;
    /** Next entry in the bucket chain as a registry slot (off-heap table); -1 at the end. */
    int nextSlot = -1;
    /** Next entry in the bucket chain (heap table). */
    PendingEntry nextEntry;

    public final long oldChunk()
    {
        return oldChunk;
    }
}
