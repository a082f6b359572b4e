package io.dmsnap.engine.block;

/**
 * One request in a {@link TimedDevice}: the bio, the completion callback it came with, and when it
 * is due. It stands in as the bio's callback while the inner device has it, then waits in the
 * {@link CompletionTimer} until the due time. Entries are pooled per device, so a steady stream
 * of requests allocates none.
 *
 * <p>Ownership passes with the entry: the submitting thread fills it (under no lock: it took it
 * from the pool under the device's lock and nobody else refers to it), the inner device's
 * completion context sets {@link #status}, the timer thread (or that completion context, when the
 * due time has passed) delivers and returns it to the pool. Each hand-over is a release/acquire
 * pair: the inner device's own completion hand-off, the CAS that pushes the entry onto the
 * timer's intake and the swap that takes it, the CAS that returns it to the pool and the swap
 * that takes the pool. So the plain fields below are always read by the thread that owns the entry.
 */
final class TimedCompletion implements BioEndIo
{
    final TimedDevice device;
    Bio bio;
    /** The bio's own callback and its context, put back before the bio completes. */
    BioEndIo endIo;
    Object owner;
    /** When the request is due, on the device clock. */
    long dueNanos;
    /** The inner device's completion status. */
    int status;
    /** FIFO tie-break among equal due times; the timer thread's. */
    long sequence;
    /** Link in the timer's intake stack or in the device's pool (never both: an entry is in one place). */
    TimedCompletion next;

    TimedCompletion(final TimedDevice device)
    {
        this.device = device;
    }

    /** The inner device is done: restore the bio's callback and wait for the due time. */
    @Override
    public void endIo(final Bio done, final int innerStatus)
    {
        done.endIo(endIo, owner);
        this.status = innerStatus;
        device.innerCompleted(this);
    }
}
