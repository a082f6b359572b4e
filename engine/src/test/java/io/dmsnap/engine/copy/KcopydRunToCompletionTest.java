package io.dmsnap.engine.copy;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.copy.FakeDevice.Completion;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.dmsnap.engine.copy.FakeDevice.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run-to-completion copies ({@link Kcopyd#tryCopyHere}, {@link KcopydConfig#runToCompletion()}):
 * the submitter of an idle client copies and runs the callback itself, holding the copier role;
 * a busy client, a held role or the caller's veto leave the copy to the queue; a step that does
 * not complete on the submitting thread goes to the worker; callbacks never overlap.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class KcopydRunToCompletionTest
{
    private static final Copier.IdleCheck IDLE = () -> true;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    private FakeDevice device(final String name, final long sectors, final Completion mode)
    {
        final FakeDevice d = new FakeDevice(name, sectors, mode);
        toClose.add(d::close);
        return d;
    }

    private Kcopyd client(final String name, final boolean runToCompletion)
    {
        final Kcopyd k = new Kcopyd(name, KcopydConfig.defaults().withRunToCompletion(runToCompletion));
        toClose.add(0, k);   // clients close before the devices they use
        return k;
    }

    @AfterEach
    void tearDown() throws Exception
    {
        for (final AutoCloseable c : toClose)
        {
            c.close();
        }
    }

    @Test
    void anIdleClientsCopyAndCallbackRunOnTheSubmitter()
    {
        final FakeDevice src = device("src", 256, Completion.INLINE);
        final FakeDevice dst = device("dst", 256, Completion.INLINE);
        src.fillPattern(3);
        final Kcopyd k = client("here", true);
        final Recorder r = new Recorder(1).watching(k);

        assertTrue(k.tryCopyHere(src, 8, 16, dst, 40, r, 0, IDLE));

        // Everything happened before tryCopyHere returned, on this thread, as the role's holder.
        assertEquals(1, r.calls.get());
        assertEquals(Thread.currentThread().getName(), r.lastThreadName);
        assertEquals(0, r.offThread.get(), "isCopierThread() is true for the submitter in its callback");
        assertFalse(k.isCopierThread(), "the role was handed back");
        assertEquals(0, r.lastReadErr);
        assertEquals(0L, r.lastWriteErr);
        assertArrayEquals(src.bytes(8, 16), dst.bytes(40, 16));
        assertEquals(0, k.jobsInFlight());
        assertEquals(1, k.jobsCompleted());
        assertEquals(16L * 512, k.bytesCopied());
        assertEquals(1, k.copiesRunHere());
        assertEquals(0, k.copiesHandedOver());
        assertEquals(0, k.bufferBytesInUse(), "the buffer went back to the pool");
        assertTrue(k.peakBufferBytes() > 0, "the copy used the client's buffer pool");
        assertEquals(CopierMemory.reserveBytes(k.subJobSectors()), k.accountedBytes(), "job and pages released");
    }

    @Test
    void aClientWithoutRunToCompletionNeverRunsHere()
    {
        final FakeDevice src = device("src", 64, Completion.INLINE);
        final FakeDevice dst = device("dst", 64, Completion.INLINE);
        final Kcopyd k = client("queued-only", false);
        final Recorder r = new Recorder(1).watching(k);

        assertFalse(k.tryCopyHere(src, 0, 8, dst, 0, r, 0, IDLE));

        assertEquals(0, src.reads());
        assertEquals(0, k.jobsInFlight());
        assertEquals(0, k.copiesRunHere());
        k.copy(src, 0, 8, dst, 0, r, 0);
        r.await();
        assertEquals("kcopyd/queued-only", r.lastThreadName);
    }

    @Test
    void aJobInFlightLeavesTheCopyToTheQueue()
    {
        final FakeDevice src = device("src", 256, Completion.HELD);
        final FakeDevice dst = device("dst", 256, Completion.INLINE);
        final Kcopyd k = client("busy", true);
        final Recorder r = new Recorder(1).watching(k);

        k.copy(src, 0, 8, dst, 0, r, 0);
        awaitTrue(() -> src.heldCount() == 1, "the queued copy's read is in the device");

        assertFalse(k.tryCopyHere(src, 64, 8, dst, 64, r, 0, IDLE), "a job is in flight");
        assertEquals(1, src.reads(), "nothing was issued for the refused copy");
        assertEquals(1, k.jobsInFlight());
        src.stopHolding();
        r.await();
        assertEquals("kcopyd/busy", r.lastThreadName);
        assertEquals(0, k.copiesRunHere());
    }

    @Test
    void theCallersVetoIsAskedWithTheRoleHeld()
    {
        final FakeDevice src = device("src", 64, Completion.INLINE);
        final FakeDevice dst = device("dst", 64, Completion.INLINE);
        final Kcopyd k = client("veto", true);
        final Recorder r = new Recorder(1).watching(k);
        final AtomicBoolean askedAsHolder = new AtomicBoolean();

        assertFalse(k.tryCopyHere(src, 0, 8, dst, 0, r, 0, () ->
        {
            askedAsHolder.set(k.isCopierThread());
            return false;
        }));

        assertTrue(askedAsHolder.get());
        assertFalse(k.isCopierThread(), "a veto gives the role back");
        assertEquals(0, src.reads());
        assertEquals(0, k.jobsInFlight());
        assertTrue(k.tryCopyHere(src, 0, 8, dst, 0, r, 0, IDLE), "the role is free again");
        assertEquals(1, r.calls.get());
    }

    @Test
    void aJobLargerThanOnePieceIsNotRunHere()
    {
        final FakeDevice src = device("src", 4096, Completion.INLINE);
        final FakeDevice dst = device("dst", 4096, Completion.INLINE);
        final Kcopyd k = client("large", true);
        final Recorder r = new Recorder(1).watching(k);

        assertFalse(k.tryCopyHere(src, 0, k.subJobSectors() + 8L, dst, 0, r, 0, IDLE));
        assertFalse(k.tryCopyHere(src, 0, 0, dst, 0, r, 0, IDLE), "nor a zero-length one");
        assertEquals(0, src.reads());
        assertEquals(0, k.jobsInFlight());
    }

    /**
     * The read is held in the device: after the spin budget the submitter hands the job to the
     * worker, which finishes it (write and callback) once the read completes.
     */
    @Test
    void aStepThatDoesNotCompleteHereGoesToTheWorker()
    {
        final FakeDevice src = device("src", 256, Completion.HELD);
        final FakeDevice dst = device("dst", 256, Completion.INLINE);
        src.fillPattern(5);
        final Kcopyd k = client("handover", true);
        final Recorder r = new Recorder(1).watching(k);

        assertTrue(k.tryCopyHere(src, 32, 8, dst, 96, r, 0, IDLE), "accepted");

        assertEquals(0, r.calls.get(), "the read is still held");
        assertEquals(1, k.copiesRunHere());
        assertEquals(1, k.copiesHandedOver());
        assertEquals(1, k.jobsInFlight());
        assertFalse(k.isCopierThread(), "the submitter gave the role back");
        assertFalse(k.tryCopyHere(src, 0, 8, dst, 0, r, 0, IDLE), "the handed-over job keeps the client busy");
        src.stopHolding();   // completes the read on this thread: the job goes through the inbox
        r.await();
        assertEquals("kcopyd/handover", r.lastThreadName);
        assertEquals(0, r.offThread.get());
        assertArrayEquals(src.bytes(32, 8), dst.bytes(96, 8));
        awaitTrue(() -> k.jobsInFlight() == 0, "no job in flight");
    }

    @Test
    void aReadErrorSkipsTheWritesAndIsReported()
    {
        final FakeDevice src = device("src", 64, Completion.INLINE);
        final FakeDevice dst = device("dst", 64, Completion.INLINE);
        src.failWhen((op, sector, sectors) -> op == BioOp.READ);
        final Kcopyd k = client("read-error", true);
        final Recorder r = new Recorder(1).watching(k);

        assertTrue(k.tryCopyHere(src, 0, 8, dst, 0, r, 0, IDLE));

        assertEquals(1, r.lastReadErr);
        assertEquals(0, dst.writes());
        assertEquals(0, k.bytesCopied());
        assertEquals(0, k.jobsInFlight());
    }

    /**
     * Re-entrancy: a callback run by the submitter that submits again cannot take the role it
     * holds; its copy is queued and called back on the worker, after the first callback returned.
     */
    @Test
    void aCallbackThatSubmitsAgainQueuesOnTheWorker()
    {
        final FakeDevice src = device("src", 64, Completion.INLINE);
        final FakeDevice dst = device("dst", 64, Completion.INLINE);
        final Kcopyd k = client("reentrant", true);
        final ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();
        final CountDownLatch second = new CountDownLatch(1);
        final AtomicReference<Boolean> nestedRanHere = new AtomicReference<>();
        final CopyCallback last = (readErr, writeErr, context) ->
        {
            calls.add("second on " + Thread.currentThread().getName() + " holder=" + k.isCopierThread());
            second.countDown();
        };
        final CopyCallback first = (readErr, writeErr, context) ->
        {
            nestedRanHere.set(k.tryCopyHere(src, 8, 8, dst, 8, last, null, IDLE));
            k.copy(src, 8, 8, dst, 8, last, null);
            calls.add("first");
        };

        assertTrue(k.tryCopyHere(src, 0, 8, dst, 0, first, null, IDLE));
        awaitTrue(() -> second.getCount() == 0, "the queued copy's callback");

        assertEquals(Boolean.FALSE, nestedRanHere.get(), "the role is not re-entrant");
        assertEquals(List.of("first", "second on kcopyd/reentrant holder=true"), List.copyOf(calls));
        assertEquals(1, k.copiesRunHere());
    }

    /**
     * Four submitters race run-to-completion copies against queued ones: every callback runs once,
     * on the thread holding the role, never two at a time, and every destination gets its bytes.
     */
    @ParameterizedTest
    @EnumSource(value = Completion.class, names = {"INLINE", "ASYNC"})
    void racingSubmittersNeverOverlapCallbacks(final Completion mode) throws Exception
    {
        final int threads = 4;
        final int perThread = 150;
        final FakeDevice src = device("src", 2L * threads * perThread * 8, mode);
        final FakeDevice dst = device("dst", 2L * threads * perThread * 8, mode);
        src.fillPattern(9);
        final Kcopyd k = client("race-" + mode, true);
        final Recorder r = new Recorder(threads * perThread).watching(k);
        final List<Thread> submitters = new ArrayList<>();
        final CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++)
        {
            final int first = t * perThread;
            final Thread th = new Thread(() ->
            {
                try
                {
                    start.await();
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = first; i < first + perThread; i++)
                {
                    final long sector = i * 8L;
                    if (!k.tryCopyHere(src, sector, 8, dst, sector, r, i, IDLE))
                    {
                        k.copy(src, sector, 8, dst, sector, r, i);
                    }
                }
            }, "submitter-" + t);
            submitters.add(th);
            th.start();
        }
        start.countDown();
        for (final Thread th : submitters)
        {
            th.join();
        }
        r.await();

        assertEquals(0, r.overlaps.get(), "callbacks overlapped");
        assertEquals(0, r.offThread.get(), "a callback ran on a thread without the role");
        for (int i = 0; i < threads * perThread; i++)
        {
            assertEquals(1, r.callsFor(i), "callbacks of job " + i);
        }
        assertArrayEquals(src.bytes(0, threads * perThread * 8L), dst.bytes(0, threads * perThread * 8L));
        awaitTrue(() -> k.jobsInFlight() == 0, "no job in flight");
        assertEquals(threads * perThread, k.jobsCompleted());
    }
}
