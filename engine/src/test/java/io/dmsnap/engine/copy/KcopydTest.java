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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.dmsnap.engine.copy.FakeDevice.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class KcopydTest
{
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private FakeDevice device(final String name, final long sectors, final Completion mode)
    {
        final FakeDevice d = new FakeDevice(name, sectors, mode);
        toClose.add(d::close);
        return d;
    }

    private Kcopyd client(final String name)
    {
        final Kcopyd k = new Kcopyd(name);
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

    @ParameterizedTest
    @EnumSource(value = Completion.class, names = {"INLINE", "ASYNC"})
    void copyMovesTheSourceBytesToTheDestination(final Completion mode)
    {
        final FakeDevice src = device("src", 256, mode);
        final FakeDevice dst = device("dst", 256, mode);
        src.fillPattern(1);
        dst.fill((byte) 0x5a);
        final Kcopyd k = client("copy-" + mode);
        final Recorder r = new Recorder(1).watching(k);

        k.copy(src, 16, 24, dst, 64, r, 0);
        r.await();

        assertEquals(0, r.lastReadErr);
        assertEquals(0L, r.lastWriteErr);
        assertEquals(0, r.offThread.get());
        assertEquals("kcopyd/copy-" + mode, r.lastThreadName);
        assertArrayEquals(src.bytes(16, 24), dst.bytes(64, 24));
        assertEquals(0x5a, dst.bytes(63, 1)[511], "the sector before the destination is untouched");
        assertEquals(0x5a, dst.bytes(88, 1)[0], "the sector after the destination is untouched");
        assertEquals(24L * 512, k.bytesCopied());
        awaitTrue(() -> k.jobsInFlight() == 0, "no job in flight");
        assertEquals(1, k.jobsCompleted());
    }

    @Test
    void copyToSeveralDestinationsWritesEach()
    {
        final FakeDevice src = device("src", 64, Completion.INLINE);
        final FakeDevice a = device("a", 64, Completion.ASYNC);
        final FakeDevice b = device("b", 64, Completion.INLINE);
        src.fillPattern(2);
        final Kcopyd k = client("multi");
        final Recorder r = new Recorder(1).watching(k);

        k.copy(new Region(src, 8, 16), new Region[] {new Region(a, 0, 16), new Region(b, 32, 16), new Region(a, 40, 16)},
            0, r, 0);
        r.await();

        assertEquals(0L, r.lastWriteErr);
        assertArrayEquals(src.bytes(8, 16), a.bytes(0, 16));
        assertArrayEquals(src.bytes(8, 16), b.bytes(32, 16));
        assertArrayEquals(src.bytes(8, 16), a.bytes(40, 16));
        assertEquals(1, src.reads(), "one read feeds every destination");
    }

    @Test
    void readErrorReportsReadErrAndSkipsTheWrites()
    {
        final FakeDevice src = device("src", 64, Completion.ASYNC);
        final FakeDevice dst = device("dst", 64, Completion.INLINE);
        src.failWhen((op, sector, sectors) -> op == BioOp.READ);
        dst.fill((byte) 7);
        final Kcopyd k = client("readerr");
        final Recorder r = new Recorder(1).watching(k);

        k.copy(src, 0, 8, dst, 0, r, 0);
        r.await();

        assertEquals(1, r.lastReadErr);
        assertEquals(0L, r.lastWriteErr);
        assertEquals(0, dst.writes());
        assertEquals(7, dst.bytes(0, 8)[100]);
        assertEquals(0, k.bytesCopied());
    }

    @Test
    void readErrorWithIgnoreErrorStillWrites()
    {
        final FakeDevice src = device("src", 64, Completion.INLINE);
        final FakeDevice dst = device("dst", 64, Completion.INLINE);
        src.failWhen((op, sector, sectors) -> op == BioOp.READ);
        final Kcopyd k = client("ignore");
        final Recorder r = new Recorder(1).watching(k);

        k.copy(new Region(src, 0, 8), new Region[] {new Region(dst, 0, 8)}, Kcopyd.IGNORE_ERROR, r, 0);
        r.await();

        assertEquals(1, r.lastReadErr);
        assertEquals(1, dst.writes());
    }

    @Test
    void writeErrorSetsTheBitOfThatDestination()
    {
        final FakeDevice src = device("src", 64, Completion.INLINE);
        final FakeDevice good = device("good", 64, Completion.ASYNC);
        final FakeDevice bad = device("bad", 64, Completion.ASYNC);
        src.fillPattern(3);
        bad.failWhen((op, sector, sectors) -> op == BioOp.WRITE && sector == 16);
        final Kcopyd k = client("writeerr");
        final Recorder r = new Recorder(1).watching(k);

        k.copy(new Region(src, 0, 8),
            new Region[] {new Region(good, 0, 8), new Region(bad, 0, 8), new Region(good, 8, 8), new Region(bad, 16, 8)},
            0, r, 0);
        r.await();

        assertEquals(0, r.lastReadErr);
        assertEquals(0b1000L, r.lastWriteErr);
        assertArrayEquals(src.bytes(0, 8), good.bytes(0, 8));
        assertArrayEquals(src.bytes(0, 8), bad.bytes(0, 8));
        assertArrayEquals(src.bytes(0, 8), good.bytes(8, 8));
    }

    @Test
    void zeroWritesZeroesWithoutReading()
    {
        final FakeDevice dst = device("dst", 64, Completion.ASYNC);
        dst.fill((byte) -1);
        final Kcopyd k = client("zero");
        final Recorder r = new Recorder(1).watching(k);

        k.zero(dst, 8, 24, r, 0);
        r.await();

        assertEquals(0, r.lastReadErr);
        assertEquals(0L, r.lastWriteErr);
        assertArrayEquals(new byte[24 * 512], dst.bytes(8, 24));
        assertEquals(-1, dst.bytes(7, 1)[511]);
        assertEquals(-1, dst.bytes(32, 1)[0]);
        assertEquals(0, dst.reads());
        assertEquals(0, k.bufferBytesInUse());
        assertEquals(0, k.peakBufferBytes(), "zeroing takes no buffer memory");
    }

    @Test
    void zeroLengthJobOnlyCallsBack()
    {
        final FakeDevice dst = device("dst", 64, Completion.INLINE);
        final Kcopyd k = client("empty");
        final Recorder r = new Recorder(1).watching(k);

        k.copy(dst, 0, 0, dst, 8, r, 0);
        r.await();

        assertEquals(0, r.lastReadErr);
        assertEquals(0L, r.lastWriteErr);
        assertEquals(0, r.offThread.get());
        assertEquals(0, dst.reads() + dst.writes());
    }

    @Test
    void preparedCallbackRunsOnTheCopierThreadWhenAnotherThreadTriggersIt() throws Exception
    {
        final Kcopyd k = client("prepared");
        final Recorder r = new Recorder(1).watching(k);

        final Copier.PreparedCallback job = k.prepareCallback(r, 0);
        assertEquals(1, k.jobsInFlight());
        Thread.sleep(20);
        assertEquals(0, r.calls.get(), "nothing runs before doCallback");

        final Thread other = new Thread(() -> k.doCallback(job, 0, 5L), "io-completion");
        other.start();
        other.join(5000);
        r.await();

        assertEquals(0, r.lastReadErr);
        assertEquals(5L, r.lastWriteErr);
        assertEquals(0, r.offThread.get());
        awaitTrue(() -> k.jobsInFlight() == 0, "prepared job called back");
        assertThrows(IllegalArgumentException.class, () -> k.doCallback(job, 0, 0), "a job is called back once");
    }

    @Test
    void callbackCanSubmitTheNextJobToTheSameClient()
    {
        final FakeDevice src = device("src", 512, Completion.INLINE);
        final FakeDevice dst = device("dst", 512, Completion.INLINE);
        src.fillPattern(4);
        final Kcopyd k = client("chain");
        final int links = 64;
        final CountDownLatch end = new CountDownLatch(1);
        final AtomicInteger offThread = new AtomicInteger();
        final AtomicInteger maxDepth = new AtomicInteger();
        final CopyCallback[] next = new CopyCallback[1];
        next[0] = (readErr, writeErr, ctx) ->
        {
            final int i = (Integer) ctx;
            if (!k.isCopierThread() || readErr != 0 || writeErr != 0)
            {
                offThread.incrementAndGet();
            }
            maxDepth.accumulateAndGet(Thread.currentThread().getStackTrace().length, Math::max);
            if (i + 1 < links)
            {
                k.copy(src, (i + 1) * 8L, 8, dst, (i + 1) * 8L, next[0], i + 1);
            }
            else
            {
                end.countDown();
            }
        };

        k.copy(src, 0, 8, dst, 0, next[0], 0);
        await(end);

        assertEquals(0, offThread.get());
        assertArrayEquals(src.bytes(0, links * 8L), dst.bytes(0, links * 8L));
        assertTrue(maxDepth.get() < 40, "inline completions must not nest callbacks: depth " + maxDepth.get());
    }

    @Test
    void closeWaitsForOutstandingJobsThenStopsTheThread() throws Exception
    {
        final FakeDevice src = device("src", 64, Completion.HELD);
        final FakeDevice dst = device("dst", 64, Completion.INLINE);
        final Kcopyd k = new Kcopyd("closing");
        final AtomicReference<Thread> copierThread = new AtomicReference<>();
        final AtomicInteger called = new AtomicInteger();
        k.copy(src, 0, 8, dst, 0, (r, w, c) ->
        {
            copierThread.set(Thread.currentThread());
            called.incrementAndGet();
        }, null);
        awaitTrue(() -> src.heldCount() == 1, "the read to reach the device");

        final CountDownLatch closed = new CountDownLatch(1);
        final Thread closer = new Thread(() ->
        {
            k.close();
            closed.countDown();
        }, "closer");
        closer.start();
        assertFalse(closed.await(100, TimeUnit.MILLISECONDS), "close returned with a job in flight");
        assertEquals(1, k.jobsInFlight());

        src.stopHolding();
        assertTrue(closed.await(5, TimeUnit.SECONDS), "close finished once the job was called back");
        assertEquals(1, called.get());
        assertEquals(0, k.jobsInFlight());
        copierThread.get().join(5000);
        assertFalse(copierThread.get().isAlive());
        assertThrows(IllegalStateException.class, () -> k.copy(src, 0, 8, dst, 0, (r, w, c) -> { }, null));
        k.close();   // a second close is harmless
    }

    @Test
    void failingCallbackDoesNotStopTheClient()
    {
        final FakeDevice dev = device("dev", 64, Completion.INLINE);
        final Kcopyd k = client("failing");
        final Recorder r = new Recorder(1).watching(k);
        final IllegalStateException boom = new IllegalStateException("callback failure");
        final List<Throwable> told = new CopyOnWriteArrayList<>();
        k.onCallbackFailure(told::add);

        k.zero(dev, 0, 8, (re, we, c) ->
        {
            throw boom;
        }, null);
        k.zero(dev, 8, 8, r, 0);
        r.await();

        assertEquals(1, k.callbackFailures());
        assertSame(boom, k.firstCallbackFailure());
        assertEquals(List.of(boom), told, "the owner is told of the failure on the worker thread");
    }

    @Test
    void invalidArgumentsAreRefused()
    {
        final FakeDevice dev = device("dev", 64, Completion.INLINE);
        final Kcopyd k = client("args");
        final Region r8 = new Region(dev, 0, 8);
        assertThrows(IllegalArgumentException.class, () -> k.copy(r8, new Region[0], 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> k.copy(r8, new Region[9], 0, null, null));
        assertThrows(IllegalArgumentException.class,
            () -> k.copy(r8, new Region[] {new Region(dev, 8, 4)}, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> k.copy(dev, -1, 8, dev, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new KcopydConfig(4096, 16 << 20, null));
        assertThrows(IllegalArgumentException.class, () -> new KcopydConfig(1024, 256 << 10, null));
        assertEquals(0, k.jobsInFlight());
        assertNotEquals(0, KcopydConfig.defaults().bufferPoolBytes());
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            assertTrue(latch.await(5, TimeUnit.SECONDS), "timed out");
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
