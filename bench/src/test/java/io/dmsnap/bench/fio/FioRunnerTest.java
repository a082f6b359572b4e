package io.dmsnap.bench.fio;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.NullDevice;
import io.dmsnap.engine.block.SyncIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
final class FioRunnerTest
{
    private static final long MIB = 1 << 20;

    private static List<FioResult> run(final BlockDevice device, final String... args)
    {
        return new FioRunner(name -> device, FioProgress.NONE).run(JobFileParser.parseArgs(List.of(args)));
    }

    /** Records the sector and submit time of every bio it passes on, from any thread; tests subclass it to intercept bios. */
    private static class Tracing implements BlockDevice
    {
        final BlockDevice inner;
        final List<Long> sectors = Collections.synchronizedList(new ArrayList<>());
        final List<Long> submitNanos = Collections.synchronizedList(new ArrayList<>());

        Tracing(final BlockDevice inner)
        {
            this.inner = inner;
        }

        @Override
        public String name()
        {
            return inner.name();
        }

        @Override
        public long sizeSectors()
        {
            return inner.sizeSectors();
        }

        @Override
        public void submit(final Bio bio)
        {
            sectors.add(bio.sector());
            submitNanos.add(System.nanoTime());
            inner.submit(bio);
        }
    }

    @Test
    void asyncInlineCompletionDoesOnePassPerWorker()
    {
        final NullDevice dev = new NullDevice("n", 64 * MIB / 512);
        final List<FioResult> r = run(dev, "--name=w", "--rw=randwrite", "--bs=4k", "--ioengine=libaio",
            "--iodepth=32", "--numjobs=2", "--size=8m", "--offset_increment=8m", "--group_reporting");
        assertEquals(1, r.size());
        final FioResult w = r.get(0);
        assertEquals(2, w.workers());
        assertEquals(2 * 2048, w.write().ios());
        assertEquals(16 * MIB, w.write().ioBytes());
        assertEquals(0, w.read().ios());
        assertEquals(0, w.error());
        assertEquals(2 * 2048, dev.stats().writes());
        assertTrue(w.write().clatMax() >= w.write().clatMin());
    }

    @Test
    void regionsSplitByOffsetIncrementAndEveryBlockIsWrittenOnce()
    {
        final Tracing dev = new Tracing(new NullDevice("n", 64 * MIB / 512));
        final List<FioResult> r = run(dev, "--name=w", "--rw=randwrite", "--bs=4k", "--ioengine=libaio",
            "--iodepth=8", "--numjobs=3", "--size=1m", "--offset=4m", "--offset_increment=2m");
        assertEquals(3, r.size(), "one result per worker without group_reporting");
        final List<Long> sorted = new ArrayList<>(dev.sectors);
        Collections.sort(sorted);
        final List<Long> expected = new ArrayList<>();
        for (int k = 0; k < 3; k++)
        {
            final long start = (4 * MIB + k * 2 * MIB) / 512;
            for (long s = start; s < start + MIB / 512; s += 8)
            {
                expected.add(s);
            }
        }
        assertEquals(expected, sorted);
    }

    @Test
    void everyCloneCoversTheWholeDeviceWithoutSizeAsInFio()
    {
        final NullDevice dev = new NullDevice("n", 12 * MIB / 512);
        final FioResult r = run(dev, "--name=w", "--rw=write", "--bs=64k", "--numjobs=3", "--group_reporting").get(0);
        assertEquals(3, r.workers());
        assertEquals(3 * 12 * MIB, r.write().ioBytes(), "three clones, each over the whole 12 MiB device");
    }

    @Test
    void syncAndAsyncAgainstDelayedCompletion()
    {
        final NullDevice dev = new NullDevice("n", 64 * MIB / 512, 20_000, 512);
        try
        {
            final FioResult sync = run(dev, "--name=s", "--rw=randread", "--bs=4k", "--ioengine=psync",
                "--size=1m").get(0);
            assertEquals(256, sync.read().ios());
            assertTrue(sync.read().clatMin() >= 20_000, "clat min " + sync.read().clatMin());
            final FioResult async = run(dev, "--name=a", "--rw=randread", "--bs=4k", "--ioengine=libaio",
                "--iodepth=16", "--numjobs=2", "--size=2m", "--offset_increment=2m", "--group_reporting").get(0);
            assertEquals(1024, async.read().ios());
            // fio's split for an asynchronous engine: slat in submit, clat after it; lat is the whole delay
            assertTrue(async.read().lat().min() >= 20_000, "lat min " + async.read().lat().min());
            assertEquals(1024, async.read().slat().count());
            assertTrue(async.read().lat().mean() >= async.read().clat().mean());
            assertEquals(0, sync.read().slat().count(), "fio records no slat for sync engines");
            assertEquals(sync.read().clat().count(), sync.read().lat().count());
        }
        finally
        {
            dev.close();
        }
    }

    @Test
    void numberIosAndTimeBasedRuntimeStop()
    {
        final NullDevice dev = new NullDevice("n", 64 * MIB / 512);
        assertEquals(100, run(dev, "--name=w", "--rw=randwrite", "--size=4m", "--number_ios=100").get(0).write().ios());
        // time_based: the job runs until its runtime is over, passing over its region as often as
        // it can (a region of 4 blocks, so even a starved worker does more than one pass); the
        // runtime is at least runtime= and within the call; a 500 ms sample needs 500 ms of runtime.
        final long t0 = System.nanoTime();
        final FioResult timed = run(dev, "--name=t", "--rw=randwrite", "--size=16k", "--ioengine=libaio",
            "--iodepth=4", "--time_based", "--runtime=300ms").get(0);
        final long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(timed.write().ios() > 4, "time_based runs more than one pass: " + timed.write().ios());
        assertTrue(timed.runtimeMillis() >= 300 && timed.runtimeMillis() <= ms,
            "runtime " + timed.runtimeMillis() + " of a " + ms + " ms call");
        assertTrue(timed.write().iopsSamples().samples() <= timed.runtimeMillis() / 500,
            "fio takes a sample only of a whole 500 ms: " + timed.write().iopsSamples().samples());
    }

    @Test
    void progressIsReportedEverySecondWithIopsAndEta()
    {
        // Invariants of the runner's progress clock, whatever the scheduling: an update once a
        // second at most (the k-th no earlier than k s), at least one in a run longer than a
        // second, and an ETA that is the time left to the deadline at the moment of the update.
        final long runtimeMillis = 1300;
        final NullDevice dev = new NullDevice("n", 64 * MIB / 512);
        final List<long[]> updates = Collections.synchronizedList(new ArrayList<>());
        final long t0 = System.nanoTime();
        new FioRunner(name -> dev, (job, elapsed, iops, eta) ->
        {
            assertEquals("p", job);
            updates.add(new long[] {elapsed, (long) iops, eta});
        }).run(JobFileParser.parseArgs(List.of("--name=p", "--rw=randwrite", "--size=1m", "--time_based",
            "--runtime=" + runtimeMillis + "ms")));
        final long wallMillis = (System.nanoTime() - t0) / 1_000_000;
        final String all = updates.stream().map(java.util.Arrays::toString).toList().toString();
        assertFalse(updates.isEmpty(), "a run of " + runtimeMillis + " ms reports progress at least once");
        assertTrue(updates.size() <= 1 + wallMillis / 1000, "at most one update per second of the run: " + all);
        assertTrue(updates.get(0)[1] > 0, "the first second's IOPS: " + all);
        for (int k = 0; k < updates.size(); k++)
        {
            final long[] u = updates.get(k);
            assertTrue(u[0] >= 1000L * (k + 1), "update " + (k + 1) + " comes after " + (k + 1) + " s: " + all);
            assertTrue(k == 0 || u[0] - updates.get(k - 1)[0] >= 1000, "updates a second apart: " + all);
            final boolean beforeDeadline = u[2] > 0 && u[0] + u[2] >= runtimeMillis - 1 && u[0] + u[2] <= runtimeMillis;
            final boolean atOrAfterDeadline = u[2] == 0 && u[0] >= runtimeMillis - 1;
            final boolean jobAlreadyDone = u[2] == -1 && u[0] >= runtimeMillis;   // a late update: no running job to time
            assertTrue(beforeDeadline || atOrAfterDeadline || jobAlreadyDone,
                "eta is the time left to the deadline: " + all);
        }
    }

    @Test
    void rampTimeIsExcludedFromStats()
    {
        // Derived from what the device saw and the run reports, not from how fast the machine is:
        // every I/O takes at least 100 us, so the measured part holds at most one per 100 us of
        // the measured runtime. At iodepth 1 an I/O is submitted only after the previous one was
        // reaped, so of the I/Os submitted before the ramp could possibly have ended (200 ms after
        // the run was called) all but the last were reaped in the ramp and are never counted.
        final NullDevice inner = new NullDevice("n", 64 * MIB / 512, 100_000, 512);
        final Tracing dev = new Tracing(inner);
        final List<Long> submits = dev.submitNanos;
        try
        {
            final long t0 = System.nanoTime();
            final FioResult r = run(dev, "--name=r", "--rw=randwrite", "--size=4m", "--time_based",
                "--runtime=200ms", "--ramp_time=200ms").get(0);
            final long wallMillis = (System.nanoTime() - t0) / 1_000_000;
            final long rampCannotEndBefore = t0 + 200_000_000L;
            final long inRamp = Math.max(0, submits.stream().filter(c -> c - rampCannotEndBefore < 0).count() - 1);
            final long ios = r.write().ios();
            assertTrue(ios > 0, "ios " + ios);
            assertTrue(r.runtimeMillis() >= 199, "the measured runtime is runtime=200ms at least: " + r.runtimeMillis());
            assertTrue(r.runtimeMillis() <= wallMillis - 200, "ramp excluded from the runtime: " + r.runtimeMillis()
                + " ms of a " + wallMillis + " ms run");
            assertTrue(ios <= r.runtimeMillis() * 10 + 1, ios + " I/Os of >= 100 us in " + r.runtimeMillis() + " ms");
            assertTrue(ios <= submits.size() - inRamp, ios + " measured of " + submits.size()
                + " I/Os, " + inRamp + " of them reaped during the ramp");
        }
        finally
        {
            inner.close();
        }
    }

    @Test
    void mixedJobHonoursRwmixread()
    {
        final NullDevice dev = new NullDevice("n", 64 * MIB / 512);
        final FioResult r = run(dev, "--name=m", "--rw=randrw", "--rwmixread=70", "--size=16m").get(0);
        assertEquals(4096, r.read().ios() + r.write().ios());
        final double share = r.read().ios() / 4096.0;
        assertTrue(share > 0.65 && share < 0.75, "read share " + share);
    }

    @Test
    void verifyPassReadsBackEveryWrittenBlockOfAMemoryDevice()
    {
        final MemoryDevice dev = new MemoryDevice("m", 16 * MIB / 512);
        final FioResult r = run(dev, "--name=v", "--rw=randwrite", "--bs=4k", "--ioengine=libaio", "--iodepth=8",
            "--numjobs=2", "--size=2m", "--offset_increment=2m", "--verify=crc32c", "--group_reporting").get(0);
        assertEquals(1024, r.write().ios());
        assertEquals(1024, r.verifiedBlocks());
        assertEquals(0, r.verifyFailures());
        assertFalse(r.failed());
        final FioResult readBack = run(dev, "--name=r", "--rw=randread", "--size=4m", "--verify=pattern").get(0);
        assertEquals(0, readBack.verifyFailures(), readBack::verifyMessage);
        assertEquals(1024, readBack.read().ios());
    }

    @Test
    void verifyDetectsACorruptedBlockAndNamesItsOffset()
    {
        final MemoryDevice memory = new MemoryDevice("m", 8 * MIB / 512);
        final long victim = 12_345L * 4096 % (2 * MIB);
        final AtomicBoolean corrupted = new AtomicBoolean();
        // Corrupts one written block when the first read arrives: between the writes and the verify pass.
        final BlockDevice dev = new Tracing(memory)
        {
            @Override
            public void submit(final Bio bio)
            {
                if (bio.op() == BioOp.READ && corrupted.compareAndSet(false, true))
                {
                    final ByteBuffer junk = ByteBuffer.allocateDirect(512);
                    junk.putLong(100, 0xBADL);
                    assertEquals(BlkStatus.OK, SyncIo.write(memory, victim / 512, junk));
                }
                super.submit(bio);
            }
        };
        final FioResult r = run(dev, "--name=v", "--rw=randwrite", "--ioengine=libaio", "--iodepth=4", "--size=2m",
            "--verify=crc32c").get(0);
        assertTrue(corrupted.get());
        assertEquals(1, r.verifyFailures());
        assertEquals(511, r.verifiedBlocks());
        assertTrue(r.failed());
        assertEquals(FioRunner.EILSEQ, r.error());
        assertNotNull(r.verifyMessage());
        assertTrue(r.verifyMessage().contains("at offset " + victim + " "), r.verifyMessage());
    }

    @Test
    void failedIoFailsTheJobWithEio()
    {
        final AtomicInteger submitted = new AtomicInteger();
        final NullDevice inner = new NullDevice("n", 16 * MIB / 512);
        final BlockDevice failing = new Tracing(inner)
        {
            @Override
            public void submit(final Bio bio)
            {
                if (submitted.incrementAndGet() == 50)
                {
                    bio.complete(BlkStatus.IOERR);
                    return;
                }
                super.submit(bio);
            }
        };
        final FioResult r = run(failing, "--name=e", "--rw=write", "--ioengine=libaio", "--iodepth=4", "--size=4m").get(0);
        assertTrue(r.failed());
        assertEquals(5, r.error());
        assertTrue(r.errorMessage().contains("I/O error at offset " + 49 * 4096), r.errorMessage());
        assertTrue(r.write().ios() < 1024);
    }

    @Test
    void regionsBeyondTheDeviceAreRefusedBeforeAnyIo()
    {
        final NullDevice dev = new NullDevice("n", 4 * MIB / 512);
        final String message = assertThrows(IllegalArgumentException.class, () -> run(dev, "--name=x", "--numjobs=2",
            "--size=3m", "--offset_increment=3m")).getMessage();
        assertTrue(message.contains("worker 1") && message.contains("beyond the end"), message);
        assertEquals(0, dev.stats().reads());
    }
}
