package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.FlakeyDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.NullDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.copy.Kcopyd;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.store.CowInspector;
import io.dmsnap.engine.store.CowReport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.dmsnap.engine.snap.SnapStack.BLOCK;
import static io.dmsnap.engine.snap.SnapStack.pattern;
import static io.dmsnap.engine.snap.SnapStack.read;
import static io.dmsnap.engine.snap.SnapStack.sectorsOf;
import static io.dmsnap.engine.snap.SnapStack.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code copyCompletion}: with SUBMITTER_WHEN_IDLE a write that needs a copy, submitted while the
 * snapshot's copier is idle, is copied and completed on the submitting thread (counted in
 * {@link SnapshotStats#submitterCopies()}), with the same data and the same commit order as on the
 * copier thread; with COPIER_THREAD (the kernel's design) never.
 */
@Timeout(60)
final class RunToCompletionTest
{
    private static final long SECTORS = 4096;
    private static final int WRITES = 16;

    private static final ExecutorService IO = Executors.newCachedThreadPool(r ->
    {
        final Thread t = new Thread(r, "run-to-completion-io");
        t.setDaemon(true);
        return t;
    });

    private static EngineConfig config(final String copyCompletion)
    {
        return EngineConfig.of("current", List.of("copyCompletion=" + copyCompletion));
    }

    /**
     * One writer, one request at a time: the origin path (copy), the snapshot path with a chunk
     * larger than the write (copy) and with a chunk the write covers (full-chunk write, no copy),
     * on the transient and the persistent store. Every write after the first finds the copier
     * idle (the first also does, unless the copier thread has not finished starting).
     */
    @ParameterizedTest(name = "{0} {1} {2} chunk={3}")
    @CsvSource({
        "SUBMITTER_WHEN_IDLE,origin,N,8", "SUBMITTER_WHEN_IDLE,origin,P,16",
        "SUBMITTER_WHEN_IDLE,snapshot,N,16", "SUBMITTER_WHEN_IDLE,snapshot,P,8",
        "SUBMITTER_WHEN_IDLE,snapshot,N,8", "SUBMITTER_WHEN_IDLE,snapshot,P,16",
        "COPIER_THREAD,origin,P,8", "COPIER_THREAD,snapshot,N,8", "COPIER_THREAD,snapshot,P,16"})
    void writesAtQueueDepthOneCompleteOnTheSubmitterOnlyWhenSwitchedOn(final String copyCompletion,
                                                                       final String target, final String store,
                                                                       final int chunk) throws Exception
    {
        final boolean here = copyCompletion.equals("SUBMITTER_WHEN_IDLE");
        try (SnapStack st = new SnapStack(config(copyCompletion), SECTORS))
        {
            for (int b = 0; b <= 2 * WRITES + 1; b++)
            {
                assertEquals(BlkStatus.OK, write(st.origin, b * (long) sectorsOf(BLOCK), pattern(b, 0, 0)));
            }
            final MappedDevice snap = st.addSnapshot("snap", SECTORS, store, chunk);
            final MappedDevice written = target.equals("origin") ? st.origin : snap;
            final MappedDevice other = target.equals("origin") ? snap : st.origin;
            final Snapshot s = st.snapshot("snap");
            // The first write warms the copier up; the counted ones start from here.
            assertEquals(BlkStatus.OK, write(written, 0, pattern(0, 1, 0)));
            final long before = s.stats().submitterCopies();

            for (int b = 1; b <= WRITES; b++)
            {
                // Each block in its own chunk: chunk 16 writes every other block.
                final long block = b * (long) (chunk / sectorsOf(BLOCK));
                assertEquals(BlkStatus.OK, write(written, block * sectorsOf(BLOCK), pattern(block, 1, 0)));
            }

            assertEquals(here ? WRITES : 0, s.stats().submitterCopies() - before, "copies completed by the submitter");
            for (int b = 0; b <= WRITES; b++)
            {
                final long block = b * (long) (chunk / sectorsOf(BLOCK));
                assertArrayEquals(pattern(block, 1, 0), read(written, block * sectorsOf(BLOCK), BLOCK), "written block " + block);
                assertArrayEquals(pattern(block, 0, 0), read(other, block * sectorsOf(BLOCK), BLOCK), "untouched block " + block);
            }
            if (!here)
            {
                // The copier thread releases the bio inside the callback and finishes the job after it.
                awaitSettled(s);
            }
            // With run-to-completion all of it was over when the last write returned.
            assertEquals(0, s.stats().copierJobs());
            assertEquals(0, s.stats().copiesInFlight(), "the COW throttle counted every copy's end");
            assertEquals(0, s.stats().pendingExceptions());
            assertEquals(0, s.stats().parkedCompletions());
        }
    }

    /** Wait (at most five seconds) until the copier has no job and the throttle no copy in flight. */
    private static void awaitSettled(final Snapshot s) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((s.stats().copierJobs() != 0 || s.stats().copiesInFlight() != 0 || s.stats().pendingExceptions() != 0)
            && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(1);
        }
    }

    /**
     * A run-to-completion copy whose origin read is held in the device is handed to the copier
     * thread after the submitter's spin; the copies of two more writers, started while it is in
     * flight, are queued. Completed in reverse allocation order, they are still committed to the
     * persistent store in allocation order: the hand-over keeps the in-order stage's guarantee.
     */
    @Test
    void aHandedOverCopyAndQueuedOnesCommitInAllocationOrder() throws Exception
    {
        final FlakeyDevice base = new FlakeyDevice("base", new MemoryDevice("base-mem", SECTORS));
        try (SnapStack st = new SnapStack(config("SUBMITTER_WHEN_IDLE"), base))
        {
            final MemoryDevice cow = new MemoryDevice("cow", SECTORS);
            st.dm.addDevice(cow);
            st.addSnapshotOn("snap", "cow", "P", "8");
            final Snapshot s = st.snapshot("snap");
            final Kcopyd copier = (Kcopyd) s.copier;
            assertEquals(BlkStatus.OK, write(st.origin, 10 * 8L, pattern(10, 1, 0)));   // warms the copier up
            awaitSettled(s);
            final long before = s.stats().submitterCopies();
            final List<FlakeyDevice.Hold> holds = new ArrayList<>();
            final List<CompletableFuture<Integer>> writes = new ArrayList<>();
            for (int c = 1; c <= 3; c++)
            {
                final FlakeyDevice.Hold h = base.hold(FlakeyDevice.Selector.ops(BioOp.READ).sectors(c * 8L, c * 8L + 8).count(1));
                holds.add(h);
                final long sector = c * 8L;
                final int block = c;
                writes.add(CompletableFuture.supplyAsync(() -> write(st.origin, sector, pattern(block, 1, 0)), IO));
                assertTrue(h.awaitHeld(5, TimeUnit.SECONDS));   // allocation order = 1, 2, 3
            }
            assertEquals(1, s.stats().submitterCopies() - before, "only the first found the copier idle");
            assertEquals(1, copier.copiesHandedOver(), "its held read outlasted the spin");
            for (int i = 2; i >= 0; i--)
            {
                holds.get(i).releaseAll();   // copies complete 3, 2, 1
                Thread.sleep(20);
            }
            for (final CompletableFuture<Integer> w : writes)
            {
                assertEquals(BlkStatus.OK, w.get(5, TimeUnit.SECONDS));
            }
            final CowReport report = CowInspector.inspect(cow, null);
            final StringBuilder olds = new StringBuilder();
            for (int i = 0; i < report.exceptionCount(); i++)
            {
                olds.append(i == 0 ? "" : ",").append(report.oldChunk(i));
            }
            assertEquals("10,1,2,3", olds.toString());
        }
    }

    /**
     * The whole copy-on-write of a run-to-completion write (copy, in-order commit, store commit,
     * {@code pending_complete}, release) runs on the submitting thread, so that thread's allocation
     * counter covers all of it: after a warm-up, 20,000 first writes to new chunks (origin and
     * snapshot path, each an exception) allocate less than one byte per write on it. The bound
     * leaves room for the exception table's occasional growth, which is amortised, not per write.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"origin", "snapshot"})
    void aRunToCompletionWriteAllocatesNothing(final String target) throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long chunks = 60_000;
        try (SnapStack st = new SnapStack(config("SUBMITTER_WHEN_IDLE"), new NullDevice("base", chunks * 8)))
        {
            final MappedDevice snap = st.lvm.addSnapshot("snap", new NullDevice("snap-cow", (chunks + 64) * 8), "N 8");
            final MappedDevice dev = target.equals("origin") ? st.origin : snap;
            final Snapshot s = st.snapshot("snap");
            final SyncIo.Waiter waiter = new SyncIo.Waiter();
            final Bio bio = new Bio();
            final ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
            long chunk = 0;
            for (; chunk < 30_000; chunk++)   // warm-up: compiled code, pools and tables at size
            {
                assertEquals(BlkStatus.OK, waiter.submitAndWait(dev, bio.init(BioOp.WRITE, chunk * 8, 8, block, 0, null, null)));
            }
            final long copiesBefore = s.stats().submitterCopies();
            final long before = threads.getCurrentThreadAllocatedBytes();
            final int writes = 20_000;
            for (int i = 0; i < writes; i++, chunk++)
            {
                final int status = waiter.submitAndWait(dev, bio.init(BioOp.WRITE, chunk * 8, 8, block, 0, null, null));
                if (status != BlkStatus.OK)
                {
                    throw new AssertionError("write of chunk " + chunk + ": " + BlkStatus.name(status));
                }
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertTrue(s.stats().submitterCopies() - copiesBefore >= writes * 9L / 10,
                "most writes completed on this thread: " + (s.stats().submitterCopies() - copiesBefore));
            assertTrue(allocated < writes, allocated + " bytes allocated by " + writes + " writes");
        }
    }
}
