package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small in-memory block device for the dm tests: keeps its data in a byte array, completes
 * bios inline, from its own completion thread, or holds them until {@link #releaseHeld}.
 */
final class TestDevice implements BlockDevice
{
    /** How a submitted bio is completed. */
    enum Mode { INLINE, ASYNC, HOLD }

    private final String name;
    private final byte[] data;
    private final int logicalBlockSize;
    private final boolean discard;
    private final ConcurrentLinkedQueue<Bio> held = new ConcurrentLinkedQueue<>();
    private final AtomicInteger submitted = new AtomicInteger();
    private final List<String> log = new ArrayList<>();
    private volatile boolean recording;
    private volatile Mode mode = Mode.INLINE;
    private ExecutorService completer;

    TestDevice(final String name, final int sectors)
    {
        this(name, sectors, Bio.SECTOR_SIZE, false);
    }

    TestDevice(final String name, final int sectors, final int logicalBlockSize, final boolean discard)
    {
        this.name = name;
        this.data = new byte[sectors << Bio.SECTOR_SHIFT];
        this.logicalBlockSize = logicalBlockSize;
        this.discard = discard;
    }

    TestDevice mode(final Mode mode)
    {
        synchronized (this)
        {
            if (mode == Mode.ASYNC && completer == null)
            {
                completer = Executors.newSingleThreadExecutor(r ->
                {
                    final Thread t = new Thread(r, "test-device-" + name);
                    t.setDaemon(true);
                    return t;
                });
            }
        }
        this.mode = mode;
        return this;
    }

    /** Record "op sector+sectors" of every submitted bio from now on. */
    TestDevice recording()
    {
        recording = true;
        return this;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public long sizeSectors()
    {
        return data.length >> Bio.SECTOR_SHIFT;
    }

    @Override
    public int logicalBlockSize()
    {
        return logicalBlockSize;
    }

    @Override
    public boolean supportsDiscard()
    {
        return discard;
    }

    @Override
    public void submit(final Bio bio)
    {
        submitted.incrementAndGet();
        if (recording)
        {
            synchronized (log)
            {
                log.add(bio.op() + " " + bio.sector() + "+" + bio.sectors());
            }
        }
        switch (mode)
        {
            case HOLD:
                held.add(bio);
                break;
            case ASYNC:
                completer.execute(() -> execute(bio));
                break;
            default:
                execute(bio);
                break;
        }
    }

    private void execute(final Bio bio)
    {
        bio.complete(transfer(bio));
    }

    private int transfer(final Bio bio)
    {
        if (bio.op() == BioOp.FLUSH)
        {
            return BlkStatus.OK;
        }
        final long start = bio.sector() << Bio.SECTOR_SHIFT;
        final long bytes = bio.bytes();
        if (bio.sector() < 0 || start + bytes > data.length)
        {
            return BlkStatus.IOERR;
        }
        if (bio.op() == BioOp.DISCARD)
        {
            if (!discard)
            {
                return BlkStatus.NOTSUPP;
            }
            Arrays.fill(data, (int) start, (int) (start + bytes), (byte) 0);
            return BlkStatus.OK;
        }
        if (bio.data() != null)
        {
            synchronized (data)
            {
                for (int i = 0; i < bytes; i++)
                {
                    if (bio.op() == BioOp.READ)
                    {
                        bio.data().put(bio.dataOffset() + i, data[(int) start + i]);
                    }
                    else
                    {
                        data[(int) start + i] = bio.data().get(bio.dataOffset() + i);
                    }
                }
            }
        }
        return BlkStatus.OK;
    }

    /** Complete every held bio now, on the calling thread; returns how many. */
    int releaseHeld()
    {
        int n = 0;
        for (Bio bio = held.poll(); bio != null; bio = held.poll())
        {
            execute(bio);
            n++;
        }
        return n;
    }

    int heldCount()
    {
        return held.size();
    }

    int submitted()
    {
        return submitted.get();
    }

    List<String> log()
    {
        synchronized (log)
        {
            return new ArrayList<>(log);
        }
    }

    /** The stored byte at {@code offset}. */
    byte byteAt(final long offset)
    {
        synchronized (data)
        {
            return data[(int) offset];
        }
    }

    @Override
    public void close()
    {
        synchronized (this)
        {
            if (completer != null)
            {
                completer.shutdown();
                try
                {
                    completer.awaitTermination(5, TimeUnit.SECONDS);
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
