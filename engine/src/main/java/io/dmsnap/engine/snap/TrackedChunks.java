package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.concurrent.LockClass;
import io.dmsnap.engine.concurrent.SpinLock;

import java.util.concurrent.locks.LockSupport;

/**
 * Bios in flight on the origin that a pending exception must wait for ({@code track_chunk}, {@code __check_for_conflicting_io}; a8d41b59, cd45daff): snapshot reads
 * of not-yet-copied chunks and passdown discards. 16 buckets by {@code chunk & 15}; each tracked
 * bio is its own list node (fields in {@link Bio}), so tracking allocates nothing.
 *
 * <p>Locking: {@code tracked_chunk_lock} (a spin lock) guards the buckets and the nodes' links.
 * {@link #track} is called inside the snapshot's bucket critical section, which is what makes a
 * read that chose the origin visible to {@code pending_complete} before it can decide the chunk
 * has no readers (the order of {@code snapshot_map} and {@code pending_complete} since 3f1637f2).
 *
 * <p>Waiting for a chunk to drain is a 1 ms sleep-poll (there is no wait queue in the kernel
 * either, and a CPU yield livelocked real-time threads, 90fa1527).
 */
final class TrackedChunks
{
    /** {@code tracked_chunk_lock}: a leaf under the bucket locks. */
    static final LockClass TRACKED_CHUNK_LOCK = LockClass.named("tracked_chunk_lock");

    private static final int BUCKETS = 16;
    private static final long POLL_NANOS = 1_000_000L;

    private final SpinLock lock = new SpinLock(TRACKED_CHUNK_LOCK);
    private final Bio[] heads = new Bio[BUCKETS];   // guarded by lock

    void track(final Bio bio, final long chunk)
    {
        final int b = (int) (chunk & (BUCKETS - 1));
        lock.lock();
        bio.trackedChunk = chunk;
        bio.trackedNext = heads[b];
        heads[b] = bio;
        lock.unlock();
    }

    /** Stop tracking {@code bio} if it is tracked; called from the bio's end_io. */
    void untrack(final Bio bio)
    {
        final long chunk = bio.trackedChunk;
        if (chunk < 0)
        {
            return;
        }
        final int b = (int) (chunk & (BUCKETS - 1));
        lock.lock();
        Bio prev = null;
        for (Bio cur = heads[b]; cur != null; prev = cur, cur = cur.trackedNext)
        {
            if (cur == bio)
            {
                if (prev == null)
                {
                    heads[b] = cur.trackedNext;
                }
                else
                {
                    prev.trackedNext = cur.trackedNext;
                }
                break;
            }
        }
        bio.trackedNext = null;
        bio.trackedChunk = -1;
        lock.unlock();
    }

    boolean isTracked(final long chunk)
    {
        final int b = (int) (chunk & (BUCKETS - 1));
        lock.lock();
        try
        {
            for (Bio cur = heads[b]; cur != null; cur = cur.trackedNext)
            {
                if (cur.trackedChunk == chunk)
                {
                    return true;
                }
            }
            return false;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Sleep-poll every millisecond until no bio is tracked for {@code chunk}. */
    void waitForConflictingIo(final long chunk)
    {
        while (isTracked(chunk))
        {
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Number of tracked bios now (diagnostics). */
    int count()
    {
        lock.lock();
        try
        {
            int n = 0;
            for (final Bio head : heads)
            {
                for (Bio cur = head; cur != null; cur = cur.trackedNext)
                {
                    n++;
                }
            }
            return n;
        }
        finally
        {
            lock.unlock();
        }
    }
}
