package io.dmsnap.bench.stack;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.DeviceProfile;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.block.TimedDevice;
import io.dmsnap.engine.block.TimedDeviceStats;
import io.dmsnap.engine.config.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The profiles reach the stack's devices through the constructor; counters, not times, are checked. */
@Timeout(30)
final class SnapshotStackProfileTest
{
    private static final long SECTORS = 1 << 15;   // 16 MiB

    @Test
    void profilesTimeTheDataAndEveryCowDevice() throws Exception
    {
        final DeviceProfile origin = DeviceProfile.parse("latency=50us,qd=4");
        final DeviceProfile cow = DeviceProfile.parse("hdd");
        final MemoryDevice base = new MemoryDevice("base", SECTORS);
        try (SnapshotStack stack = new SnapshotStack(EngineConfig.current(), base, origin,
            () -> new MemoryDevice("cow", SECTORS), cow, "N", 8))
        {
            assertTrue(stack.base() instanceof TimedDevice);
            assertSame(base, ((TimedDevice) stack.base()).inner());
            assertTrue(stack.cow() instanceof TimedDevice);
            assertSame(origin, stack.originProfile());
            assertSame(cow, stack.cowProfile());
            assertTrue(stack.describe().endsWith(", origin device latency=50us,qd=4, cow device hdd"), stack.describe());

            final ByteBuffer data = ByteBuffer.allocate(4096);
            data.put(0, (byte) 7);
            for (int i = 0; i < 3; i++)
            {
                assertEquals(BlkStatus.OK, SyncIo.io(stack.origin(), BioOp.WRITE, i * 64L, 8, data, 0));
            }
            // Each first write to a chunk copies it: one origin read and one COW write per chunk.
            final TimedDeviceStats o = stack.originTiming();
            assertEquals(3, o.reads());
            assertEquals(3, o.writes());
            assertEquals(6, o.delivered());
            final TimedDeviceStats c = stack.cowTiming();
            assertEquals(3, c.writes());
            assertEquals(3 * 4096, c.bytesWritten());
            assertEquals(0, c.inFlight());
            assertEquals(7, base.readBytes(64, 1)[0], "the write reached the data device through the timing wrapper");

            stack.renewSnapshot();
            assertTrue(stack.cow() instanceof TimedDevice, "a renewed COW is timed too");
            assertEquals(0, stack.cowTiming().requests(), "a fresh COW device starts its own accounting");
        }
    }

    @Test
    void theNullProfilesLeaveTheDevicesAsTheyAre() throws Exception
    {
        final MemoryDevice base = new MemoryDevice("base", SECTORS);
        try (SnapshotStack stack = new SnapshotStack(EngineConfig.current(), base, () -> new MemoryDevice("cow", SECTORS),
            "N", 8))
        {
            assertSame(base, stack.base());
            assertTrue(stack.cow() instanceof MemoryDevice);
            assertNull(stack.originTiming());
            assertNull(stack.cowTiming());
            assertTrue(stack.describe().endsWith(", origin device null, cow device null"), stack.describe());
            assertEquals(BlkStatus.OK, SyncIo.io(stack.origin(), BioOp.WRITE, 0, 8, ByteBuffer.allocate(Bio.SECTOR_SIZE * 8), 0));
        }
    }
}
