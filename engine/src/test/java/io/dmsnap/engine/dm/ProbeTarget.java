package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** The target built by {@link ProbeType}. */
final class ProbeTarget implements Target
{
    private final ProbeType type;
    final String id;
    BlockDevice device;
    int acceptBoundary;
    String mode = "remap";
    private final ConcurrentLinkedQueue<Bio> held = new ConcurrentLinkedQueue<>();
    /** Clones mapped and not yet ended. */
    final AtomicInteger outstanding = new AtomicInteger();
    private volatile boolean quiesced;

    ProbeTarget(final ProbeType type, final String id)
    {
        this.type = type;
        this.id = id;
    }

    @Override
    public int map(final Bio bio)
    {
        if (quiesced)
        {
            type.violations.incrementAndGet();
        }
        type.saw(id + " " + bio.op() + " " + bio.sector() + "+" + bio.sectors() + " #" + bio.targetBioNr);
        outstanding.incrementAndGet();
        switch (mode)
        {
            case "kill":
                outstanding.decrementAndGet();      // dm does not call endIo for a killed clone
                return DmMapResult.KILL;
            case "hold":
                held.add(bio);
                return DmMapResult.SUBMITTED;
            case "complete":
                bio.complete(BlkStatus.OK);
                return DmMapResult.SUBMITTED;
            default:
                if (device == null)
                {
                    bio.complete(BlkStatus.OK);
                    return DmMapResult.SUBMITTED;
                }
                bio.remap(device, bio.sector());
                return DmMapResult.REMAPPED;
        }
    }

    @Override
    public int endIo(final Bio bio, final int status)
    {
        outstanding.decrementAndGet();
        type.endIos.incrementAndGet();
        return status;
    }

    /** Accept writes up to the next multiple of {@code accept} sectors, as snapshot-origin does. */
    @Override
    public int acceptLength(final Bio bio)
    {
        if (acceptBoundary == 0 || bio.op() != BioOp.WRITE)
        {
            return bio.sectors();
        }
        final long room = acceptBoundary - bio.sector() % acceptBoundary;
        return (int) Math.min(room, bio.sectors());
    }

    /** Complete the bios held in mode=hold with {@code status}; returns how many. */
    int completeHeld(final int status)
    {
        int n = 0;
        for (Bio bio = held.poll(); bio != null; bio = held.poll())
        {
            bio.complete(status);
            n++;
        }
        return n;
    }

    int heldCount()
    {
        return held.size();
    }

    @Override
    public void presuspend()
    {
        type.event("presuspend " + id);
    }

    @Override
    public void postsuspend()
    {
        if (outstanding.get() != 0)
        {
            type.violations.incrementAndGet();
        }
        quiesced = true;
        type.event("postsuspend " + id);
    }

    @Override
    public void preresume() throws DmException
    {
        type.event("preresume " + id);
        if (type.failPreresume.contains(id))
        {
            throw new DmException("probe " + id + " cannot resume");
        }
    }

    @Override
    public void resume()
    {
        quiesced = false;
        type.event("resume " + id);
    }

    @Override
    public String status(final StatusType statusType)
    {
        return statusType == StatusType.TABLE ? id : (quiesced ? "quiesced" : "running");
    }

    @Override
    public String message(final String[] args) throws DmException
    {
        if (args.length == 0)
        {
            throw new DmException("probe: empty message");
        }
        return id + " got " + String.join(" ", args);
    }

    @Override
    public void destroy()
    {
        type.event("dtr " + id);
    }
}
