package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.config.TargetVersion;

import java.nio.ByteBuffer;

/**
 * The {@code zero} target (no arguments): reads return zeros, writes, discards and flushes
 * succeed and are dropped. Completes every bio inline on the submitting thread.
 */
public final class ZeroTarget implements Target
{
    /** Version 1.2.0, today's mainline {@code zero_target} ({@code dm-zero.c}); the same in every preset. */
    public static final TargetType TYPE = TargetType.of("zero", TargetVersion.of(1, 2, 0), ZeroTarget::construct);

    private ZeroTarget()
    {
    }

    private static Target construct(final DmTarget ti, final String[] args) throws DmException
    {
        if (args.length != 0)
        {
            throw new DmException("No arguments required");
        }
        ti.numDiscardBios(1);
        return new ZeroTarget();
    }

    @Override
    public int map(final Bio bio)
    {
        if (bio.op() == BioOp.READ && bio.data() != null)
        {
            zeroFill(bio.data(), bio.dataOffset(), bio.sectors() << Bio.SECTOR_SHIFT);
        }
        bio.complete(BlkStatus.OK);
        return DmMapResult.SUBMITTED;
    }

    /** Absolute puts only: the buffer's position and limit belong to nobody here. */
    private static void zeroFill(final ByteBuffer data, final int offset, final int bytes)
    {
        int i = 0;
        for (; i + Long.BYTES <= bytes; i += Long.BYTES)
        {
            data.putLong(offset + i, 0L);
        }
        for (; i < bytes; i++)
        {
            data.put(offset + i, (byte) 0);
        }
    }

    @Override
    public void destroy()
    {
        // no state
    }
}
