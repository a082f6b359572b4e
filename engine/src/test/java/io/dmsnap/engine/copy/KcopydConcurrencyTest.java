package io.dmsnap.engine.copy;

import io.dmsnap.engine.copy.FakeDevice.Completion;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static io.dmsnap.engine.copy.FakeDevice.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class KcopydConcurrencyTest
{
    private static final int SUBMITTERS = 4;
    private static final int JOBS_EACH = 1000;
    private static final int CHUNK = 8;

    @ParameterizedTest
    @EnumSource(value = Completion.class, names = {"INLINE", "ASYNC"})
    void manySubmittersAreEachCalledBackExactlyOnceOnTheCopierThread(final Completion mode) throws Exception
    {
        final int jobs = SUBMITTERS * JOBS_EACH;
        final FakeDevice src = new FakeDevice("src", (long) jobs * CHUNK, mode);
        final FakeDevice dst = new FakeDevice("dst", (long) jobs * CHUNK, mode);
        src.fillPattern(9);
        final Kcopyd k = new Kcopyd("many-" + mode);
        try
        {
            final Recorder r = new Recorder(jobs).watching(k);
            final CyclicBarrier start = new CyclicBarrier(SUBMITTERS);
            final Thread[] threads = new Thread[SUBMITTERS];
            for (int t = 0; t < SUBMITTERS; t++)
            {
                final int first = t * JOBS_EACH;
                threads[t] = new Thread(() ->
                {
                    try
                    {
                        start.await(5, TimeUnit.SECONDS);
                    }
                    catch (Exception e)
                    {
                        throw new IllegalStateException(e);
                    }
                    for (int j = first; j < first + JOBS_EACH; j++)
                    {
                        k.copy(src, (long) j * CHUNK, CHUNK, dst, (long) j * CHUNK, r, j);
                    }
                }, "submitter-" + t);
                threads[t].start();
            }
            for (final Thread t : threads)
            {
                t.join(5000);
            }
            r.await();

            for (int j = 0; j < jobs; j++)
            {
                assertEquals(1, r.callsFor(j), "callbacks of job " + j);
            }
            assertEquals(0, r.overlaps.get(), "callbacks ran concurrently");
            assertEquals(0, r.offThread.get(), "callbacks ran off the copier thread");
            assertEquals(0, r.lastReadErr);
            assertArrayEquals(src.bytes(0, (long) jobs * CHUNK), dst.bytes(0, (long) jobs * CHUNK));
            awaitTrue(() -> k.jobsInFlight() == 0, "all jobs retired");
            assertEquals(jobs, k.jobsCompleted());
            assertEquals((long) jobs * CHUNK * 512, k.bytesCopied());
            assertTrue(k.peakJobsInFlight() >= 1 && k.peakJobsInFlight() <= jobs);
            // A submitter takes its job object just before counting it, hence the slack of one each.
            assertTrue(k.jobObjectsAllocated() >= 1 && k.jobObjectsAllocated() <= k.peakJobsInFlight() + SUBMITTERS,
                "job objects " + k.jobObjectsAllocated() + " beyond the peak " + k.peakJobsInFlight());
        }
        finally
        {
            k.close();
            src.close();
            dst.close();
        }
    }
}
