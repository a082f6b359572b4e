package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.Errno;

/**
 * The 65fc7c37 order: insert the complete record first (state B to C), so new snapshot reads of
 * the chunk go to the COW at once; wait for the reads already sent to the origin with no lock
 * held; then remove the pending record (C to D). Origin writes arriving meanwhile find the pending
 * record first and queue on it, so they are held until the old reads are done.
 */
final class InsertWaitRemove implements PendingCompletion
{
    @Override
    public void pendingComplete(final PendingException pe, final boolean success)
    {
        final Snapshot s = pe.snap;
        final ChunkLocking locking = s.locking;
        final long chunk = pe.oldChunk();
        boolean error = false;
        if (!success)
        {
            s.invalidate(Errno.EIO);
            error = true;
            locking.lockBuckets(chunk);
        }
        else
        {
            locking.lockChunk(chunk);
            if (!s.valid)
            {
                locking.releaseStateKeepBuckets();
                error = true;
            }
            else if (!s.complete.insert(chunk, pe.newChunk))
            {
                // No memory for the record: invalidating needs the state lock exclusively.
                locking.unlockChunk(chunk);
                s.invalidate(Errno.ENOMEM);
                error = true;
                locking.lockBuckets(chunk);
            }
            else
            {
                locking.releaseStateKeepBuckets();   // B -> C: reads of this chunk now go to the COW
                if (s.tracked.isTracked(chunk))
                {
                    locking.unlockBuckets(chunk);
                    s.tracked.waitForConflictingIo(chunk);
                    locking.lockBuckets(chunk);
                }
            }
        }
        s.pending.remove(pe);   // C -> D, or B -> A on error
        locking.unlockBuckets(chunk);
        s.releaseBios(pe, error);
    }
}
