package io.dmsnap.engine.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FlakeyDeviceTest
{
    private final MemoryDevice inner = new MemoryDevice("inner", 4096);
    private final FlakeyDevice dev = new FlakeyDevice("flakey", inner);

    private static ByteBuffer block(final int value)
    {
        final ByteBuffer b = ByteBuffer.allocate(512);
        b.put(0, (byte) value);
        return b;
    }

    @Test
    void withoutRulesEverythingPassesThrough()
    {
        assertEquals(BlkStatus.OK, SyncIo.write(dev, 10, block(1)));
        assertEquals(BlkStatus.OK, SyncIo.read(dev, 10, ByteBuffer.allocate(512)));
        assertEquals(1, inner.readBytes(10, 1)[0]);
        assertEquals(1, inner.stats().writes());
        assertEquals(1, inner.stats().reads());
        assertEquals(inner.sizeSectors(), dev.sizeSectors());
    }

    @Test
    void failRuleCompletesWithErrorWithoutPassingDown()
    {
        final FlakeyDevice.Rule rule = dev.fail(FlakeyDevice.Selector.ops(BioOp.WRITE).sectors(100, 200));
        assertEquals(BlkStatus.IOERR, SyncIo.write(dev, 150, block(1)));
        assertEquals(BlkStatus.IOERR, SyncIo.write(dev, 99, ByteBuffer.allocate(1024)), "overlapping start");
        assertEquals(BlkStatus.OK, SyncIo.write(dev, 200, block(2)), "outside the range");
        assertEquals(BlkStatus.OK, SyncIo.read(dev, 150, ByteBuffer.allocate(512)), "reads not selected");
        assertEquals(1, inner.stats().writes());
        assertEquals(2, rule.applied());
        dev.fail(FlakeyDevice.Selector.all(), BlkStatus.NOSPC);
        assertEquals(BlkStatus.NOSPC, SyncIo.read(dev, 0, ByteBuffer.allocate(512)));
        assertTrue(rule.remove());
        assertFalse(rule.remove());
        dev.clearRules();
        assertEquals(BlkStatus.OK, SyncIo.write(dev, 150, block(3)));
        assertEquals(3, inner.readBytes(150, 1)[0]);
    }

    @Test
    void aBioThatChoseAHoldRuleJustBeforeItWasRemovedPassesDown() throws Exception
    {
        // The submitter reads the rules, picks the hold, and only then adds the bio to it; the
        // test meanwhile removes the rules and releases everything held. The late bio must not
        // stay held with nobody left to release it.
        final CountDownLatch choosing = new CountDownLatch(1);
        final CountDownLatch removed = new CountDownLatch(1);
        final FlakeyDevice.Hold hold = dev.hold(FlakeyDevice.Selector.ops(BioOp.WRITE).where(b ->
        {
            choosing.countDown();
            try
            {
                return removed.await(5, TimeUnit.SECONDS);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return true;
            }
        }));
        final CompletableFuture<Integer> write =
            CompletableFuture.supplyAsync(() -> SyncIo.write(dev, 40, block(7)));
        assertTrue(choosing.await(5, TimeUnit.SECONDS));
        dev.clearRules();
        assertEquals(0, hold.releaseAll());
        removed.countDown();
        assertEquals(BlkStatus.OK, (int) write.get(5, TimeUnit.SECONDS));
        assertEquals(7, inner.readBytes(40, 1)[0]);
        assertEquals(0, hold.heldCount());
        assertEquals(0, hold.totalHeld());
    }

    @Test
    void dropRuleAcknowledgesWritesAndFlushesButNeverReads()
    {
        final FlakeyDevice.Rule rule = dev.drop(FlakeyDevice.Selector.all());
        assertEquals(BlkStatus.OK, SyncIo.write(dev, 5, block(9)));
        assertEquals(BlkStatus.OK, SyncIo.flush(dev));
        assertEquals(0, inner.readBytes(5, 1)[0], "write lost");
        final ByteBuffer back = ByteBuffer.allocate(512);
        back.put(0, (byte) 42);
        assertEquals(BlkStatus.OK, SyncIo.read(dev, 5, back));
        assertEquals(0, back.get(0), "the read reached the inner device");
        assertEquals(2, rule.applied());
        assertEquals(0, inner.stats().writes());
        assertEquals(1, inner.stats().reads());
    }

    @Test
    void countSkipsTheFirstMatchesThenAppliesToTheNextN()
    {
        final FlakeyDevice.Rule rule = dev.fail(FlakeyDevice.Selector.ops(BioOp.WRITE).skip(2).count(3));
        final int[] status = new int[8];
        for (int i = 0; i < status.length; i++)
        {
            status[i] = SyncIo.write(dev, i, block(i));
        }
        final int ok = BlkStatus.OK;
        final int err = BlkStatus.IOERR;
        assertEquals(java.util.Arrays.toString(new int[] {ok, ok, err, err, err, ok, ok, ok}),
            java.util.Arrays.toString(status));
        assertEquals(3, rule.applied());
    }

    @Test
    void predicateSelectsArbitraryBios()
    {
        dev.fail(FlakeyDevice.Selector.all().where(b -> b.hasFlag(Bio.REQ_FUA)));
        assertEquals(BlkStatus.IOERR, SyncIo.io(dev, BioOp.WRITE, 0, 1, block(1), Bio.REQ_FUA));
        assertEquals(BlkStatus.OK, SyncIo.io(dev, BioOp.WRITE, 0, 1, block(1), 0));
    }

    @Test
    void delayPassesDownLaterFromTheTimerThread() throws InterruptedException
    {
        final long delay = TimeUnit.MILLISECONDS.toNanos(30);
        dev.delay(FlakeyDevice.Selector.ops(BioOp.WRITE), delay);
        final Completions c = new Completions();
        final long start = System.nanoTime();
        dev.submit(c.bio(BioOp.WRITE, 0, 1, block(4)));
        assertEquals(0, c.count(), "not completed inline");
        assertTrue(c.await(1, 5_000));
        final Completions.Done done = c.all().get(0);
        assertTrue(done.nanoTime - start >= delay);
        assertNotSame(Thread.currentThread(), done.thread);
        assertEquals(BlkStatus.OK, done.status);
        assertEquals(4, inner.readBytes(0, 1)[0]);
        dev.close();
    }

    @Test
    void holdKeepsBiosUntilReleasedInArrivalOrder() throws InterruptedException
    {
        final FlakeyDevice.Hold hold = dev.hold(FlakeyDevice.Selector.ops(BioOp.WRITE).count(2));
        final Completions c = new Completions();
        final Thread submitter = new Thread(() ->
        {
            dev.submit(c.bio(BioOp.WRITE, 1, 1, block(1)));
            dev.submit(c.bio(BioOp.WRITE, 1, 1, block(2)));
            dev.submit(c.bio(BioOp.WRITE, 2, 1, block(3)));   // beyond the count: passes
        });
        submitter.start();
        assertTrue(hold.awaitHeld(2, 5, TimeUnit.SECONDS));
        submitter.join();
        assertFalse(hold.awaitHeld(3, 10, TimeUnit.MILLISECONDS));
        assertEquals(1, c.count());
        assertEquals(2, c.all().get(0).bio.sector());
        assertEquals(0, inner.readBytes(1, 1)[0], "held writes did not reach the device");
        final Bio first = hold.release();
        assertEquals(1, first.sector());
        assertEquals(1, inner.readBytes(1, 1)[0]);
        assertEquals(1, hold.releaseAll());
        assertEquals(2, inner.readBytes(1, 1)[0], "released in arrival order");
        assertNull(hold.release());
        assertEquals(3, c.count());
        assertSame(first, c.all().get(1).bio);
        assertEquals(2, hold.totalHeld());
    }

    @Test
    void closeFailsHeldBios() throws InterruptedException
    {
        final FlakeyDevice.Hold hold = dev.hold(FlakeyDevice.Selector.all());
        final Completions c = new Completions();
        dev.submit(c.bio(BioOp.READ, 0, 1, ByteBuffer.allocate(512)));
        assertTrue(hold.awaitHeld(1, TimeUnit.SECONDS));
        dev.close();
        assertEquals(1, c.count());
        assertEquals(BlkStatus.IOERR, c.all().get(0).status);
    }

    @Test
    void rulesCanChangeWhileIoRuns() throws InterruptedException
    {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger completed = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger submitted = new AtomicInteger();
        final Thread[] workers = new Thread[2];
        for (int t = 0; t < workers.length; t++)
        {
            workers[t] = new Thread(() ->
            {
                final ByteBuffer buf = ByteBuffer.allocate(512);
                while (!stop.get())
                {
                    submitted.incrementAndGet();
                    final int s = SyncIo.write(dev, submitted.get() % 4096, buf);
                    completed.incrementAndGet();
                    if (s != BlkStatus.OK)
                    {
                        failed.incrementAndGet();
                    }
                }
            });
            workers[t].start();
        }
        for (int i = 0; i < 200; i++)
        {
            final FlakeyDevice.Rule rule = i % 2 == 0
                ? dev.fail(FlakeyDevice.Selector.all())
                : dev.drop(FlakeyDevice.Selector.all());
            Thread.onSpinWait();
            rule.remove();
        }
        final FlakeyDevice.Rule last = dev.fail(FlakeyDevice.Selector.all());
        final int before = failed.get();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (failed.get() == before && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        last.remove();
        stop.set(true);
        for (final Thread w : workers)
        {
            w.join();
        }
        assertEquals(submitted.get(), completed.get(), "every bio completed");
        assertTrue(failed.get() > before, "a rule added while I/O runs takes effect");
        assertEquals(0, dev.rules().length);
    }
}
