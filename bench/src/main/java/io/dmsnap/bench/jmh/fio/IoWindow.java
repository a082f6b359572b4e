package io.dmsnap.bench.jmh.fio;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioEndIo;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.concurrent.CompletionStack;
import io.dmsnap.engine.concurrent.IdlePolicy;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Up to {@code depth} requests of one worker in flight at a time, on pre-built bios and buffers,
 * so the I/O path allocates nothing: fio's libaio engine with an iodepth, and with depth 1 its
 * psync engine.
 *
 * <p>Completions: {@link #endIo} runs on whichever thread completes a bio: the worker itself
 * inside {@code submit} (an inline device), the snapshot's copier thread (a write that waited for
 * its copy-on-write), or a device thread. It records the status in the slot and pushes the slot
 * onto {@link #completed}, a {@link CompletionStack}: the slot's fields and link are plain writes
 * published by the push's CAS (release). The owner takes the whole stack with one atomic swap
 * (acquire) and so sees every field written before each push.
 *
 * <p>Waiting: the stack's own protocol ({@link CompletionStack#await}): the owner spins for
 * {@link IdlePolicy#SPIN_NANOS} (a completion from another core usually arrives within a few
 * microseconds), then parks, announcing it so that the next push unparks it. Parks are bounded
 * ({@link IdlePolicy#PARK_NANOS}), so a device that never completes fails the benchmark after
 * {@link #STALL_NANOS} instead of hanging it.
 *
 * <p>Thread safety: {@link #submit}, {@link #drain}, {@link #bind} and the counters belong to one
 * owner thread; {@link #endIo} may run on any thread.
 */
final class IoWindow implements BioEndIo
{
    /** No completion for this long means the stack is stuck: fail instead of hanging the run. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** One request: its bio, its data buffer and the completion fields. */
    private static final class Slot implements CompletionStack.Node<Slot>
    {
        final Bio bio = new Bio();
        final ByteBuffer buffer;
        /** Written by the completer before the push, read by the owner after the swap. */
        int status;
        /** Link in {@link #completed}; the same publication as {@link #status}. */
        Slot next;

        Slot(final ByteBuffer buffer)
        {
            this.buffer = buffer;
        }

        @Override
        public Slot stackNext()
        {
            return next;
        }

        @Override
        public void stackNext(final Slot n)
        {
            next = n;
        }
    }

    private final int depth;
    /** Owner only: slots free for a new request (a stack). */
    private final Slot[] free;
    private int freeCount;
    private int inFlight;
    private long errors;
    private int firstError = BlkStatus.OK;

    /** Completed slots: pushed by completers, taken by the owner (bound in {@link #bind}). */
    private final CompletionStack<Slot> completed = new CompletionStack<>();

    /**
     * @param depth      requests in flight at most
     * @param blockBytes bytes of one request; each slot gets its own direct buffer with a fill pattern
     */
    IoWindow(final int depth, final int blockBytes, final long seed)
    {
        if (depth < 1)
        {
            throw new IllegalArgumentException("depth < 1: " + depth);
        }
        this.depth = depth;
        this.free = new Slot[depth];
        long fill = seed;
        for (int i = 0; i < depth; i++)
        {
            final ByteBuffer buffer = ByteBuffer.allocateDirect(blockBytes);
            for (int at = 0; at + Long.BYTES <= blockBytes; at += Long.BYTES)
            {
                fill = fill * 6364136223846793005L + 1442695040888963407L;
                buffer.putLong(at, fill);   // fio writes random data, filled once
            }
            free[freeCount++] = new Slot(buffer);
        }
    }

    /** Owner: the thread that submits and reaps from now on (JMH may run a trial's iterations on new threads). */
    void bind(final Thread thread)
    {
        completed.bind(thread);   // volatile write, before the owner submits; read by completers
    }

    /**
     * Owner: submit one request; when all {@code depth} slots are in flight, first wait for at
     * least one completion. With depth 1 this is a synchronous request: it returns after the
     * request completed.
     *
     * @throws IllegalStateException when a request completed with an error, or none completed in time
     */
    void submit(final BlockDevice device, final BioOp op, final long sector, final int sectors)
    {
        if (freeCount == 0)
        {
            reap();
        }
        final Slot slot = free[--freeCount];
        slot.bio.init(op, sector, sectors, slot.buffer, 0, this, slot).device(device);
        inFlight++;
        device.submit(slot.bio);
        if (depth == 1)
        {
            reap();
        }
    }

    /** Owner: wait until no request is in flight (the end of an iteration, before the stack changes). */
    void drain()
    {
        while (inFlight > 0)
        {
            reap();
        }
    }

    int inFlight()
    {
        return inFlight;
    }

    int depth()
    {
        return depth;
    }

    /** Owner: requests that completed with an error so far. */
    long errors()
    {
        return errors;
    }

    /** Completion callback, any thread: publish the slot to the owner, wake it if it sleeps. */
    @Override
    public void endIo(final Bio bio, final int status)
    {
        final Slot slot = (Slot) bio.owner();
        slot.status = status;   // plain write, published by the push's CAS (release)
        completed.push(slot);
    }

    /** Owner: wait for at least one completion, and move every completed slot back to the free stack. */
    private void reap()
    {
        Slot list = completed.takeAll();   // acquire: sees each pushed slot's fields
        if (list == null)
        {
            list = await();
        }
        while (list != null)
        {
            final Slot slot = list;
            list = slot.next;
            slot.next = null;
            if (slot.status != BlkStatus.OK)
            {
                if (errors++ == 0)
                {
                    firstError = slot.status;
                }
            }
            free[freeCount++] = slot;
            inFlight--;
        }
        if (errors > 0)
        {
            throw new IllegalStateException(errors + " request(s) failed, the first with status "
                + BlkStatus.name(firstError) + ": the benchmark measures nothing useful");
        }
    }

    /** Owner: wait for the first completion, failing after {@link #STALL_NANOS}. */
    private Slot await()
    {
        final long deadline = System.nanoTime() + STALL_NANOS;
        Slot list;
        while ((list = completed.await(IdlePolicy.PARK_NANOS)) == null)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("no completion within "
                    + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s (" + inFlight + " request(s) in flight)");
            }
        }
        return list;
    }
}
