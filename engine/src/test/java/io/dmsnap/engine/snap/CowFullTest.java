package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.MappedDevice;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The COW device filling up ({@code __invalidate_snapshot}; 76c44f6d, b0d3cc01): invalidation or, with PO, overflow. */
@Timeout(60)
class CowFullTest
{
    @Test
    void originWriteFillingTheCowInvalidatesAndOriginKeepsWorking() throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            final MappedDevice snap = st.addSnapshot("snap", 4 * 8, "N", 8);   // room for 4 chunks
            for (int b = 0; b < 8; b++)
            {
                assertEquals(BlkStatus.OK, write(st.origin, b * 8L, pattern(b, 1, 0)));
            }
            assertFalse(st.snapshot("snap").isValid());
            assertTrue(st.dm.log().contains("Invalidating snapshot: Unable to allocate exception."));
            assertEquals(BlkStatus.IOERR, readStatus(snap, 0, BLOCK));
            assertEquals(BlkStatus.IOERR, write(snap, 0, pattern(0, 2, 0)));
            for (int b = 0; b < 16; b++)
            {
                assertEquals(BlkStatus.OK, write(st.origin, b * 8L, pattern(b, 3, 0)));
                assertArrayEquals(pattern(b, 3, 0), read(st.origin, b * 8L, BLOCK));
            }
            assertEquals(1, st.snapshot("snap").tableEvents());
        }
    }

    @Test
    void snapshotWriteFillingTheCowInvalidatesWithoutOverflowSupport() throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            final MappedDevice snap = st.addSnapshot("snap", 2 * 8, "N", 8);
            assertEquals(BlkStatus.OK, write(snap, 0, pattern(0, 1, 0)));
            assertEquals(BlkStatus.OK, write(snap, 8, pattern(1, 1, 0)));
            assertEquals(BlkStatus.IOERR, write(snap, 16, pattern(2, 1, 0)));
            assertEquals("Invalid", st.info("snap"));
            assertEquals(BlkStatus.IOERR, readStatus(snap, 0, BLOCK));
        }
    }

    @Test
    void snapshotWriteFillingAPersistentOverflowCowOverflows() throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            // PO, CS=8: header + area 0 + 2 data chunks.
            final MappedDevice snap = st.addSnapshot("snap", 4 * 8, "PO", 8);
            assertEquals(BlkStatus.OK, write(snap, 0, pattern(0, 1, 0)));
            assertEquals(BlkStatus.OK, write(snap, 8, pattern(1, 1, 0)));
            assertEquals(BlkStatus.IOERR, write(snap, 16, pattern(2, 1, 0)));
            assertEquals("Overflow", st.info("snap"));
            assertArrayEquals(pattern(0, 1, 0), read(snap, 0, BLOCK));   // reads still served
            assertEquals(BlkStatus.IOERR, write(snap, 0, pattern(0, 2, 0)));   // all writes refused now
            assertTrue(st.snapshot("snap").isValid());
        }
    }

    /**
     * S10: a snapshot write overflowing a P store invalidates the snapshot and its on-disk header;
     * with PO the snapshot overflows, the header stays valid, and after remove + re-create on a
     * copy of the COW with room to spare the data is intact.
     */
    @Test
    void overflowWithPInvalidatesAndWithPOKeepsTheImage() throws Exception
    {
        for (final String store : new String[] {"P", "PO"})
        {
            try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
            {
                final io.dmsnap.engine.block.MemoryDevice cow = new io.dmsnap.engine.block.MemoryDevice("cow", 4 * 8);
                st.dm.addDevice(cow);
                final MappedDevice snap = st.addSnapshotOn("snap", "cow", store, "8");
                assertEquals(BlkStatus.OK, write(snap, 0, pattern(0, 1, 0)));
                assertEquals(BlkStatus.OK, write(snap, 8, pattern(1, 1, 0)));
                assertEquals(BlkStatus.IOERR, write(snap, 16, pattern(2, 1, 0)));
                final int headerValid = java.nio.ByteBuffer.wrap(cow.readBytes(0, 1))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(4);
                if (store.equals("P"))
                {
                    assertEquals("Invalid", st.info("snap"));
                    assertEquals(0, headerValid);
                    assertEquals(BlkStatus.IOERR, readStatus(snap, 0, BLOCK));
                    continue;
                }
                assertEquals("Overflow", st.info("snap"));
                assertEquals(1, headerValid);
                assertEquals(BlkStatus.IOERR, write(snap, 0, pattern(0, 2, 0)));
                assertArrayEquals(pattern(1, 1, 0), read(snap, 8, BLOCK));
                // Remove, then re-create on a larger COW holding the same bytes: the image is intact.
                st.dm.remove("snap");
                final io.dmsnap.engine.block.MemoryDevice bigger = new io.dmsnap.engine.block.MemoryDevice("cow2", 64 * 8);
                bigger.writeBytes(0, cow.readBytes(0, 4 * 8));
                st.dm.addDevice(bigger);
                final MappedDevice again = st.addSnapshotOn("snap", "cow2", store, "8");
                assertEquals("32/512 16", st.info("snap"));
                assertArrayEquals(pattern(0, 1, 0), read(again, 0, BLOCK));
                assertArrayEquals(pattern(1, 1, 0), read(again, 8, BLOCK));
                assertEquals(BlkStatus.OK, write(again, 16, pattern(2, 1, 0)));
                assertArrayEquals(pattern(2, 1, 0), read(again, 16, BLOCK));
            }
        }
    }

    /** Overflow caused by an origin write always invalidates, even with PO. */
    @Test
    void originWriteOverflowInvalidatesEvenWithPO() throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            st.addSnapshot("snap", 4 * 8, "PO", 8);
            for (int b = 0; b < 3; b++)
            {
                assertEquals(BlkStatus.OK, write(st.origin, b * 8L, pattern(b, 1, 0)));
            }
            assertEquals("Invalid", st.info("snap"));
        }
    }
}
