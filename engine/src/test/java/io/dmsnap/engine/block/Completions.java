package io.dmsnap.engine.block;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helper: a completion callback that records every completion (bio, status, thread) in order. */
final class Completions implements BioEndIo
{
    /** One recorded completion. */
    static final class Done
    {
        final Bio bio;
        final int status;
        final Thread thread;
        final long nanoTime;

        Done(final Bio bio, final int status, final Thread thread, final long nanoTime)
        {
            this.bio = bio;
            this.status = status;
            this.thread = thread;
            this.nanoTime = nanoTime;
        }
    }

    private final List<Done> done = new ArrayList<>();

    @Override
    public synchronized void endIo(final Bio bio, final int status)
    {
        done.add(new Done(bio, status, Thread.currentThread(), System.nanoTime()));
        notifyAll();
    }

    synchronized List<Done> all()
    {
        return new ArrayList<>(done);
    }

    synchronized int count()
    {
        return done.size();
    }

    /** Wait until {@code n} completions were recorded; false on timeout. */
    synchronized boolean await(final int n, final long timeoutMillis) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (done.size() < n)
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    Bio bio(final BioOp op, final long sector, final int sectors, final ByteBuffer data)
    {
        return new Bio().init(op, sector, sectors, data, 0, this, null);
    }

    static ByteBuffer pattern(final int bytes, final int seed)
    {
        final ByteBuffer b = ByteBuffer.allocate(bytes);
        for (int i = 0; i < bytes; i++)
        {
            b.put(i, (byte) (seed * 31 + i * 7 + (i >>> 9)));
        }
        return b;
    }

    static byte[] bytes(final ByteBuffer b)
    {
        final byte[] out = new byte[b.capacity()];
        b.get(0, out);
        return out;
    }
}
