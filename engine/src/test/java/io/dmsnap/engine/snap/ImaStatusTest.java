package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Preset;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.dm.StatusType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.dmsnap.engine.snap.SnapStack.pattern;
import static io.dmsnap.engine.snap.SnapStack.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code STATUSTYPE_IMA} (8ec45662): the measurement lines of snapshot, snapshot-origin and linear. */
@Timeout(60)
class ImaStatusTest
{
    private static String ima(final SnapStack st, final String name) throws Exception
    {
        return SnapStack.targetStatus(st.dm.status(name, StatusType.IMA));
    }

    @Test
    void aValidSnapshotMeasuresItsDevicesAndFlags() throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            st.addSnapshot("snap", 64 * 8, "P", 8);
            assertEquals("target_name=snapshot,target_version=1.16.0,snap_origin_name=base,snap_cow_name=snap-cow,"
                + "snap_valid=y,snap_merge_failed=n,snapshot_overflowed=n;", ima(st, "snap"));
            assertEquals("0 8192 snapshot-origin ", st.dm.status("origin", StatusType.IMA));   // origin_status measures nothing
        }
    }

    @Test
    void invalidationShowsInTheValidFlag() throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            st.addSnapshot("full", 2 * 8, "N", 8);
            for (int b = 0; b < 3; b++)
            {
                assertEquals(BlkStatus.OK, write(st.origin, b * 8L, pattern(b, 1, 0)));
            }
            assertEquals("Invalid", st.info("full"));
            assertEquals("target_name=snapshot,target_version=1.16.0,snap_origin_name=base,snap_cow_name=full-cow,"
                + "snap_valid=n,snap_merge_failed=n,snapshot_overflowed=n;", ima(st, "full"));
        }
    }

    @Test
    void overflowShowsInTheOverflowFlag() throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            final MappedDevice over = st.addSnapshot("over", 4 * 8, "PO", 8);   // header, area 0, 2 data chunks
            for (int b = 0; b < 3; b++)
            {
                write(over, b * 8L, pattern(b, 1, 0));
            }
            assertEquals("Overflow", st.info("over"));
            assertEquals("target_name=snapshot,target_version=1.16.0,snap_origin_name=base,snap_cow_name=over-cow,"
                + "snap_valid=y,snap_merge_failed=n,snapshot_overflowed=y;", ima(st, "over"));
        }
    }

    @Test
    void theVersionIsThePresetKernels() throws Exception
    {
        try (SnapStack st = new SnapStack(Preset.V3_12.config(), 8192))
        {
            st.addSnapshot("snap", 64 * 8, "N", 8);
            assertEquals("target_name=snapshot,target_version=1.11.1,snap_origin_name=base,snap_cow_name=snap-cow,"
                + "snap_valid=y,snap_merge_failed=n,snapshot_overflowed=n;", ima(st, "snap"));
        }
    }

    @Test
    void linearMeasuresItsDeviceAndStart() throws Exception
    {
        final DeviceMapper dm = new DeviceMapper();
        dm.addDevice(new MemoryDevice("a", 64));
        dm.create("lin", "0 8 linear a 16\n8 8 zero");
        assertEquals("0 8 linear target_name=linear,target_version=1.5.0,device_name=a,start=16;\n8 8 zero ",
            dm.status("lin", StatusType.IMA));
        dm.remove("lin");
    }
}
