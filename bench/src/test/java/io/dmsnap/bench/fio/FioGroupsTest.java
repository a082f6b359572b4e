package io.dmsnap.bench.fio;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.NullDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How jobs run together and how they are grouped, against fio's rules (HOWTO: stonewall,
 * new_group, wait_for, group_reporting; group ids as real fio 3.33 prints them for the same job
 * files: "a: (g=0)", "b: (g=0)", "s: (g=1)").
 */
@Timeout(30)
final class FioGroupsTest
{
    private static final long MIB = 1 << 20;
    private static final long WAIT_SECONDS = 10;

    /** One device per filename; each records the order of its first and last bio on a shared counter. */
    private static final class Devices
    {
        final AtomicLong clock = new AtomicLong();
        final Map<String, Traced> byName = new ConcurrentHashMap<>();

        BlockDevice get(final String name)
        {
            return byName.computeIfAbsent(name, n -> new Traced(n, clock));
        }

        List<FioResult> run(final String... args)
        {
            return new FioRunner(this::get, FioProgress.NONE).run(JobFileParser.parseArgs(List.of(args)));
        }
    }

    private static class Traced implements BlockDevice
    {
        final BlockDevice inner;
        final AtomicLong clock;
        final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong last = new AtomicLong();
        /** Counted down by the first bio; a job told to meet another waits for that one's. */
        final CountDownLatch seen = new CountDownLatch(1);
        volatile Traced meet;
        volatile boolean met;

        Traced(final String name, final AtomicLong clock)
        {
            this.inner = new NullDevice(name, 16 * MIB / 512);
            this.clock = clock;
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
            final long t = clock.incrementAndGet();
            first.accumulateAndGet(t, Math::min);
            last.accumulateAndGet(t, Math::max);
            seen.countDown();
            final Traced other = meet;
            if (other != null && !met)
            {
                try
                {
                    // Only returns true when the other job issued while this one is still running.
                    met = other.seen.await(WAIT_SECONDS, TimeUnit.SECONDS);
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
                meet = null;
            }
            inner.submit(bio);
        }
    }

    @Test
    void jobsWithoutStonewallRunAtTheSameTimeInOneGroup()
    {
        final Devices d = new Devices();
        final Traced a = (Traced) d.get("a");
        a.meet = (Traced) d.get("b");
        final List<FioResult> r = d.run("--size=1m", "--name=a", "--filename=a", "--rw=randwrite",
            "--name=b", "--filename=b", "--rw=randread");
        assertTrue(a.met, "job a's first write waited for job b's first read: the jobs overlapped");
        assertEquals(2, r.size());
        assertEquals(0, r.get(0).groupId());
        assertEquals(0, r.get(1).groupId());
        assertEquals("a", r.get(0).usage().device());
        assertEquals("b", r.get(1).usage().device());
    }

    @Test
    void stonewallWaitsForEveryEarlierJobAndOpensTheNextGroup()
    {
        final Devices d = new Devices();
        final List<FioResult> r = d.run("--size=1m", "--name=a", "--filename=a", "--rw=write",
            "--name=b", "--filename=b", "--rw=write", "--name=s", "--filename=s", "--rw=read", "--stonewall");
        final Traced a = d.byName.get("a");
        final Traced b = d.byName.get("b");
        final Traced s = d.byName.get("s");
        assertTrue(s.first.get() > Math.max(a.last.get(), b.last.get()), "s starts after a and b finished");
        assertEquals(List.of(0, 0, 1), r.stream().map(FioResult::groupId).toList());
    }

    @Test
    void newGroupOpensAGroupWithoutWaiting()
    {
        final Devices d = new Devices();
        final Traced a = (Traced) d.get("a");
        a.meet = (Traced) d.get("b");
        final List<FioResult> r = d.run("--size=1m", "--name=a", "--filename=a", "--rw=write",
            "--name=b", "--filename=b", "--rw=write", "--new_group");
        assertTrue(a.met, "new_group does not wait");
        assertEquals(List.of(0, 1), r.stream().map(FioResult::groupId).toList());
    }

    @Test
    void stonewallOnTheFirstJobKeepsGroupZero()
    {
        final Devices d = new Devices();
        final List<FioResult> r = d.run("--size=1m", "--name=a", "--filename=a", "--rw=write", "--stonewall",
            "--name=b", "--filename=b", "--rw=write", "--stonewall");
        assertEquals(List.of(0, 1), r.stream().map(FioResult::groupId).toList());
    }

    @Test
    void waitForWaitsForTheNamedJobWhileLaterJobsGoAhead()
    {
        final Devices d = new Devices();
        final Traced a = (Traced) d.get("a");
        a.meet = (Traced) d.get("c");
        final List<FioResult> r = d.run("--size=1m", "--name=a", "--filename=a", "--rw=write",
            "--name=b", "--filename=b", "--rw=write", "--wait_for=a",
            "--name=c", "--filename=c", "--rw=write");
        assertTrue(a.met, "c, after the waiting b, still starts with a");
        assertTrue(d.byName.get("b").first.get() > a.last.get(), "b starts after a finished");
        assertEquals(List.of(0, 0, 0), r.stream().map(FioResult::groupId).toList(), "wait_for opens no group");
    }

    @Test
    void waitForMustNameAnEarlierJob()
    {
        final Devices d = new Devices();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.run("--size=1m",
            "--name=a", "--filename=a", "--wait_for=later", "--name=later", "--filename=b"));
        assertTrue(e.getMessage().contains("wait_for=later names no earlier job; earlier jobs: none"), e.getMessage());
        assertTrue(d.byName.values().stream().allMatch(t -> t.first.get() == Long.MAX_VALUE), "nothing ran");
    }

    @Test
    void groupReportingMergesEveryThreadOfAGroupAcrossJobSections()
    {
        final Devices d = new Devices();
        final List<FioResult> merged = d.run("--size=1m", "--group_reporting", "--name=a", "--filename=a",
            "--rw=write", "--numjobs=2", "--name=b", "--filename=b", "--rw=write", "--name=c", "--filename=c",
            "--rw=write", "--stonewall");
        assertEquals(2, merged.size(), "one entry per group, as fio's group_reporting");
        assertEquals("a", merged.get(0).jobName());
        assertEquals(3, merged.get(0).workers());
        assertEquals(3 * MIB, merged.get(0).write().ioBytes(), "each clone covers its whole size");
        assertEquals(1, merged.get(1).groupId());
        final List<FioResult> perThread = new Devices().run("--size=1m", "--name=a", "--filename=a", "--rw=write",
            "--numjobs=2");
        assertEquals(2, perThread.size(), "without group_reporting one entry per clone");
        assertTrue(perThread.stream().allMatch(x -> x.workers() == 1 && x.write().ioBytes() == MIB));
    }

    @Test
    void intervalSamplesAre500msApartWithoutThePartialLastOne()
    {
        final NullDevice dev = new NullDevice("n", 64 * MIB / 512, 50_000, 512);
        try
        {
            final List<FioResult> r = new FioRunner(n -> dev, FioProgress.NONE).run(JobFileParser.parseArgs(List.of(
                "--name=t", "--rw=randwrite", "--ioengine=libaio", "--iodepth=2", "--size=8m", "--numjobs=2",
                "--group_reporting", "--time_based", "--runtime=1400ms")));
            final FioResult t = r.get(0);
            // Per thread: samples at 500 and 1000 ms; the 400 ms left are no sample. group_reporting sums them.
            assertEquals(4, t.write().iopsSamples().samples());
            assertEquals(4, t.write().bwSamples().samples());
            assertTrue(t.write().iopsSamples().min() > 0, "no partial interval drags the minimum to 0");
            assertEquals(0, t.read().iopsSamples().samples(), "a write job has no read samples");
            // Each time-based thread runs at least its 1400 ms; the two threads need not end in the same ms.
            assertTrue(t.usage().jobRuntimeMillis() >= 2 * 1400 && t.usage().jobRuntimeMillis() <= 2 * t.runtimeMillis(),
                "job_runtime sums the threads: " + t.usage().jobRuntimeMillis() + " vs runtime " + t.runtimeMillis());
            assertFalse(t.usage().device().isEmpty());
        }
        finally
        {
            dev.close();
        }
    }
}
