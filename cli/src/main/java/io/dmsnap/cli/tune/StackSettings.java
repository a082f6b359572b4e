package io.dmsnap.cli.tune;

import io.dmsnap.bench.stack.ManySnapshotsStack;
import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.DeviceProfile;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DmException;

/**
 * The stack every sample of a sweep builds afresh: an origin of {@code originBytes} with
 * {@code snapshots} snapshots on stores of kind {@code store}, timed by the two profiles.
 */
public record StackSettings(long originBytes, int snapshots, String store, DeviceProfile originProfile,
                            DeviceProfile cowProfile)
{
    public StackSettings
    {
        if (snapshots < 1)
        {
            throw new IllegalArgumentException("--snapshots must be at least 1, got " + snapshots);
        }
    }

    /** A fresh stack for one sample. */
    public ManySnapshotsStack build(final EngineConfig config, final int chunkSectors)
    {
        try
        {
            return new ManySnapshotsStack(config, originBytes >>> Bio.SECTOR_SHIFT, snapshots, store, chunkSectors,
                originProfile, cowProfile);
        }
        catch (final DmException e)
        {
            throw new IllegalArgumentException("cannot build the stack (" + snapshots + " snapshots, chunk "
                + (chunkSectors << Bio.SECTOR_SHIFT) + " bytes, store " + store + "): " + e.getMessage(), e);
        }
    }

    public String describe()
    {
        return snapshots + " snapshot" + (snapshots == 1 ? "" : "s") + " of a " + Units.size(originBytes) + " origin, store "
            + store + ", origin device " + originProfile.label() + ", COW devices " + cowProfile.label();
    }
}
