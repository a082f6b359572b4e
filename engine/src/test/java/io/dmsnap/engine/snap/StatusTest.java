package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.config.EngineConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.dmsnap.engine.snap.SnapStack.pattern;
import static io.dmsnap.engine.snap.SnapStack.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** INFO and TABLE status lines ({@code snapshot_status}, {@code persistent_usage}, {@code transient_usage}) for fresh, used and invalid snapshots. */
@Timeout(60)
class StatusTest
{
    @Test
    void transientFreshUsedInvalid() throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            st.addSnapshot("snap", 80, "N", 8);
            assertEquals("0/80 0", st.info("snap"));
            assertEquals("base snap-cow N 8", st.table("snap"));
            assertEquals("base", st.table("origin"));
            assertEquals("", st.info("origin"));
            for (int b = 0; b < 3; b++)
            {
                assertEquals(BlkStatus.OK, write(st.origin, b * 8L, pattern(b, 1, 0)));
            }
            assertEquals("24/80 0", st.info("snap"));
            // 10 chunks fit; the 11th distinct chunk written on the origin invalidates.
            for (int b = 3; b < 11; b++)
            {
                assertEquals(BlkStatus.OK, write(st.origin, b * 8L, pattern(b, 1, 0)));
            }
            assertEquals("Invalid", st.info("snap"));
            assertEquals("base snap-cow N 8", st.table("snap"));
        }
    }

    @Test
    void persistentFresh() throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            st.addSnapshot("snap", 204800, "P", 16);
            assertEquals("32/204800 32", st.info("snap"));
            assertEquals("base snap-cow P 16", st.table("snap"));
            st.addSnapshot("snap2", 204800, "PO", 16);
            assertEquals("base snap2-cow PO 16", st.table("snap2"));
        }
    }

    @Test
    void featuresInTableStatusCollapseDuplicates() throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.current(), 8192))
        {
            st.dm.addDevice(new io.dmsnap.engine.block.MemoryDevice("c1", 8192));
            st.dm.addDevice(new io.dmsnap.engine.block.MemoryDevice("c2", 8192));
            st.addSnapshotOn("s1", "c1", "N", "8 2 discard_zeroes_cow discard_zeroes_cow");
            assertEquals("base c1 N 8 1 discard_zeroes_cow", st.table("s1"));
            st.addSnapshotOn("s2", "c2", "N", "8 2 DISCARD_PASSDOWN_ORIGIN discard_zeroes_cow");
            assertEquals("base c2 N 8 2 discard_zeroes_cow discard_passdown_origin", st.table("s2"));
        }
    }
}
