package io.dmsnap.engine.block;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

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
        final Waiter waiter = new Waiter(Thread.currentThread());
        bio.device(device).endIo(waiter, waiter);
        device.submit(bio);
        while (!waiter.done)
        {
            LockSupport.park(waiter);
        }
        return waiter.status;
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

    private static final class Waiter implements BioEndIo
    {
        private final Thread thread;
        private volatile boolean done;
        private int status;

        Waiter(final Thread thread)
        {
            this.thread = thread;
        }

        @Override
        public void endIo(final Bio bio, final int status)
        {
            this.status = status;   // plain write, published by the volatile write of done
            done = true;
            LockSupport.unpark(thread);
        }
    }
}
