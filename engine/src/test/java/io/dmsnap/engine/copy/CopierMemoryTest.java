package io.dmsnap.engine.copy;

import io.dmsnap.engine.copy.FakeDevice.Completion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.dmsnap.engine.copy.FakeDevice.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Copier memory counted as the kernel allocates it: sizes, peak, time-weighted mean, and the client's charges. */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
final class CopierMemoryTest
{
    private static final long JOB = CopierMemory.JOB_OBJECT_BYTES;
    private static final long PAGE = CopierMemory.PAGE_BYTES + CopierMemory.PAGE_LIST_BYTES;

    @Test
    void perCopySizesAreTheKernelsFor4And64KiBChunks()
    {
        assertEquals(3_312, JOB, "1 + SPLIT_COUNT job structs of 368 bytes");
        assertEquals(1, CopierMemory.pagesFor(8));
        assertEquals(16, CopierMemory.pagesFor(128));
        assertEquals(1, CopierMemory.pagesFor(1), "a partial page is a whole page");
        assertEquals(7_424, JOB + CopierMemory.pageBytes(CopierMemory.pagesFor(8)), "a 4 KiB copy in flight");
        assertEquals(69_104, JOB + CopierMemory.pageBytes(CopierMemory.pagesFor(128)), "a 64 KiB copy in flight");
        assertEquals(8 * JOB + 128 * PAGE, CopierMemory.reserveBytes(KcopydConfig.DEFAULT_SUB_JOB_SECTORS),
            "MIN_JOBS job objects and 512 KiB of reserved pages");
    }

    @Test
    void peakAndTimeWeightedMeanFollowKnownJobCounts()
    {
        final AtomicLong now = new AtomicLong();
        final CopierMemory m = new CopierMemory(now::get);
        m.jobSubmitted();
        m.jobSubmitted();
        m.jobSubmitted();          // t=0: 3 job objects
        now.set(10);
        m.pagesTaken(1);
        m.pagesTaken(1);           // t=10: two of them running, a page each
        now.set(30);
        m.released(1, 1);          // t=30: one done
        now.set(40);

        final CopierMemoryStats s = m.stats();
        assertEquals(2 * JOB + PAGE, s.currentBytes());
        assertEquals(3 * JOB + 2 * PAGE, s.peakBytes());
        // [0,10) 3 jobs, [10,30) 3 jobs + 2 pages, [30,40) 2 jobs + 1 page; over 40 ns
        final double integral = 10 * (3 * JOB) + 20 * (3 * JOB + 2 * PAGE) + 10 * (2 * JOB + PAGE);
        assertEquals(integral / 40, s.meanBytes(), 1e-9);
        assertEquals(2, s.jobs());
        assertEquals(3, s.peakJobs());
        assertEquals(1, s.pages());
        assertEquals(40, s.windowNanos());

        m.resetPeaks();            // t=40: a new window
        now.set(50);
        m.released(1, 1);          // t=50
        now.set(60);
        final CopierMemoryStats after = m.stats();
        assertEquals(JOB, after.currentBytes());
        assertEquals(2 * JOB + PAGE, after.peakBytes(), "the peak restarted from the value at the reset");
        assertEquals(2, after.peakJobs());
        assertEquals((10.0 * (2 * JOB + PAGE) + 10.0 * JOB) / 20, after.meanBytes(), 1e-9);
    }

    @Test
    void reservesCountForTheClientsLife()
    {
        final AtomicLong now = new AtomicLong();
        final CopierMemory m = new CopierMemory(now::get);
        m.clientCreated(KcopydConfig.DEFAULT_SUB_JOB_SECTORS);
        m.clientCreated(128);
        final long reserves = CopierMemory.reserveBytes(1024) + CopierMemory.reserveBytes(128);
        assertEquals(reserves, m.stats().reserveBytes());
        assertEquals(reserves, m.currentBytes());
        m.clientClosed(128);
        assertEquals(CopierMemory.reserveBytes(1024), m.currentBytes());
        assertEquals(reserves, m.stats().peakBytes());
    }

    @Test
    void queuedCopiesHoldJobObjectsAndRunningOnesPagesBeyondTheRealBufferPool() throws Exception
    {
        final int chunk = 32;                   // 16 KiB per copy: 4 pages
        final long pool = 64 << 10;             // real buffers for four copies
        final int jobs = 20;
        final FakeDevice src = new FakeDevice("src", jobs * chunk, Completion.HELD);
        final FakeDevice dst = new FakeDevice("dst", jobs * chunk, Completion.INLINE);
        src.fillPattern(9);
        final CopierMemory account = new CopierMemory();
        final KcopydConfig config = KcopydConfig.defaults().withSubJobSectors(chunk).withBufferPoolBytes(pool)
            .withMemory(account);
        try (Kcopyd k = new Kcopyd("accounted", config))
        {
            assertSame(account, k.memory());
            final long reserve = CopierMemory.reserveBytes(chunk);
            assertEquals(reserve, account.currentBytes(), "a new client holds its reserves");
            final Recorder r = new Recorder(jobs).watching(k);
            for (int j = 0; j < jobs; j++)
            {
                k.copy(src, (long) j * chunk, chunk, dst, (long) j * chunk, r, j);
            }
            assertEquals(jobs, account.stats().jobs(), "a job object per submitted copy, at once");
            awaitTrue(() -> account.stats().pages() == jobs * 4L, "the worker reached every copy");
            final long all = reserve + jobs * JOB + jobs * 4 * PAGE;
            assertEquals(all, account.currentBytes(),
                "pages for all 20 copies, although real buffers exist for 4 of them");
            assertEquals(all, k.accountedBytes());
            assertEquals(4, src.heldCount(), "the real pool still bounds the copies at the device");
            assertEquals(pool, k.bufferBytesInUse());

            src.stopHolding();
            r.await();
            awaitTrue(() -> account.stats().jobs() == 0, "every job released");
            final CopierMemoryStats done = account.stats();
            assertEquals(reserve, done.currentBytes());
            assertEquals(0, done.pages());
            assertEquals(all, done.peakBytes());
            assertEquals(jobs, done.peakJobs());
            assertTrue(done.meanBytes() > reserve && done.meanBytes() < all, () -> "mean " + done.meanBytes());
            assertArrayEquals(src.bytes(0, (long) jobs * chunk), dst.bytes(0, (long) jobs * chunk));
        }
        finally
        {
            src.stopHolding();
            src.close();
            dst.close();
        }
        assertEquals(0, account.currentBytes(), "closing the client returns its reserves");
    }

    @Test
    void aSplitCopyHoldsOneJobObjectAndThePagesOfItsRunningPiecesOnly() throws Exception
    {
        final int piece = 16;                   // 8 KiB pieces: 2 pages each
        final long sectors = 10L * piece;       // 10 pieces, at most SPLIT_COUNT (8) at once
        final FakeDevice src = new FakeDevice("src", sectors, Completion.HELD);
        final FakeDevice dst = new FakeDevice("dst", sectors, Completion.INLINE);
        final CopierMemory account = new CopierMemory();
        try (Kcopyd k = new Kcopyd("split", KcopydConfig.defaults().withSubJobSizeKb(8).withMemory(account)))
        {
            assertEquals(piece, k.subJobSectors());
            final Recorder r = new Recorder(1).watching(k);
            k.copy(src, 0, sectors, dst, 0, r, 0);
            awaitTrue(() -> src.heldCount() == Kcopyd.SPLIT_COUNT, "eight pieces reading");
            final CopierMemoryStats s = account.stats();
            assertEquals(1, s.jobs(), "one slab object holds the master and its sub-jobs");
            assertEquals(Kcopyd.SPLIT_COUNT * 2, s.pages());
            src.stopHolding();
            r.await();
            awaitTrue(() -> account.stats().jobs() == 0, "the master released");
            assertEquals(0, account.stats().pages());
        }
        finally
        {
            src.stopHolding();
            src.close();
            dst.close();
        }
    }

    @Test
    void subJobSizeIsTheKernelParameterInKibibytes()
    {
        assertEquals(KcopydConfig.DEFAULT_SUB_JOB_SECTORS, KcopydConfig.subJobSectorsForKb(0), "0 means the default");
        assertEquals(1024, KcopydConfig.subJobSectorsForKb(512));
        assertEquals(2, KcopydConfig.subJobSectorsForKb(1));
        assertEquals(KcopydConfig.MAX_SUB_JOB_SECTORS, KcopydConfig.subJobSectorsForKb(1024));
        final IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
            () -> KcopydConfig.subJobSectorsForKb(1025));
        assertEquals("subJobSizeKb (kcopyd_subjob_size_kb) must be an integer in 0..1024 (0 = the default 512), "
            + "got '1025'", big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KcopydConfig.subJobSectorsForKb(-1));
        assertEquals(128, KcopydConfig.defaults().withSubJobSizeKb(64).subJobSectors());
    }
}
