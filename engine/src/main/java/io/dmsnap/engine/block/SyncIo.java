package io.dmsnap.engine.block;

import io.dmsnap.engine.concurrent.IdlePolicy;
import io.dmsnap.engine.concurrent.SingleWaiter;

import java.nio.ByteBuffer;

/**
 * Synchronous I/O for control paths (metadata reads and writes, tests, tools): submit one bio and
 * park until it completes. Allocates a small waiter per call, so it is not for the data path.
 */
public final class SyncIo
{
    private SyncIo()
    {
    }

    /** Submit {@code bio} to {@code device} and wait for it; returns the completion status. */
    public static int submitAndWait(final BlockDevice device, final Bio bio)
    {
        return new Waiter().submitAndWait(device, bio);
    }

    /** One-shot helper: {@code op} over {@code sectors} at {@code sector} with {@code buf} from offset 0. */
    public static int io(final BlockDevice device, final BioOp op, final long sector, final int sectors,
                         final ByteBuffer buf, final int flags)
    {
        final Bio bio = new Bio().init(op, sector, sectors, buf, 0, null, null);
        bio.flags(flags);
        return submitAndWait(device, bio);
    }

    public static int read(final BlockDevice device, final long sector, final ByteBuffer buf)
    {
        return io(device, BioOp.READ, sector, buf.capacity() >>> Bio.SECTOR_SHIFT, buf, 0);
    }

    public static int write(final BlockDevice device, final long sector, final ByteBuffer buf)
    {
        return io(device, BioOp.WRITE, sector, buf.capacity() >>> Bio.SECTOR_SHIFT, buf, 0);
    }

    public static int flush(final BlockDevice device)
    {
        return io(device, BioOp.FLUSH, 0, 0, null, Bio.REQ_PREFLUSH);
    }

    /**
     * A reusable completion waiter, for a thread that issues synchronous I/O over and over (a
     * store's metadata writes on the copier thread) without allocating per I/O. One waiter serves
     * one I/O at a time: {@link #submitAndWait} must not be called concurrently on the same waiter.
     *
     * <p>The depth-1 case of the engine's completion hand-off: the completer publishes the status
     * with a volatile write of {@code done} and then wakes the submitter through a
     * {@link SingleWaiter}, which unparks only a submitter that announced its park; the submitter
     * spins for {@link IdlePolicy#SPIN_NANOS} (an inline or fast device completes within it), then
     * announces, re-checks {@code done} and parks (see {@link SingleWaiter} for why no wake-up is
     * lost).
     */
    public static final class Waiter implements BioEndIo
    {
        private final SingleWaiter waiter = new SingleWaiter();
        private final IdlePolicy idle = new IdlePolicy();
        private volatile boolean done;
        private int status;   // plain: written before the volatile write of done, read after its read

        /** Submit {@code bio} to {@code device} and park until it completes; returns its status. */
        public int submitAndWait(final BlockDevice device, final Bio bio)
        {
            waiter.bind(Thread.currentThread());   // volatile write, before the submission
            done = false;                          // volatile write: orders the reset before the submission
            bio.device(device).endIo(this, this);
            device.submit(bio);
            idle.reset();
            while (!done)
            {
                if (idle.spin())
                {
                    continue;
                }
                waiter.prepareToPark();   // volatile write, then the re-check of done
                if (!done)
                {
                    waiter.park();
                }
                waiter.parkDone();
            }
            return status;
        }

        @Override
        public void endIo(final Bio bio, final int status)
        {
            this.status = status;   // plain write, published by the volatile write of done
            done = true;
            waiter.wake();          // volatile read of the park announcement after the write of done
        }
    }
}
