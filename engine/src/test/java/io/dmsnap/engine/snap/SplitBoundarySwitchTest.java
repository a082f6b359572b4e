package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.MappedDevice;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.dmsnap.engine.snap.SnapStack.BLOCK;
import static io.dmsnap.engine.snap.SnapStack.pattern;
import static io.dmsnap.engine.snap.SnapStack.read;
import static io.dmsnap.engine.snap.SnapStack.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The origin's write split boundary ({@code origin_resume}, {@code __minimum_chunk_size}): recomputed at origin resume, a write spanning
 * two chunks of the snapshot is split and both chunks are copied; stale (as if the snapshot had
 * been loaded without suspending and resuming the origin), only the first chunk is copied and
 * the snapshot shows the new data in the second.
 */
@Timeout(30)
class SplitBoundarySwitchTest
{
    private static final long SECTORS = 1024;

    @ParameterizedTest
    @ValueSource(strings = {"AT_RESUME", "STALE"})
    void writeSpanningTwoChunksCopiesBothOnlyWithTheRecomputedBoundary(final String mode) throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.of("current", List.of("splitBoundary=" + mode)), SECTORS))
        {
            assertEquals(BlkStatus.OK, write(st.origin, 16, pattern(2, 0, 0)));
            assertEquals(BlkStatus.OK, write(st.origin, 24, pattern(3, 0, 0)));
            final MappedDevice snap = st.addSnapshot("snap", SECTORS, "N", 8);
            final byte[] twoBlocks = new byte[2 * BLOCK];
            System.arraycopy(pattern(2, 1, 1), 0, twoBlocks, 0, BLOCK);
            System.arraycopy(pattern(3, 1, 1), 0, twoBlocks, BLOCK, BLOCK);
            assertEquals(BlkStatus.OK, write(st.origin, 16, twoBlocks));
            final long boundary = ((OriginTarget) st.origin.targetAt(0)).splitBoundary();
            assertArrayEquals(pattern(2, 0, 0), read(snap, 16, BLOCK), "the first chunk is copied either way");
            if (mode.equals("AT_RESUME"))
            {
                assertEquals(8, boundary);
                assertArrayEquals(pattern(3, 0, 0), read(snap, 24, BLOCK), "the second chunk is copied too");
            }
            else
            {
                assertEquals(1L << 31, boundary);
                assertArrayEquals(pattern(3, 1, 1), read(snap, 24, BLOCK), "the second chunk was never copied");
            }
        }
    }
}
