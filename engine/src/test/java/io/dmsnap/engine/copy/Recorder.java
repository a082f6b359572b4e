package io.dmsnap.engine.copy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A callback that records what it was called with and checks the copier's threading guarantees:
 * every call on the copier thread, never two at once. Contexts are Integer job numbers.
 */
final class Recorder implements CopyCallback
{
    private volatile Copier copier;
    private final AtomicIntegerArray callsPerJob;
    private final CountDownLatch done;
    private final AtomicInteger running = new AtomicInteger();
    final AtomicInteger overlaps = new AtomicInteger();
    final AtomicInteger offThread = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    volatile int lastReadErr = -1;
    volatile long lastWriteErr = -1;
    volatile String lastThreadName;

    Recorder(final int jobs)
    {
        this.callsPerJob = new AtomicIntegerArray(jobs);
        this.done = new CountDownLatch(jobs);
    }

    Recorder watching(final Copier c)
    {
        this.copier = c;
        return this;
    }

    @Override
    public void copyDone(final int readErr, final long writeErr, final Object context)
    {
        if (running.incrementAndGet() != 1)
        {
            overlaps.incrementAndGet();
        }
        if (copier == null || !copier.isCopierThread())
        {
            offThread.incrementAndGet();
        }
        lastReadErr = readErr;
        lastWriteErr = writeErr;
        lastThreadName = Thread.currentThread().getName();
        callsPerJob.incrementAndGet((Integer) context);
        calls.incrementAndGet();
        running.decrementAndGet();
        done.countDown();
    }

    int callsFor(final int job)
    {
        return callsPerJob.get(job);
    }

    /** Wait for one call per job; fails after five seconds. */
    void await()
    {
        try
        {
            if (!done.await(5, TimeUnit.SECONDS))
            {
                throw new AssertionError("only " + calls.get() + " callbacks of " + callsPerJob.length());
            }
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
