package io.dmsnap.engine.lvm;

import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.StatusType;
import io.dmsnap.engine.snap.OriginTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stack builder: the kernel's table lines, LVM's order of operations, teardown. */
@Timeout(10)
final class LvmStackTest
{
    private static final long SECTORS = 4096;

    @Test
    void tableLinesAreTheKernels()
    {
        assertEquals("0 4096 snapshot-origin base", LvmStack.originTable(SECTORS, "base"));
        assertEquals("0 4096 snapshot base cow P 8", LvmStack.snapshotTable(SECTORS, "base", "cow", "P 8"));
        assertEquals("0 2048 snapshot vg-data vg-cow N 16 1 discard_zeroes_cow",
            LvmStack.snapshotTable(2048, "vg-data", "vg-cow", "N 16 1 discard_zeroes_cow"));
    }

    @Test
    void aSnapshotIsLoadedWhileTheOriginIsSuspendedAndTheOriginResumesWithTheNewBoundary() throws DmException
    {
        final DeviceMapper dm = new DeviceMapper(EngineConfig.current());
        final LvmStack stack = new LvmStack(dm, new MemoryDevice("data", SECTORS));
        assertEquals("0 4096 snapshot-origin data", dm.status(LvmStack.ORIGIN, StatusType.TABLE).trim());
        assertEquals(1L << 31, originTarget(stack).splitBoundary(), "no snapshot yet");
        final List<Boolean> suspendedDuringLoad = new ArrayList<>();
        stack.addSnapshotOn("s1", register(dm, "cow1"), "N 16", () -> suspendedDuringLoad.add(stack.origin().isSuspended()));
        assertEquals(List.of(true), suspendedDuringLoad);
        assertFalse(stack.origin().isSuspended());
        assertEquals(16, originTarget(stack).splitBoundary());
        stack.addSnapshot("s2", new MemoryDevice("cow2", SECTORS), "P 8");
        assertEquals(8, originTarget(stack).splitBoundary(), "the smallest chunk, recomputed at the origin's resume");
        assertEquals("0 4096 snapshot data cow2 P 8", dm.status("s2", StatusType.TABLE).trim());
        assertEquals(8, stack.snapshot("s2").chunkSize());
        assertEquals("0 4096 snapshot data cow9 N 8", stack.snapshotTable("cow9", "N 8"));

        stack.removeSnapshot("s2");
        assertNull(dm.mappedDevice("s2"));
        assertEquals(16, originTarget(stack).splitBoundary());
        assertFalse(stack.origin().isSuspended());
    }

    @Test
    void aRefusedSnapshotLeavesTheOriginRunning() throws DmException
    {
        final DeviceMapper dm = new DeviceMapper(EngineConfig.current());
        final LvmStack stack = new LvmStack(dm, new MemoryDevice("data", SECTORS));
        final DmException e = assertThrows(DmException.class,
            () -> stack.addSnapshot("bad", new MemoryDevice("cow", SECTORS), "N 3"));
        assertTrue(e.getMessage().contains("Couldn't create exception store"), e.getMessage());
        assertFalse(stack.origin().isSuspended());
        assertNull(dm.mappedDevice("bad"));
    }

    @Test
    void removeAllTakesSnapshotsBeforeTheOrigin() throws DmException
    {
        final DeviceMapper dm = new DeviceMapper(EngineConfig.current());
        final LvmStack stack = new LvmStack(dm, new MemoryDevice("data", SECTORS));
        stack.addSnapshot("a", new MemoryDevice("cow-a", SECTORS), "N 8");
        stack.addSnapshot("b", new MemoryDevice("cow-b", SECTORS), "P 8");
        dm.create("other", "0 8 zero");
        stack.removeAll();
        assertEquals(List.of(), dm.names());
        for (final String device : List.of("cow-a", "cow-b", "data"))
        {
            assertEquals(0, dm.openCount(device), device + " is still held");
            dm.removeDevice(device);
        }
    }

    private static String register(final DeviceMapper dm, final String name) throws DmException
    {
        dm.addDevice(new MemoryDevice(name, SECTORS));
        return name;
    }

    private static OriginTarget originTarget(final LvmStack stack)
    {
        return (OriginTarget) stack.origin().targetAt(0);
    }
}
