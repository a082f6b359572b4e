package io.dmsnap.engine.lvm;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.NullDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DeviceMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of snapshots created, written through and removed leave nothing behind: no mapped
 * device, no copier thread and no direct memory. Each snapshot's copier has a direct buffer arena
 * and each off-heap table its buckets; both are freed when their owner closes, not when the
 * collector gets to them, so the direct memory in use returns to its baseline with no GC at all.
 * (The devices here are null devices, which hold no memory of their own.)
 */
@Timeout(120)
final class SnapshotChurnTest
{
    private static final long SECTORS = 8192;
    private static final int SNAPSHOTS = 2000;
    /** Direct memory that may stay in use: JDK internals (a few temporary I/O buffers per thread). */
    private static final long SLACK_BYTES = 4L << 20;

    @Test
    void createdAndRemovedSnapshotsReleaseTheirDevicesThreadsAndDirectMemory() throws Exception
    {
        final DeviceMapper dm = new DeviceMapper(EngineConfig.current());
        final LvmStack stack = new LvmStack(dm, new NullDevice("data", SECTORS));
        final ByteBuffer block = ByteBuffer.allocateDirect(4096);
        // One round first, so that lazily created JDK and engine singletons are part of the baseline.
        churn(dm, stack, block, 0);
        final long baseline = directBytes();

        for (int i = 1; i <= SNAPSHOTS; i++)
        {
            churn(dm, stack, block, i);
        }

        assertEquals(List.of(LvmStack.ORIGIN), dm.names(), "mapped devices left");
        assertEquals(List.of(), copierThreads(), "copier threads left");
        final long after = directBytes();
        assertTrue(after <= baseline + SLACK_BYTES, "direct memory in use: " + baseline + " bytes before "
            + SNAPSHOTS + " snapshots, " + after + " after");
    }

    /** Snapshot {@code i}: created, one origin write copied into it, removed, its COW forgotten. */
    private static void churn(final DeviceMapper dm, final LvmStack stack, final ByteBuffer block, final int i)
        throws Exception
    {
        final String name = "churn" + i;
        final NullDevice cow = new NullDevice("churn-cow" + i, SECTORS);
        stack.addSnapshot(name, cow, i % 2 == 0 ? "N 8" : "P 8");
        block.clear();
        assertEquals(BlkStatus.OK, SyncIo.write(stack.origin(), (i % (SECTORS / 8)) * 8, block));
        stack.removeSnapshot(name);
        dm.removeDevice(cow.name());
        cow.close();
    }

    private static long directBytes()
    {
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if (pool.getName().equals("direct"))
            {
                return pool.getMemoryUsed();
            }
        }
        throw new IllegalStateException("no direct buffer pool reported by this JVM");
    }

    private static List<String> copierThreads()
    {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
            .filter(n -> n.startsWith("kcopyd/churn")).toList();
    }
}
