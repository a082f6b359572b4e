package io.dmsnap.bench.stack;

import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.DeviceProfile;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.block.TimedDeviceStats;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.snap.SnapshotStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** N snapshots of one origin: one copy per snapshot for each first write to a chunk; counters per device. */
@Timeout(30)
final class ManySnapshotsStackTest
{
    private static final long SECTORS = 1 << 15;   // 16 MiB

    @Test
    void aFirstOriginWriteCopiesTheChunkOncePerSnapshot() throws Exception
    {
        final DeviceProfile fast = DeviceProfile.parse("latency=20us");
        try (ManySnapshotsStack stack = new ManySnapshotsStack(EngineConfig.current(), SECTORS, 3, "N", 8, fast, fast))
        {
            assertEquals(3, stack.snapshotCount());
            assertSame(stack.snapshot(1), stack.target("snapshot"));
            assertSame(stack.origin(), stack.target("origin"));
            final ByteBuffer data = ByteBuffer.allocate(4096);
            assertEquals(BlkStatus.OK, SyncIo.io(stack.origin(), BioOp.WRITE, 0, 8, data, 0));
            assertEquals(BlkStatus.OK, SyncIo.io(stack.origin(), BioOp.WRITE, 0, 8, data, 0));   // copied already
            assertEquals(BlkStatus.OK, SyncIo.io(stack.origin(), BioOp.WRITE, 64, 8, data, 0));
            final TimedDeviceStats origin = stack.originTiming();
            assertEquals(2 * 3, origin.reads(), "two chunks, each read once per snapshot");
            assertEquals(3, origin.writes());
            assertEquals(3, stack.cowTimings().size());
            for (final TimedDeviceStats cow : stack.cowTimings())
            {
                assertEquals(2, cow.writes());
            }
            for (final SnapshotStats s : stack.snapshotStats())
            {
                // A copy is accounted as ended just after it releases the write that waited on it, so the
                // next synchronous write's copy may overlap it.
                assertTrue(s.peakCopiesInFlight() >= 1 && s.peakCopiesInFlight() <= 2, s.toString());
                assertTrue(s.valid());
            }
            assertTrue(stack.lastDueNanos() > 0);
            assertTrue(stack.allValid());
            assertTrue(stack.describe().contains("3 snapshots N chunk 8 sectors"), stack.describe());
        }
    }

    @Test
    void nullProfilesLeaveTheDevicesUntimed() throws Exception
    {
        try (ManySnapshotsStack stack = new ManySnapshotsStack(EngineConfig.current(), SECTORS, 1, "P", 16,
            DeviceProfile.NULL, DeviceProfile.NULL))
        {
            assertNull(stack.originTiming());
            assertEquals(0, stack.cowTimings().size());
            assertEquals(0, stack.lastDueNanos());
            assertEquals("P", stack.store());
        }
    }

    @Test
    void badShapesAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new ManySnapshotsStack(EngineConfig.current(), SECTORS, 0, "N", 8,
            DeviceProfile.NULL, DeviceProfile.NULL));
        assertThrows(IllegalArgumentException.class, () -> new ManySnapshotsStack(EngineConfig.current(), 4, 1, "N", 8,
            DeviceProfile.NULL, DeviceProfile.NULL));
        try (ManySnapshotsStack stack = new ManySnapshotsStack(EngineConfig.current(), SECTORS, 1, "N", 8,
            DeviceProfile.NULL, DeviceProfile.NULL))
        {
            assertThrows(IllegalArgumentException.class, () -> stack.target("raw"));
        }
        catch (final Exception e)
        {
            throw new AssertionError(e);
        }
    }
}
