package io.dmsnap.engine.snap;

import io.dmsnap.engine.block.BlkStatus;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.config.Preset;
import io.dmsnap.engine.dm.MappedDevice;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static io.dmsnap.engine.snap.SnapStack.BLOCK;
import static io.dmsnap.engine.snap.SnapStack.pattern;
import static io.dmsnap.engine.snap.SnapStack.read;
import static io.dmsnap.engine.snap.SnapStack.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dmtest snapshot consistency checks, for every preset, with 1 and 4 concurrent writers:
 * a pattern stamper writes known blocks to a share of the chunks of one device, and the other
 * device of the pair must not change. Chunk sizes 4 KiB (every write is a full chunk) and 16 KiB
 * (every write is a partial chunk that needs a copy first).
 */
@Timeout(120)
class ConsistencyTest
{
    private static final long SECTORS = 4096L * 8;   // 4096 blocks of 4 KiB
    private static final int BLOCKS = (int) (SECTORS / 8);

    static Stream<Arguments> cases()
    {
        final List<Arguments> list = new ArrayList<>();
        for (final Preset p : Preset.values())
        {
            for (final String store : new String[] {"N", "P"})
            {
                for (final int writers : new int[] {1, 4})
                {
                    for (final int chunk : new int[] {8, 32})
                    {
                        list.add(Arguments.of(p.displayName(), store, writers, chunk));
                    }
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} {1} writers={2} chunk={3}")
    @MethodSource("cases")
    void snapshotWritesDoNotAffectOrigin(final String preset, final String store, final int writers, final int chunk) throws Exception
    {
        try (SnapStack st = new SnapStack(Preset.byName(preset).config(), SECTORS))
        {
            stampAll(st.origin, 0);
            final MappedDevice snap = st.addSnapshot("snap", 2 * SECTORS, store, chunk);
            final boolean[] written = stampShare(snap, writers, 1, 3);
            for (int b = 0; b < BLOCKS; b++)
            {
                assertBlock(st.origin, b, pattern(b, 0, 0), "origin");
                assertBlock(snap, b, written[b] ? pattern(b, 1, writerOf(b, writers)) : pattern(b, 0, 0), "snapshot");
            }
            assertTrue(st.snapshot("snap").isValid());
        }
    }

    @ParameterizedTest(name = "{0} {1} writers={2} chunk={3}")
    @MethodSource("cases")
    void originWritesDoNotAffectSnapshot(final String preset, final String store, final int writers, final int chunk) throws Exception
    {
        try (SnapStack st = new SnapStack(Preset.byName(preset).config(), SECTORS))
        {
            stampAll(st.origin, 0);
            final MappedDevice snap = st.addSnapshot("snap", 2 * SECTORS, store, chunk);
            final boolean[] written = stampShare(st.origin, writers, 1, 3);
            for (int b = 0; b < BLOCKS; b++)
            {
                assertBlock(snap, b, pattern(b, 0, 0), "snapshot");
                assertBlock(st.origin, b, written[b] ? pattern(b, 1, writerOf(b, writers)) : pattern(b, 0, 0), "origin");
            }
            assertTrue(st.snapshot("snap").isValid());
        }
    }

    /** Origin and snapshot written at the same time by different threads; each keeps its own view. */
    @ParameterizedTest(name = "{0} {1} writers={2} chunk={3}")
    @MethodSource("cases")
    void concurrentOriginAndSnapshotWrites(final String preset, final String store, final int writers, final int chunk) throws Exception
    {
        try (SnapStack st = new SnapStack(Preset.byName(preset).config(), SECTORS))
        {
            stampAll(st.origin, 0);
            final MappedDevice snap = st.addSnapshot("snap", 2 * SECTORS, store, chunk);
            final ExecutorService pool = Executors.newFixedThreadPool(2 * writers);
            try
            {
                final List<Future<?>> fs = new ArrayList<>();
                for (int w = 0; w < writers; w++)
                {
                    final int id = w;
                    fs.add(pool.submit(() -> stampBlocks(st.origin, id, writers, 2, 0)));
                    fs.add(pool.submit(() -> stampBlocks(snap, id, writers, 3, 1)));
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
            for (int b = 0; b < BLOCKS; b++)
            {
                final int w = writerOf(b, writers);
                assertBlock(st.origin, b, b % 2 == 0 ? pattern(b, 2, w) : pattern(b, 0, 0), "origin");
                assertBlock(snap, b, b % 2 == 1 ? pattern(b, 3, w) : pattern(b, 0, 0), "snapshot");
            }
        }
    }

    private static void stampBlocks(final BlockDevice dev, final int writer, final int writers, final int version,
                                    final int parity)
    {
        for (int b = writer; b < BLOCKS; b += writers)
        {
            if (b % 2 == parity)
            {
                assertEquals(BlkStatus.OK, write(dev, (long) b * 8, pattern(b, version, writer)));
            }
        }
    }

    private static int writerOf(final int block, final int writers)
    {
        return block % writers;
    }

    static void stampAll(final BlockDevice dev, final int version)
    {
        for (int b = 0; b < BLOCKS; b++)
        {
            assertEquals(BlkStatus.OK, write(dev, (long) b * 8, pattern(b, version, 0)));
        }
    }

    /** Writers stamp a random third of the blocks (block b belongs to writer b % writers). */
    private static boolean[] stampShare(final BlockDevice dev, final int writers, final int version, final int oneIn)
        throws Exception
    {
        final boolean[] chosen = new boolean[BLOCKS];
        final SplittableRandom rnd = new SplittableRandom(42);
        for (int b = 0; b < BLOCKS; b++)
        {
            chosen[b] = rnd.nextInt(oneIn) == 0;
        }
        final ExecutorService pool = Executors.newFixedThreadPool(writers);
        try
        {
            final List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < writers; w++)
            {
                final int id = w;
                fs.add(pool.submit(() ->
                {
                    for (int b = id; b < BLOCKS; b += writers)
                    {
                        if (chosen[b])
                        {
                            assertEquals(BlkStatus.OK, write(dev, (long) b * 8, pattern(b, version, id)));
                        }
                    }
                }));
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
        return chosen;
    }

    static void assertBlock(final BlockDevice dev, final int block, final byte[] expected, final String what)
    {
        final byte[] got = read(dev, (long) block * 8, BLOCK);
        assertArrayEquals(expected, got, () -> what + " block " + block + ": expected "
            + SnapStack.describe(expected) + ", got " + SnapStack.describe(got));
    }

    /** Sanity for the fixture itself: the default configuration is preset current. */
    static EngineConfig defaultConfig()
    {
        return EngineConfig.current();
    }
}
