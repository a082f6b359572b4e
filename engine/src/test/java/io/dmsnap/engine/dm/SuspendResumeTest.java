package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.MemoryDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SuspendResumeTest
{
    private DeviceMapper dm;
    private ProbeType probe;

    @BeforeEach
    void setUp() throws DmException
    {
        dm = new DeviceMapper();
        probe = new ProbeType();
        dm.registerTargetType(probe);
        dm.addDevice(new MemoryDevice("base", 64));
    }

    /** Completion counter for submitted bios. */
    private static final class Done
    {
        final AtomicInteger count = new AtomicInteger();
        final AtomicInteger status = new AtomicInteger(-1);

        Bio bio(final BioOp op, final long sector, final int sectors)
        {
            return new Bio().init(op, sector, sectors, null, 0, (b, s) ->
            {
                status.set(s);
                count.incrementAndGet();
            }, null);
        }
    }

    private ProbeTarget probeAt(final MappedDevice md, final long sector)
    {
        return (ProbeTarget) md.targetAt(sector);
    }

    private static void assertStillRunning(final CompletableFuture<?> f)
    {
        assertThrows(TimeoutException.class, () -> f.get(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void suspendWaitsForInFlightAndHoldsNewIoUntilResume() throws Exception
    {
        final MappedDevice md = dm.create("d", "0 16 probe p mode=hold");
        final Done first = new Done();
        md.submit(first.bio(BioOp.WRITE, 0, 4));
        assertEquals(1, md.inFlight());
        final CompletableFuture<Void> suspend = CompletableFuture.runAsync(() -> suspendQuietly("d"));
        assertStillRunning(suspend);
        assertFalse(md.isSuspended());
        assertEquals(List.of("ctr p", "preresume p", "resume p", "presuspend p"), probe.events());

        assertEquals(1, probeAt(md, 0).completeHeld(BlkStatus.OK));
        suspend.get(5, TimeUnit.SECONDS);
        assertTrue(md.isSuspended());
        assertEquals(1, first.count.get());
        assertEquals("postsuspend p", probe.events().get(4));
        assertEquals("0 16 probe quiesced", dm.status("d", StatusType.INFO));

        final Done second = new Done();
        md.submit(second.bio(BioOp.READ, 8, 8));
        assertEquals(1, md.heldBios());
        assertEquals(1, probe.seen().size(), "a held bio does not reach the target");
        assertEquals(0, md.inFlight());

        dm.resume("d");
        assertFalse(md.isSuspended());
        assertEquals(0, md.heldBios());
        assertEquals("p READ 8+8 #0", probe.seen().get(1));
        assertEquals(1, probeAt(md, 0).completeHeld(BlkStatus.NOSPC));
        assertEquals(1, second.count.get());
        assertEquals(BlkStatus.NOSPC, second.status.get());
        assertEquals(0, probe.violations.get());
    }

    private void suspendQuietly(final String name)
    {
        try
        {
            dm.suspend(name);
        }
        catch (final DmException e)
        {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void loadAndResumeSwapTablesInKernelOrder() throws DmException
    {
        dm.create("d", "0 16 probe old");
        dm.load("d", "0 16 probe new1\n16 8 probe new2");
        assertEquals("0 16 probe old", dm.status("d", StatusType.TABLE));
        dm.resume("d");
        assertEquals(List.of("ctr old", "preresume old", "resume old", "ctr new1", "ctr new2",
            "presuspend old", "postsuspend old", "preresume new1", "preresume new2", "resume new1", "resume new2",
            "dtr old"), probe.events());
        assertEquals("0 16 probe new1\n16 8 probe new2", dm.status("d", StatusType.TABLE));
        assertEquals(24, dm.mappedDevice("d").sizeSectors());
        // suspend and resume without a new table: hooks only, no constructor or destructor
        probe.clear();
        dm.suspend("d");
        dm.suspend("d");
        dm.resume("d");
        dm.resume("d");
        assertEquals(List.of("presuspend new1", "presuspend new2", "postsuspend new1", "postsuspend new2",
            "preresume new1", "preresume new2", "resume new1", "resume new2"), probe.events());
    }

    @Test
    void preresumeFailureKeepsTheDeviceSuspended() throws DmException
    {
        final MappedDevice md = dm.create("d", "0 16 probe old");
        probe.failPreresume.add("bad");
        dm.load("d", "0 8 probe good\n8 8 probe bad");
        probe.clear();
        final DmException e = assertThrows(DmException.class, () -> dm.resume("d"));
        assertEquals("probe: preresume failed: probe bad cannot resume", e.getMessage());
        assertEquals("probe bad cannot resume", e.targetError());
        assertEquals(List.of("presuspend old", "postsuspend old", "preresume good", "preresume bad", "dtr old"),
            probe.events());
        assertTrue(md.isSuspended());
        final Done held = new Done();
        md.submit(held.bio(BioOp.READ, 0, 1));
        assertEquals(0, held.count.get());
        assertEquals(1, md.heldBios());
        probe.failPreresume.clear();
        dm.resume("d");
        assertFalse(md.isSuspended());
        assertEquals(1, held.count.get());
    }

    @Test
    void removeSuspendsDestroysAndFailsLaterIo() throws DmException
    {
        final MappedDevice md = dm.create("d", "0 16 probe live");
        dm.load("d", "0 16 probe staged");
        dm.suspend("d");
        final Done held = new Done();
        md.submit(held.bio(BioOp.READ, 0, 1));
        probe.clear();
        dm.remove("d");
        assertEquals(List.of("dtr staged", "dtr live"), probe.events());
        assertEquals(1, held.count.get());
        assertEquals(BlkStatus.IOERR, held.status.get());
        final Done late = new Done();
        md.submit(late.bio(BioOp.READ, 0, 1));
        assertEquals(BlkStatus.IOERR, late.status.get());
        assertTrue(dm.names().isEmpty());
        assertThrows(DmException.class, () -> dm.remove("d"));

        dm.create("e", "0 8 probe active");
        probe.clear();
        dm.remove("e");
        assertEquals(List.of("presuspend active", "postsuspend active", "dtr active"), probe.events());
    }

    @Test
    void internalSuspendQuiescesWithoutHooks() throws Exception
    {
        final MappedDevice md = dm.create("d", "0 16 probe p mode=hold");
        md.submit(new Done().bio(BioOp.WRITE, 0, 1));
        probe.clear();
        final CompletableFuture<Void> quiesce = CompletableFuture.runAsync(md::suspendInternal);
        assertStillRunning(quiesce);
        probeAt(md, 0).completeHeld(BlkStatus.OK);
        quiesce.get(5, TimeUnit.SECONDS);
        assertTrue(md.isSuspendedInternally());
        assertFalse(md.isSuspended());
        assertTrue(probe.events().isEmpty(), "no hooks for an internal suspend");

        final Done during = new Done();
        md.submit(during.bio(BioOp.READ, 0, 1));
        assertEquals(1, md.heldBios());
        // a user suspend waits for the internal resume
        probeAt(md, 0).mode = "complete";
        final CompletableFuture<Void> user = CompletableFuture.runAsync(() -> suspendQuietly("d"));
        assertStillRunning(user);
        assertEquals(0, during.count.get());
        md.resumeInternal();
        user.get(5, TimeUnit.SECONDS);
        assertTrue(md.isSuspended());
        assertFalse(md.isSuspendedInternally());
        assertEquals(List.of("presuspend p", "postsuspend p"), probe.events());
        // the read either ran between the two suspends or is held again by the user suspend
        assertEquals(1, during.count.get() + md.heldBios());
        dm.resume("d");
        assertEquals(1, during.count.get());
        assertEquals(BlkStatus.OK, during.status.get());
    }

    @Test
    void internalSuspendNestsInsideAUserSuspend() throws DmException
    {
        final MappedDevice md = dm.create("d", "0 16 probe p");
        dm.suspend("d");
        md.suspendInternal();
        md.suspendInternal();
        md.resumeInternal();
        md.resumeInternal();
        assertTrue(md.isSuspended());
        final Done held = new Done();
        md.submit(held.bio(BioOp.READ, 0, 1));
        assertEquals(0, held.count.get(), "still suspended by the user");
        dm.resume("d");
        assertEquals(1, held.count.get());
        assertThrows(IllegalStateException.class, md::resumeInternal);
        assertTrue(dm.info("d").contains("State: ACTIVE"));
    }
}
