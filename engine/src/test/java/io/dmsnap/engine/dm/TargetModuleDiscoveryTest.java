package io.dmsnap.engine.dm;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.config.EngineConfig;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetModuleDiscoveryTest
{
    @Test
    void modulesOnTheClassPathRegisterOncePerInstance() throws DmException
    {
        final EngineConfig config = EngineConfig.of("v5.0", List.of());
        final DeviceMapper one = new DeviceMapper(config);
        final DeviceMapper two = new DeviceMapper();
        assertSame(config, one.config());
        assertTrue(one.targetTypeNames().containsAll(List.of("error", "linear", "zero",
            DiscoveredTestModule.TYPE_NAME)));
        final DiscoveredTestModule.State s1 = one.moduleState(DiscoveredTestModule.State.class, d ->
        {
            throw new AssertionError("registered at construction, not created again");
        });
        final DiscoveredTestModule.State s2 = two.moduleState(DiscoveredTestModule.State.class,
            DiscoveredTestModule.State::new);
        assertNotSame(s1, s2);
        assertSame(one, s1.owner);
        assertEquals(1, s1.registrations.get());

        final MappedDevice md = one.create("d", "0 8 " + DiscoveredTestModule.TYPE_NAME);
        assertEquals(BlkStatus.OK, SyncIo.read(md, 0, ByteBuffer.allocate(8 * Bio.SECTOR_SIZE)));
        assertThrows(IllegalStateException.class, () -> one.registerTargetType(ZeroTarget.TYPE));
    }
}
