package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.Errno;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.StatusType;
import io.dmsnap.engine.lvm.LvmStack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dm core's {@code device_area_is_invalid}: a table whose target maps beyond the end of its device
 * is refused at load with EINVAL and "&lt;dev&gt; too small for target: start=, len=, dev_size=".
 * The snapshot target is checked against its origin, snapshot-origin and linear against their
 * device (linear from its offset).
 */
@Timeout(60)
class TableLengthTest
{
    private static DeviceMapper withDevices() throws DmException
    {
        final DeviceMapper dm = new DeviceMapper();
        dm.addDevice(new MemoryDevice("base", 8192));
        dm.addDevice(new MemoryDevice("cow", 1024));
        return dm;
    }

    @Test
    void aSnapshotLongerThanItsOriginIsRefusedAtLoad() throws Exception
    {
        final DeviceMapper dm = withDevices();
        dm.create("snap");
        final DmException e = assertThrows(DmException.class,
            () -> dm.load("snap", LvmStack.snapshotTable(16384, "base", "cow", "N 8")));
        assertEquals("base too small for target: start=0, len=16384, dev_size=8192", e.getMessage());
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(dm.log().contains("snap: base too small for target: start=0, len=16384, dev_size=8192"));
        // Nothing of the refused table stays: no inactive table, no device held, no snapshot registered.
        assertTrue(dm.info("snap").contains("\nTables present: None\n"), dm.info("snap"));
        assertEquals(0, dm.openCount("base"));
        assertEquals(0, dm.openCount("cow"));
        assertTrue(Origins.of(dm).snapshots().isEmpty());
        // The same snapshot at the origin's length loads.
        dm.load("snap", LvmStack.snapshotTable(8192, "base", "cow", "N 8"));
        dm.resume("snap");
        assertEquals("0 8192 snapshot base cow N 8", dm.status("snap", StatusType.TABLE));
        dm.remove("snap");
    }

    @Test
    void anOriginLongerThanItsDeviceIsRefused() throws Exception
    {
        final DeviceMapper dm = withDevices();
        final DmException e = assertThrows(DmException.class,
            () -> dm.create("origin", LvmStack.originTable(8200, "base")));
        assertEquals("base too small for target: start=0, len=8200, dev_size=8192", e.getMessage());
        assertEquals(0, dm.openCount("base"));
        assertFalse(dm.names().contains("origin"));
    }

    @Test
    void linearIsCheckedFromItsOffset() throws Exception
    {
        final DeviceMapper dm = withDevices();
        assertEquals("base too small for target: start=8190, len=8, dev_size=8192",
            assertThrows(DmException.class, () -> dm.create("lin", "0 8 linear base 8190")).getMessage());
        assertEquals("base too small for target: start=8192, len=8, dev_size=8192",
            assertThrows(DmException.class, () -> dm.create("lin", "0 8 linear base 8192")).getMessage());
        // A second target of the table: its own length and offset, not the table's.
        assertEquals("cow too small for target: start=1000, len=32, dev_size=1024",
            assertThrows(DmException.class, () -> dm.create("lin", "0 8 linear base 0\n8 32 linear cow 1000"))
                .getMessage());
        dm.create("lin", "0 8 linear base 8184\n8 24 linear cow 1000");   // both end exactly at their device's end
        assertEquals(32, dm.mappedDevice("lin").sizeSectors());
        dm.remove("lin");
    }

    @Test
    void anOffsetNearTheLargestSectorDoesNotWrapAround() throws Exception
    {
        final DeviceMapper dm = withDevices();
        assertEquals("base too small for target: start=9223372036854775800, len=16, dev_size=8192",
            assertThrows(DmException.class, () -> dm.create("lin", "0 16 linear base 9223372036854775800"))
                .getMessage());
    }

    @Test
    void aDeviceWithoutSizeIsNotChecked() throws Exception
    {
        // A mapped device with no live table has size 0; dm core skips such a device, as the kernel does.
        final DeviceMapper dm = withDevices();
        dm.create("empty");
        dm.create("lin", "0 8 linear empty 0");
        assertEquals(8, dm.mappedDevice("lin").sizeSectors());
        dm.remove("lin");
    }
}
