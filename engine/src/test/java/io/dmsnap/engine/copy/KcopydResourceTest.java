package io.dmsnap.engine.copy;

import io.dmsnap.engine.copy.FakeDevice.Completion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import static io.dmsnap.engine.copy.FakeDevice.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bounded buffer memory and pooled job objects. */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class KcopydResourceTest
{
    @Test
    void jobsWaitForBufferMemoryInsteadOfExceedingTheBound() throws Exception
    {
        final int chunk = 32;                   // 16 KiB per copy
        final long pool = 64 << 10;             // room for four copies
        final int jobs = 20;
        final FakeDevice src = new FakeDevice("src", jobs * chunk, Completion.HELD);
        final FakeDevice dst = new FakeDevice("dst", jobs * chunk, Completion.INLINE);
        src.fillPattern(7);
        final KcopydConfig config = KcopydConfig.defaults().withSubJobSectors(chunk).withBufferPoolBytes(pool);
        try (Kcopyd k = new Kcopyd("bounded", config))
        {
            final Recorder r = new Recorder(jobs).watching(k);
            for (int j = 0; j < jobs; j++)
            {
                k.copy(src, (long) j * chunk, chunk, dst, (long) j * chunk, r, j);
            }
            int released = 0;
            while (released < jobs)
            {
                final int expected = Math.min(4, jobs - released);
                awaitTrue(() -> src.heldCount() == expected, expected + " copies holding the pool");
                Thread.sleep(5);
                assertEquals(expected, src.heldCount(), "a copy got a buffer beyond the bound");
                assertEquals(expected * (16L << 10), k.bufferBytesInUse());
                released += src.releaseHeld(expected);
            }
            r.await();

            assertEquals(pool, k.peakBufferBytes());
            assertTrue(k.bufferWaits() > 0, "jobs waited on the pages queue");
            assertEquals(4, src.maxInFlight());
            assertArrayEquals(src.bytes(0, (long) jobs * chunk), dst.bytes(0, (long) jobs * chunk));
            awaitTrue(() -> k.bufferBytesInUse() == 0, "buffers returned");
        }
        finally
        {
            src.stopHolding();
            src.close();
            dst.close();
        }
    }

    @Test
    void jobObjectsAreReusedAfterWarmUp() throws Exception
    {
        final int burst = 64;
        final FakeDevice src = new FakeDevice("src", burst * 8, Completion.HELD);
        final FakeDevice dst = new FakeDevice("dst", burst * 8, Completion.INLINE);
        final Integer[] contexts = new Integer[burst];
        for (int j = 0; j < burst; j++)
        {
            contexts[j] = j;
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Kcopyd k = new Kcopyd("reuse"))
        {
            long fewestBytes = Long.MAX_VALUE;
            long allocatedAfterWarmUp = -1;
            for (int round = 0; round < 4; round++)
            {
                final Recorder r = new Recorder(burst).watching(k);
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int j = 0; j < burst; j++)
                {
                    k.copy(src, j * 8L, 8, dst, j * 8L, r, contexts[j]);
                }
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                awaitTrue(() -> src.heldCount() == burst, "the whole burst in flight");
                assertEquals(burst, k.jobsInFlight());
                assertEquals(burst, src.releaseHeld(burst));
                r.await();
                awaitTrue(() -> k.jobsInFlight() == 0, "the burst retired");
                if (round == 0)
                {
                    allocatedAfterWarmUp = k.jobObjectsAllocated();
                    assertEquals(burst, allocatedAfterWarmUp, "one object per live job");
                }
                else
                {
                    fewestBytes = Math.min(fewestBytes, allocated);
                }
            }
            assertEquals(allocatedAfterWarmUp, k.jobObjectsAllocated(), "later bursts created job objects");
            assertEquals(burst * Kcopyd.JOB_BYTES_ESTIMATE, k.jobMemoryBytes());
            assertEquals(burst, k.peakJobsInFlight());
            assertEquals(0, fewestBytes, "a warm single-destination copy() allocated on the submitting thread");
        }
        finally
        {
            src.stopHolding();
            src.close();
            dst.close();
        }
    }
}
