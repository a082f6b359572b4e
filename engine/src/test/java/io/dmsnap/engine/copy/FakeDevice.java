package io.dmsnap.engine.copy;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioEndIo;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The copier tests' device, made of the main devices: a {@link MemoryDevice} holds the data, a
 * {@link FlakeyDevice} over it fails the I/Os a predicate chooses, and a second one on top
 * completes bios inline, from its timer thread (a zero delay) or only when the test releases
 * them (a hold). This class adds what the copier tests count, which no main device does: bios
 * in flight from submission to completion and their peak, reads, writes and read lengths.
 */
final class FakeDevice implements BlockDevice
{
    enum Completion
    {
        /** Inside submit, on the submitting thread. */
        INLINE,
        /** From the device's completion (timer) thread. */
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

    private final MemoryDevice data;
    private final FlakeyDevice faults;
    private final FlakeyDevice completion;
    /** The hold of HELD mode; null otherwise. */
    private final FlakeyDevice.Hold hold;
    private volatile FailurePolicy failurePolicy = (op, sector, sectors) -> false;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private final Queue<Long> readLengths = new ConcurrentLinkedQueue<>();
    /**
     * Set once by {@link #stopHolding()}. A submitter hands its bio to the hold and then reads this
     * flag; the releaser sets it and then drains the hold: whichever runs second passes the bio on.
     */
    private volatile boolean stopHolding;

    FakeDevice(final String name, final long sectors, final Completion mode)
    {
        this.data = new MemoryDevice(name, sectors);
        this.faults = new FlakeyDevice(name + "-faults", data);
        faults.fail(FlakeyDevice.Selector.all().where(b -> failurePolicy.fails(b.op(), b.sector(), b.sectors())));
        this.completion = new FlakeyDevice(name + "-completion", faults);
        this.hold = mode == Completion.HELD ? completion.hold(FlakeyDevice.Selector.all()) : null;
        if (mode == Completion.ASYNC)
        {
            completion.delay(FlakeyDevice.Selector.all(), 0);
        }
    }

    @Override
    public String name()
    {
        return data.name();
    }

    @Override
    public long sizeSectors()
    {
        return data.sizeSectors();
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
        final Completed completed = new Completed(this, bio.endIo(), bio.owner());
        bio.endIo(completed, completed);
        completion.submit(bio);
        if (hold != null && stopHolding)
        {
            hold.releaseAll();   // the hold was drained while this bio was being queued
        }
    }

    /** Counts the completion, then hands the bio back to its submitter's callback. */
    private static final class Completed implements BioEndIo
    {
        private final FakeDevice device;
        private final BioEndIo endIo;
        private final Object owner;

        Completed(final FakeDevice device, final BioEndIo endIo, final Object owner)
        {
            this.device = device;
            this.endIo = endIo;
            this.owner = owner;
        }

        @Override
        public void endIo(final Bio bio, final int status)
        {
            bio.endIo(endIo, owner);
            device.inFlight.decrementAndGet();
            bio.complete(status);
        }
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
        return hold.releaseAll();
    }

    /** Complete up to {@code max} held bios, oldest first, on the calling thread; returns how many. */
    int releaseHeld(final int max)
    {
        int n = 0;
        while (n < max && hold.release() != null)
        {
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
        hold.rule().remove();
        stopHolding = true;
        hold.releaseAll();
    }

    int heldCount()
    {
        return hold == null ? 0 : hold.heldCount();
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
        final byte[] bytes = new byte[Math.toIntExact(data.sizeSectors() << Bio.SECTOR_SHIFT)];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte) (seed * 131 + i * 7 + (i >>> Bio.SECTOR_SHIFT) * 13);
        }
        data.writeBytes(0, bytes);
    }

    void fill(final byte value)
    {
        final byte[] bytes = new byte[Math.toIntExact(data.sizeSectors() << Bio.SECTOR_SHIFT)];
        Arrays.fill(bytes, value);
        data.writeBytes(0, bytes);
    }

    byte[] bytes(final long sector, final long sectors)
    {
        return data.readBytes(sector, Math.toIntExact(sectors));
    }

    @Override
    public void close()
    {
        completion.close();
        faults.close();
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
