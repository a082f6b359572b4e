package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.config.Switches.SplitBoundary;
import io.dmsnap.engine.dm.DeviceArea;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.DmMapResult;
import io.dmsnap.engine.dm.DmTarget;
import io.dmsnap.engine.dm.StatusType;
import io.dmsnap.engine.dm.Target;

/**
 * The {@code snapshot-origin} target ({@code origin_ctr}, {@code origin_map}, {@code origin_resume}): reads and flushes go straight to the origin
 * device; writes first make sure every active snapshot has its copy of the chunk.
 *
 * <p>Writes are accepted only up to the next multiple of {@code splitBoundary}, the smallest chunk
 * size of the origin's snapshots, so that each write lies inside one chunk of every snapshot.
 * The boundary is computed at resume only, as in the kernel: a snapshot with a smaller chunk added
 * later takes effect after the origin is suspended and resumed. Reads are never split (298eaa89).
 */
public final class OriginTarget implements Target
{
    private final Origins origins;
    final DmTarget ti;
    final BlockDevice originDev;
    private volatile long splitBoundary = 1L << 31;   // written at resume, read by every write
    private final boolean recomputeAtResume;          // false only for the STALE variant (switch splitBoundary)

    OriginTarget(final Origins origins, final DmTarget ti, final String[] args) throws DmException
    {
        if (args.length != 1)
        {
            throw logged(origins, "origin: incorrect number of arguments");
        }
        this.origins = origins;
        this.ti = ti;
        this.recomputeAtResume = origins.dm.config().splitBoundary() == SplitBoundary.AT_RESUME;
        try
        {
            this.originDev = ti.getDevice(args[0]);
        }
        catch (final DmException e)
        {
            throw logged(origins, "Cannot get target device");
        }
        ti.numFlushBios(1);
        // origin_ctr sets no num_discard_bios: the origin advertises no discard support, whatever
        // its device does, and dm core fails a discard to it as not supported. A discard passed
        // through would need the copy-on-write of every snapshot, the opposite of what it asks.
        ti.numDiscardBios(0);
    }

    private static DmException logged(final Origins origins, final String message)
    {
        origins.log.err("snapshot-origin: " + message);
        return new DmException(message);
    }

    @Override
    public int acceptLength(final Bio bio)
    {
        if (!bio.op().isWriteDirection())
        {
            return bio.sectors();
        }
        final long b = splitBoundary;
        final long room = b - (bio.sector() & (b - 1));
        return (int) Math.min(room, bio.sectors());
    }

    @Override
    public int map(final Bio bio)
    {
        bio.device(originDev);
        if (!bio.op().isWriteDirection() || bio.op() == BioOp.FLUSH)
        {
            return DmMapResult.REMAPPED;
        }
        return origins.doOrigin(bio, true);
    }

    @Override
    public void resume()
    {
        if (recomputeAtResume)
        {
            origins.read.lock();
            try
            {
                splitBoundary = origins.minimumChunkSize(originDev);
            }
            finally
            {
                origins.read.unlock();
            }
        }
        origins.registerOriginTarget(this);
    }

    @Override
    public void postsuspend()
    {
        origins.unregisterOriginTarget(this);
    }

    @Override
    public void destroy()
    {
        origins.unregisterOriginTarget(this);
    }

    /** The origin device from sector 0, for the target's length ({@code origin_iterate_devices}). */
    @Override
    public void iterateDevices(final DeviceArea fn) throws DmException
    {
        fn.visit(originDev, 0, ti.length());
    }

    /** TABLE: the origin device; INFO and IMA: nothing ({@code origin_status} measures nothing for IMA). */
    @Override
    public String status(final StatusType type)
    {
        return type == StatusType.TABLE ? originDev.name() : "";
    }

    /** The boundary writes are split at, as computed at the last resume (sectors). */
    public long splitBoundary()
    {
        return splitBoundary;
    }
}
