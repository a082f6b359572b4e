package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;

/**
 * A built table ({@code struct dm_table}): the targets in sector order and the lookup from a
 * sector to its target. Immutable once built; published to submitters by the volatile write of
 * the device's live table, so its plain fields need no further ordering. The lifecycle methods
 * run on control threads only.
 */
final class DmTable
{
    private final DmTarget[] targets;
    /** Exclusive end sector of each target, ascending: the binary-search keys. */
    private final long[] ends;
    private final long length;
    private final int logicalBlockSize;

    DmTable(final DmTarget[] targets)
    {
        this.targets = targets;
        this.ends = new long[targets.length];
        int block = Bio.SECTOR_SIZE;
        for (int i = 0; i < targets.length; i++)
        {
            ends[i] = targets[i].begin() + targets[i].length();
            block = Math.max(block, targets[i].maxLogicalBlockSize());
        }
        this.length = targets.length == 0 ? 0 : ends[targets.length - 1];
        this.logicalBlockSize = block;
    }

    long length()
    {
        return length;
    }

    int logicalBlockSize()
    {
        return logicalBlockSize;
    }

    int size()
    {
        return targets.length;
    }

    DmTarget target(final int index)
    {
        return targets[index];
    }

    long end(final int index)
    {
        return ends[index];
    }

    /** Index of the target covering {@code sector}, which must be below {@link #length()}. */
    int find(final long sector)
    {
        int lo = 0;
        int hi = ends.length - 1;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (ends[mid] > sector)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return lo;
    }

    boolean supportsDiscard()
    {
        for (final DmTarget ti : targets)
        {
            if (ti.numDiscardBios > 0)
            {
                return true;
            }
        }
        return false;
    }

    void presuspend()
    {
        for (final DmTarget ti : targets)
        {
            ti.target().presuspend();
        }
    }

    void postsuspend()
    {
        for (final DmTarget ti : targets)
        {
            ti.target().postsuspend();
        }
    }

    /**
     * Preresume every target, then resume every target ({@code dm_table_resume_targets}). Stops at
     * the first preresume failure without resuming anything.
     */
    void resume(final DmLog log, final String device) throws DmException
    {
        for (final DmTarget ti : targets)
        {
            try
            {
                ti.target().preresume();
            }
            catch (final DmException e)
            {
                final String message = ti.type().name() + ": preresume failed: " + e.getMessage();
                log.err(device + ": " + message);
                throw new DmException(message, e.errno(), e.getMessage(), e);
            }
        }
        for (final DmTarget ti : targets)
        {
            ti.target().resume();
        }
    }

    /** Run every destructor in table order and close the devices the targets opened. */
    void destroy()
    {
        for (final DmTarget ti : targets)
        {
            ti.target().destroy();
            ti.putDevices();
        }
    }
}
