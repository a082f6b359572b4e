package io.dmsnap.engine.block;

import io.dmsnap.engine.concurrent.CompletionStack;
import io.dmsnap.engine.concurrent.IdlePolicy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A device that keeps no data, in the spirit of {@code null_blk}: writes and discards are accepted
 * and forgotten, reads complete without touching the buffer. Any size costs no memory.
 *
 * <p>Completion: with {@code completionNsec == 0} every bio completes inline, inside
 * {@link #submit}, on the submitter's thread. With {@code completionNsec > 0} a bio completes at
 * least that long after it was submitted, on the device's single completion thread, in the order
 * the bios entered the device's queue (FIFO). The queue is intrusive (linked through
 * {@code Bio.deviceNext}), so submit and completion allocate nothing.
 *
 * <p>Queue: submitters push onto a {@link CompletionStack} ({@link #incoming}); the completion
 * thread takes the whole stack with one atomic swap, reverses it into its private FIFO and completes
 * from there. Bios pushed earlier sit deeper in the stack, so the reversal restores push order, and
 * every later swap only sees later pushes. An idle completion thread waits on the stack (spin,
 * then park; {@link IdlePolicy}); one waiting for a bio's due time parks until
 * {@link IdlePolicy#TIMER_SLACK_NANOS} before it and spins the rest.
 *
 * <p>Thread safety: {@link #submit} from any thread, concurrently; {@link #close} once, by the
 * owner. After close every bio, queued or new, completes with {@link BlkStatus#IOERR}.
 */
public final class NullDevice implements BlockDevice
{
    private static final long CLOSE_JOIN_MILLIS = 5_000;

    private final String name;
    private final long sizeSectors;
    private final long completionNsec;
    private final int logicalBlockSize;
    private final DeviceStats stats = new DeviceStats();

    /** The submitters' stack; pushed by submitters, emptied by the completion thread. */
    private final CompletionStack<Bio> incoming = new CompletionStack<>();
    private final Thread completer;

    /** Volatile: written once by close, read by submitters and the completion thread. */
    private volatile boolean closed;

    /** Completion thread only: its FIFO of bios taken from {@link #incoming}. */
    private Bio queueHead;
    private Bio queueTail;

    /**
     * @param completionNsec 0 to complete inline; otherwise the delay of each completion
     * @param logicalBlockSize a power of two of at least 512 bytes; I/O must be aligned to it
     */
    public NullDevice(final String name, final long sizeSectors, final long completionNsec,
                      final int logicalBlockSize)
    {
        if (completionNsec < 0)
        {
            throw new IllegalArgumentException("completionNsec < 0: " + completionNsec);
        }
        this.name = name;
        this.logicalBlockSize = BioChecks.requireLogicalBlockSize(logicalBlockSize);
        this.sizeSectors = BioChecks.requireSize(sizeSectors, logicalBlockSize);
        this.completionNsec = completionNsec;
        if (completionNsec > 0)
        {
            completer = new Thread(this::completionLoop, "nullblk-" + name + "-completion");
            completer.setDaemon(true);
            incoming.bind(completer);
            completer.start();
        }
        else
        {
            completer = null;
        }
    }

    /** An inline-completing device with 512-byte logical blocks. */
    public NullDevice(final String name, final long sizeSectors)
    {
        this(name, sizeSectors, 0, Bio.SECTOR_SIZE);
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public long sizeSectors()
    {
        return sizeSectors;
    }

    @Override
    public int logicalBlockSize()
    {
        return logicalBlockSize;
    }

    @Override
    public boolean supportsDiscard()
    {
        return true;
    }

    public long completionNsec()
    {
        return completionNsec;
    }

    public DeviceStats stats()
    {
        return stats;
    }

    /** True when the calling thread is this device's completion thread. */
    public boolean isCompletionThread()
    {
        return Thread.currentThread() == completer;
    }

    @Override
    public void submit(final Bio bio)
    {
        final int status = closed ? BlkStatus.IOERR : BioChecks.check(bio, sizeSectors, logicalBlockSize, true);
        if (status != BlkStatus.OK)
        {
            stats.refused();
            bio.complete(status);
            return;
        }
        stats.accepted(bio);
        if (completer == null)
        {
            bio.complete(BlkStatus.OK);
            return;
        }
        bio.deviceDeadline = System.nanoTime() + completionNsec;
        incoming.push(bio);   // publishes deviceDeadline and the link; wakes an idle completion thread
        if (closed)
        {
            // The completion thread may already have run its final drain; whoever swaps the
            // stack out owns the bios in it, so nothing completes twice and nothing is lost.
            failAll(incoming.takeAll());
        }
    }

    /** Stop the completion thread; queued and later bios complete with {@link BlkStatus#IOERR}. */
    @Override
    public void close()
    {
        closed = true;
        if (completer != null)
        {
            incoming.unparkOwner();
            if (Thread.currentThread() != completer)
            {
                try
                {
                    completer.join(CLOSE_JOIN_MILLIS);
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void completionLoop()
    {
        while (!closed)
        {
            if (queueHead == null && !takeIncoming())
            {
                // Nothing queued: wait for a push; close unparks the thread, which then leaves.
                append(incoming.await(Long.MAX_VALUE));
                continue;
            }
            final Bio bio = queueHead;
            final long wait = bio.deviceDeadline - System.nanoTime();
            if (wait > 0)
            {
                if (wait > IdlePolicy.TIMER_SLACK_NANOS)
                {
                    LockSupport.parkNanos(this, wait - IdlePolicy.TIMER_SLACK_NANOS);
                }
                else
                {
                    Thread.onSpinWait();
                }
                continue;
            }
            queueHead = bio.deviceNext;
            if (queueHead == null)
            {
                queueTail = null;
            }
            bio.deviceNext = null;
            bio.complete(BlkStatus.OK);
        }
        // Final drain: the private FIFO, then whatever was pushed before the swap below. A push
        // after the swap sees closed == true (it was set before this thread left the loop) and
        // fails its own bios.
        Bio bio = queueHead;
        queueHead = null;
        queueTail = null;
        failAll(bio);
        failAll(reverse(incoming.takeAll()));
    }

    /** Completion thread: move the submitters' stack to the end of the private FIFO. */
    private boolean takeIncoming()
    {
        return append(incoming.takeAll());   // acquire: sees every field written before the pushes
    }

    /** Completion thread: append {@code stack} (newest first, or null) to the private FIFO. */
    private boolean append(final Bio stack)
    {
        if (stack == null)
        {
            return false;
        }
        final Bio tail = stack;   // the newest bio becomes the FIFO's tail after reversal
        final Bio head = reverse(stack);
        if (queueTail == null)
        {
            queueHead = head;
        }
        else
        {
            queueTail.deviceNext = head;
        }
        queueTail = tail;
        return true;
    }

    private static Bio reverse(final Bio stack)
    {
        Bio reversed = null;
        Bio bio = stack;
        while (bio != null)
        {
            final Bio next = bio.deviceNext;
            bio.deviceNext = reversed;
            reversed = bio;
            bio = next;
        }
        return reversed;
    }

    private void failAll(final Bio list)
    {
        Bio bio = list;
        while (bio != null)
        {
            final Bio next = bio.deviceNext;
            bio.deviceNext = null;
            stats.refused();
            bio.complete(BlkStatus.IOERR);
            bio = next;
        }
    }

    @Override
    public String toString()
    {
        return "null " + name + " " + sizeSectors + " sectors, completion "
            + (completionNsec == 0 ? "inline" : TimeUnit.NANOSECONDS.toMicros(completionNsec) + " us");
    }
}
