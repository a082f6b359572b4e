package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.MappedDevice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.dmsnap.engine.snap.SnapStack.read;
import static io.dmsnap.engine.snap.SnapStack.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Several snapshots with different chunk sizes on one origin ({@code do_origin}, {@code __origin_write}, {@code __minimum_chunk_size}; 6d45d93e): each keeps the origin's
 * content at its creation time while the origin takes writes of many sizes, some of which span
 * several chunks of the small-chunk snapshots and are split at the smallest chunk size.
 */
@Timeout(120)
class MultipleSnapshotsTest
{
    private static final long SECTORS = 16384;   // 8 MiB

    @Test
    void everySnapshotKeepsItsPointInTime() throws Exception
    {
        try (SnapStack st = new SnapStack(EngineConfig.current(), SECTORS))
        {
            final byte[] model = new byte[(int) SECTORS * 512];
            final SplittableRandom rnd = new SplittableRandom(7);
            randomWrites(st.origin, model, rnd, 300);
            final int[] chunks = {8, 128, 32};
            final MappedDevice[] snaps = new MappedDevice[chunks.length];
            final byte[][] expected = new byte[chunks.length][];
            for (int i = 0; i < chunks.length; i++)
            {
                snaps[i] = st.addSnapshot("s" + i, SECTORS + 4096, "N", chunks[i]);
                expected[i] = model.clone();
                randomWrites(st.origin, model, rnd, 300);
            }
            assertEquals(List.of("s1", "s2", "s0"), Origins.of(st.dm).snapshotOrder(st.dm.device("base")),
                "snapshots must be sorted largest chunk first");
            assertEquals(8, ((OriginTarget) st.dm.mappedDevice("origin").targetAt(0)).splitBoundary());
            // Concurrent origin writers on top.
            final ExecutorService pool = Executors.newFixedThreadPool(4);
            try
            {
                final Future<?>[] fs = new Future<?>[4];
                for (int w = 0; w < 4; w++)
                {
                    final int id = w;
                    fs[w] = pool.submit(() -> randomWritesRegion(st.origin, model, new SplittableRandom(100 + id), 200,
                        id * (SECTORS / 4), SECTORS / 4));
                }
                for (final Future<?> f : fs)
                {
                    f.get();
                }
            }
            finally
            {
                pool.shutdown();
            }
            for (int i = 0; i < chunks.length; i++)
            {
                final byte[] got = read(snaps[i], 0, (int) SECTORS * 512);
                final int idx = i;
                assertArrayEquals(expected[i], got, () -> "snapshot s" + idx + " (chunk " + chunks[idx]
                    + ") differs first at byte " + firstDiff(expected[idx], got));
            }
            assertArrayEquals(model, read(st.origin, 0, (int) SECTORS * 512));
        }
    }

    private static int firstDiff(final byte[] a, final byte[] b)
    {
        return Arrays.mismatch(a, b);
    }

    /** Writes of 1..64 KiB at 512-byte aligned random places, mirrored into {@code model}. */
    private static void randomWrites(final MappedDevice dev, final byte[] model, final SplittableRandom rnd,
                                     final int count)
    {
        randomWritesRegion(dev, model, rnd, count, 0, SECTORS);
    }

    private static void randomWritesRegion(final MappedDevice dev, final byte[] model, final SplittableRandom rnd,
                                           final int count, final long from, final long len)
    {
        for (int i = 0; i < count; i++)
        {
            final int sectors = 1 + rnd.nextInt(128);
            final long sector = from + rnd.nextLong(len - sectors);
            final byte[] data = new byte[sectors * 512];
            rnd.nextBytes(data);
            assertEquals(BlkStatus.OK, write(dev, sector, data));
            synchronized (model)
            {
                System.arraycopy(data, 0, model, (int) sector * 512, data.length);
            }
        }
    }

}
