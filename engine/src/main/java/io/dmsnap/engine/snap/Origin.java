package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BlockDevice;

import java.util.ArrayList;

/**
 * One origin block device and the snapshots registered on it ({@code struct origin}), sorted by
 * chunk size, largest first; equal sizes keep their registration order ({@code __insert_snapshot}, 6d45d93e).
 * Guarded by {@code _origins_lock}: the list changes only under the write lock and is walked by
 * index under the read lock (no iterator, no allocation).
 */
final class Origin
{
    final BlockDevice bdev;
    final ArrayList<Snapshot> snapshots = new ArrayList<>(4);
    /**
     * The snapshot-merge target among {@link #snapshots}, or null: set and cleared under the write
     * lock, read under the read lock by every origin write (one plain field read).
     */
    Snapshot merging;

    Origin(final BlockDevice bdev)
    {
        this.bdev = bdev;
    }

    /** Insert before the first snapshot with a strictly smaller chunk size. */
    void insertSorted(final Snapshot s)
    {
        int i = 0;
        while (i < snapshots.size() && snapshots.get(i).chunkSize() >= s.chunkSize())
        {
            i++;
        }
        snapshots.add(i, s);
    }

    /** Smallest non-zero chunk size, starting from 2^31 (7e768532). */
    long minimumChunkSize()
    {
        long min = 1L << 31;
        for (int i = 0; i < snapshots.size(); i++)
        {
            final int cs = snapshots.get(i).chunkSize();
            if (cs != 0 && cs < min)
            {
                min = cs;
            }
        }
        return min;
    }
}
