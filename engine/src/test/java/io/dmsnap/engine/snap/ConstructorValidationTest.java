package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every constructor error of {@code origin_ctr} and {@code snapshot_ctr} comes from its input, in the kernel's step order,
 * and a failed constructor leaves nothing registered with the origin.
 */
class ConstructorValidationTest
{
    private static DeviceMapper dm() throws DmException
    {
        final DeviceMapper dm = new DeviceMapper(EngineConfig.current());
        dm.addDevice(new MemoryDevice("base", 8192));
        dm.addDevice(new MemoryDevice("cow", 8192));
        dm.addDevice(new MemoryDevice("cow4k", 8192, 4096));
        return dm;
    }

    @ParameterizedTest(name = "[{0}] -> {1} / {2}")
    @CsvSource(delimiter = '|', value = {
        "base cow N                                     | requires 4 or more arguments |",
        "base cow N 8 3 discard_zeroes_cow a b          | Invalid number of feature arguments |",
        "base cow N 8 x                                 | Invalid number of feature arguments |",
        "base cow N 8 2 discard_zeroes_cow              | Invalid number of feature arguments |",
        "base cow N 8 -1                                | Invalid number of feature arguments |",
        "base cow N 8 1 bogus_feature                   | Unrecognised feature requested |",
        "base cow N 8 1 discard_passdown_origin         | discard_passdown_origin feature depends on discard_zeroes_cow |",
        "nosuch cow N 8                                 | Cannot get origin device |",
        "base nosuch N 8                                | Cannot get COW device |",
        "nosuch nosuch2 N 8 1 bogus                     | Unrecognised feature requested |",
        "base base N 8                                  | COW device cannot be the same as origin device |",
        "base cow X 8                                   | Couldn't create exception store | Exception store type is not P or N",
        "base cow N abc                                 | Couldn't create exception store | Invalid chunk size",
        "base cow N 3                                   | Couldn't create exception store | Chunk size is not a power of 2",
        "base cow N 12                                  | Couldn't create exception store | Chunk size is not a power of 2",
        "base cow4k N 4                                 | Couldn't create exception store | Chunk size is not a multiple of device blocksize",
        "base cow N 4194304                             | Couldn't create exception store | Chunk size is too high",
        "base cow PX 8                                  | Couldn't create exception store | Unsupported persistent store option: X",
        "base cow N 0                                   | Chunk size not set |",
    })
    void snapshotConstructorErrors(final String args, final String error, final String logDetail) throws DmException
    {
        final DeviceMapper dm = dm();
        final DmException e = assertThrows(DmException.class, () -> dm.create("s", "0 8192 snapshot " + args));
        assertTrue(e.getMessage().contains(error.trim()), () -> "expected '" + error.trim() + "', got '" + e.getMessage() + "'");
        if (logDetail != null)
        {
            assertTrue(dm.log().contains(logDetail.trim()), () -> "log lacks '" + logDetail.trim() + "': " + dm.log().lines());
        }
        assertTrue(Origins.of(dm).snapshotOrder(dm.device("base")).isEmpty(), "failed constructor left a registration");
        assertFalse(dm.names().contains("s") && dm.mappedDevice("s").targetAt(0) != null);
    }

    @Test
    void largestLegalChunkIsAccepted() throws DmException
    {
        final DeviceMapper dm = dm();
        dm.create("s", "0 8192 snapshot base cow N 2097152");
        assertEquals(2097152, ((Snapshot) dm.mappedDevice("s").targetAt(0)).chunkSize());
    }

    @Test
    void transientStoreIgnoresOptions() throws DmException
    {
        final DeviceMapper dm = dm();
        dm.create("s", "0 8192 snapshot base cow NO 8");
        assertEquals("base cow N 8", SnapStack.targetStatus(dm.status("s", io.dmsnap.engine.dm.StatusType.TABLE)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "               | origin: incorrect number of arguments",
        "base extra     | origin: incorrect number of arguments",
        "nosuch         | Cannot get target device",
    })
    void originConstructorErrors(final String args, final String error) throws DmException
    {
        final DeviceMapper dm = dm();
        final DmException e = assertThrows(DmException.class,
            () -> dm.create("o", "0 8192 snapshot-origin " + (args == null ? "" : args)));
        assertTrue(e.getMessage().contains(error), () -> "expected '" + error + "', got '" + e.getMessage() + "'");
    }
}
