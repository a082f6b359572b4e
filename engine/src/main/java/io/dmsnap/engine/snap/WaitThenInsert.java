package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.Errno;

/**
 * The order before 65fc7c37: take the snapshot lock exclusively, wait for conflicting reads while
 * holding it (every other I/O on the snapshot stalls meanwhile), then insert the complete record
 * and remove the pending one together. State C never exists.
 */
final class WaitThenInsert implements PendingCompletion
{
    @Override
    public void pendingComplete(final PendingException pe, final boolean success)
    {
        final Snapshot s = pe.snap;
        final long chunk = pe.oldChunk();
        boolean error = false;
        s.locking.lockExclusive();
        if (!success)
        {
            s.invalidateLocked(Errno.EIO);
            error = true;
        }
        else if (!s.valid)
        {
            error = true;
        }
        else
        {
            s.tracked.waitForConflictingIo(chunk);   // with the lock held: the historic stall
            if (!s.complete.insert(chunk, pe.newChunk))
            {
                s.invalidateLocked(Errno.ENOMEM);
                error = true;
            }
        }
        s.pending.remove(pe);
        s.locking.unlockExclusive();
        s.releaseBios(pe, error);
    }
}
