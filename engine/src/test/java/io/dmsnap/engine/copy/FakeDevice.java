package io.dmsnap.engine.copy;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A heap-backed test device that completes bios inline, from its own completion threads, or only
 * when the test releases them, and fails the I/Os a predicate chooses. Counts what it saw.
 */
final class FakeDevice implements BlockDevice
{
    enum Completion
    {
        /** Inside submit, on the submitting thread. */
        INLINE,
        /** From one of two completion threads of the device. */
        ASYNC,
        /** Held until {@link #releaseHeld()}, which completes them on the caller's thread. */
        HELD
    }

    /** Which I/Os fail. */
    @FunctionalInterface
    interface FailurePolicy
    {
        boolean fails(BioOp op, long sector, int sectors);
    }

    private final String name;
    private final byte[] data;
    private final Completion mode;
    private final ExecutorService completer;
    private volatile FailurePolicy failurePolicy = (op, sector, sectors) -> false;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private final Queue<Bio> held = new ConcurrentLinkedQueue<>();
    private final Queue<Long> readLengths = new ConcurrentLinkedQueue<>();
    /**
     * Set once by {@link #stopHolding()}. A submitter queues its bio and then reads this flag; the
     * releaser sets it and then drains: whichever runs second completes the bio (poll is atomic).
     */
    private volatile boolean stopHolding;

    FakeDevice(final String name, final long sectors, final Completion mode)
    {
        this.name = name;
        this.data = new byte[Math.toIntExact(sectors << Bio.SECTOR_SHIFT)];
        this.mode = mode;
        this.completer = mode == Completion.ASYNC ? Executors.newFixedThreadPool(2, r ->
        {
            final Thread t = new Thread(r, name + "-completion");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public long sizeSectors()
    {
        return data.length >>> Bio.SECTOR_SHIFT;
    }

    @Override
    public void submit(final Bio bio)
    {
        final int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        if (bio.op() == BioOp.READ)
        {
            reads.incrementAndGet();
            readLengths.add((long) bio.sectors());
        }
        else
        {
            writes.incrementAndGet();
        }
        switch (mode)
        {
            case INLINE:
                finish(bio);
                break;
            case ASYNC:
                completer.execute(() -> finish(bio));
                break;
            default:
                held.add(bio);
                if (stopHolding)
                {
                    releaseHeld();   // the gate opened while this bio was being queued
                }
                break;
        }
    }

    private void finish(final Bio bio)
    {
        final int status;
        if (failurePolicy.fails(bio.op(), bio.sector(), bio.sectors()))
        {
            status = BlkStatus.IOERR;
        }
        else
        {
            status = transfer(bio);
        }
        inFlight.decrementAndGet();
        bio.complete(status);
    }

    private int transfer(final Bio bio)
    {
        final long start = bio.sector() << Bio.SECTOR_SHIFT;
        final int length = (int) bio.bytes();
        if (start + length > data.length)
        {
            return BlkStatus.IOERR;
        }
        synchronized (data)
        {
            if (bio.op() == BioOp.READ)
            {
                bio.data().put(bio.dataOffset(), data, (int) start, length);
            }
            else if (bio.op() == BioOp.WRITE)
            {
                bio.data().get(bio.dataOffset(), data, (int) start, length);
            }
        }
        return BlkStatus.OK;
    }

    void failWhen(final FailurePolicy policy)
    {
        this.failurePolicy = policy;
    }

    /**
     * Complete every held bio on the calling thread, including any submitted meanwhile; returns
     * how many.
     */
    int releaseHeld()
    {
        return releaseHeld(Integer.MAX_VALUE);
    }

    /** Complete up to {@code max} held bios, oldest first, on the calling thread; returns how many. */
    int releaseHeld(final int max)
    {
        int n = 0;
        Bio bio;
        while (n < max && (bio = held.poll()) != null)
        {
            finish(bio);
            n++;
        }
        return n;
    }

    /**
     * Stop holding: complete what is held and every later bio at once. Tests call this before
     * closing a copier, so a failed assertion cannot leave close() waiting for held I/O.
     */
    void stopHolding()
    {
        stopHolding = true;
        releaseHeld();
    }

    int heldCount()
    {
        return held.size();
    }

    int reads()
    {
        return reads.get();
    }

    int writes()
    {
        return writes.get();
    }

    int maxInFlight()
    {
        return maxInFlight.get();
    }

    List<Long> readLengths()
    {
        return new ArrayList<>(readLengths);
    }

    /** Fill every byte with a pattern that differs per sector and per device seed. */
    void fillPattern(final int seed)
    {
        synchronized (data)
        {
            for (int i = 0; i < data.length; i++)
            {
                data[i] = (byte) (seed * 131 + i * 7 + (i >>> Bio.SECTOR_SHIFT) * 13);
            }
        }
    }

    void fill(final byte value)
    {
        synchronized (data)
        {
            Arrays.fill(data, value);
        }
    }

    byte[] bytes(final long sector, final long sectors)
    {
        synchronized (data)
        {
            final int from = (int) (sector << Bio.SECTOR_SHIFT);
            return Arrays.copyOfRange(data, from, from + (int) (sectors << Bio.SECTOR_SHIFT));
        }
    }

    @Override
    public void close()
    {
        if (completer != null)
        {
            completer.shutdownNow();
        }
    }

    /** Wait up to five seconds for {@code condition}; fail the test with {@code what} otherwise. */
    static void awaitTrue(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            try
            {
                Thread.sleep(1);
            }
            catch (InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
