package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.lvm.LvmStack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.dmsnap.engine.snap.SnapStack.BLOCK;
import static io.dmsnap.engine.snap.SnapStack.pattern;
import static io.dmsnap.engine.snap.SnapStack.read;
import static io.dmsnap.engine.snap.SnapStack.readStatus;
import static io.dmsnap.engine.snap.SnapStack.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live exception store handover between tables (c1f0c183, b735fede; {@code __handover_exceptions}) and its invalid sequences. */
@Timeout(60)
class HandoverTest
{
    private static final long SECTORS = 1024 * 8;

    private static SnapStack stackWithData(final String store) throws Exception
    {
        final SnapStack st = new SnapStack(EngineConfig.current(), SECTORS);
        for (int b = 0; b < 1024; b++)
        {
            assertEquals(BlkStatus.OK, write(st.origin, b * 8L, pattern(b, 0, 0)));
        }
        st.dm.addDevice(new MemoryDevice("cow", SECTORS * 2));
        st.addSnapshotOn("snap1", "cow", store, "8");
        for (int b = 0; b < 1024; b += 3)
        {
            assertEquals(BlkStatus.OK, write(st.origin, b * 8L, pattern(b, 1, 0)));   // COW into snap1
        }
        assertEquals(BlkStatus.OK, write(st.dm.mappedDevice("snap1"), 5 * 8L, pattern(5, 7, 7)));
        return st;
    }

    private static String line(final String store)
    {
        return LvmStack.snapshotTable(SECTORS, "base", "cow", store + " 8");
    }

    @Test
    void handoverToANewDevice() throws Exception
    {
        for (final String store : new String[] {"N", "P"})
        {
            try (SnapStack st = stackWithData(store))
            {
                st.dm.create("snap2");
                st.dm.load("snap2", line(store));
                assertTrue(st.snapshot("snap1").isValid(), "the source stays valid until the handover");
                st.dm.suspend("snap1");
                st.dm.resume("snap2");
                final MappedDevice snap2 = st.dm.mappedDevice("snap2");
                assertEquals("Invalid", st.info("snap1"));
                assertTrue(st.snapshot("snap2").isValid());
                assertEquals(8, st.snapshot("snap2").chunkSize());
                st.dm.remove("snap1");
                for (int b = 0; b < 1024; b++)
                {
                    final byte[] expected = b == 5 ? pattern(5, 7, 7) : pattern(b, 0, 0);
                    assertArrayEquals(expected, read(snap2, b * 8L, BLOCK), "snap2 block " + b + " store " + store);
                }
                // Origin writes now COW into the new instance.
                assertEquals(BlkStatus.OK, write(st.origin, 1 * 8L, pattern(1, 2, 0)));
                assertArrayEquals(pattern(1, 0, 0), read(snap2, 8L, BLOCK));
                assertTrue(st.snapshot("snap2").lookup(1) >= 0);
            }
        }
    }

    @Test
    void reloadOfTheSameDeviceHandsOver() throws Exception
    {
        try (SnapStack st = stackWithData("N"))
        {
            st.dm.load("snap1", line("N"));
            st.dm.resume("snap1");
            assertTrue(st.snapshot("snap1").isValid());
            assertArrayEquals(pattern(5, 7, 7), read(st.dm.mappedDevice("snap1"), 5 * 8L, BLOCK));
            assertArrayEquals(pattern(3, 0, 0), read(st.dm.mappedDevice("snap1"), 3 * 8L, BLOCK));
        }
    }

    @Test
    void thirdInstanceOnTheSameCowIsRefused() throws Exception
    {
        try (SnapStack st = stackWithData("N"))
        {
            st.dm.create("snap2");
            st.dm.load("snap2", line("N"));
            st.dm.create("snap3");
            final DmException e = assertThrows(DmException.class, () -> st.dm.load("snap3", line("N")));
            assertTrue(e.getMessage().contains("Snapshot cow pairing for exception table handover failed"), e.getMessage());
        }
    }

    @Test
    void destinationCannotResumeWhileSourceRuns() throws Exception
    {
        try (SnapStack st = stackWithData("N"))
        {
            st.dm.create("snap2");
            st.dm.load("snap2", line("N"));
            final DmException e = assertThrows(DmException.class, () -> st.dm.resume("snap2"));
            assertTrue(e.getMessage().contains("Unable to perform snapshot handover until source is suspended."),
                e.getMessage());
            assertTrue(st.snapshot("snap1").isValid());
        }
    }

    @Test
    void sourceCannotResumeWhileHandoverPending() throws Exception
    {
        try (SnapStack st = stackWithData("N"))
        {
            st.dm.create("snap2");
            st.dm.load("snap2", line("N"));
            st.dm.suspend("snap1");
            final DmException e = assertThrows(DmException.class, () -> st.dm.resume("snap1"));
            assertTrue(e.getMessage().contains("Unable to resume snapshot source until handover completes."),
                e.getMessage());
        }
    }

    @Test
    void removingTheSourceFirstInvalidatesTheDestination() throws Exception
    {
        try (SnapStack st = stackWithData("N"))
        {
            st.dm.create("snap2");
            st.dm.load("snap2", line("N"));
            st.dm.suspend("snap1");
            st.dm.remove("snap1");
            assertTrue(st.dm.log().contains("Cancelling snapshot handover."));
            st.dm.resume("snap2");
            assertEquals("Invalid", st.info("snap2"));
            assertEquals(BlkStatus.IOERR, readStatus(st.dm.mappedDevice("snap2"), 0, BLOCK));
        }
    }
}
