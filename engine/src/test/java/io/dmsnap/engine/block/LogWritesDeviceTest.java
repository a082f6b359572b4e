package io.dmsnap.engine.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LogWritesDeviceTest
{
    private static final int SEEDS = 200;

    private static ByteBuffer block(final int value)
    {
        final ByteBuffer b = ByteBuffer.allocate(4096);
        for (int i = 0; i < 4096; i++)
        {
            b.put(i, (byte) value);
        }
        return b;
    }

    private static int valueAt(final MemoryDevice image, final long sector)
    {
        return image.readBytes(sector, 1)[0];
    }

    @Test
    void passesEverythingThroughAndLogsCompletedWritesInOrder()
    {
        final MemoryDevice inner = new MemoryDevice("inner", 256);
        final LogWritesDevice log = new LogWritesDevice("log", inner);
        assertEquals(BlkStatus.OK, SyncIo.write(log, 0, block(1)));
        assertEquals(BlkStatus.OK, SyncIo.read(log, 0, ByteBuffer.allocate(512)));
        assertEquals(1, log.mark("after-first"));
        assertEquals(BlkStatus.OK, SyncIo.flush(log));
        assertEquals(BlkStatus.OK, SyncIo.io(log, BioOp.DISCARD, 8, 8, null, 0));
        assertEquals(BlkStatus.OK, SyncIo.io(log, BioOp.WRITE, 16, 8, block(2), Bio.REQ_PREFLUSH | Bio.REQ_FUA));
        assertEquals(BlkStatus.IOERR, SyncIo.write(log, 1024, block(3)), "failed bios are not logged");

        final List<LogWritesDevice.Entry> e = log.entries();
        assertEquals(6, e.size(), e.toString());
        assertEquals(LogWritesDevice.Kind.WRITE, e.get(0).kind());
        assertEquals(LogWritesDevice.Kind.MARK, e.get(1).kind());
        assertEquals("after-first", e.get(1).label());
        assertEquals(LogWritesDevice.Kind.FLUSH, e.get(2).kind());
        assertEquals(2, e.get(2).covers(), "covers what was logged when it was submitted");
        assertEquals(LogWritesDevice.Kind.DISCARD, e.get(3).kind());
        assertEquals(LogWritesDevice.Kind.FLUSH, e.get(4).kind(), "the preflush precedes its write");
        assertEquals(4, e.get(4).covers());
        assertEquals(LogWritesDevice.Kind.WRITE, e.get(5).kind());
        assertTrue(e.get(5).isFua());
        assertArrayEquals(Completions.bytes(block(2)), e.get(5).data());
        assertArrayEquals(new int[] {2, 4}, log.flushPoints());
        assertArrayEquals(new int[] {2, 4, 5}, log.orderingPoints());
        assertEquals(1, log.indexOfMark("after-first"));
        assertEquals(1, valueAt(inner, 0), "inner saw the write");
    }

    @Test
    void materialiseRebuildsEveryPrefix()
    {
        final MemoryDevice inner = new MemoryDevice("inner", 256);
        final LogWritesDevice log = new LogWritesDevice("log", inner);
        SyncIo.write(log, 0, block(1));
        SyncIo.write(log, 0, block(2));
        SyncIo.write(log, 8, block(3));
        SyncIo.io(log, BioOp.DISCARD, 0, 8, null, 0);
        assertEquals(0, valueAt(log.materialise(0), 0));
        assertEquals(1, valueAt(log.materialise(1), 0));
        final MemoryDevice two = log.materialise(2);
        assertEquals(2, valueAt(two, 0));
        assertEquals(0, valueAt(two, 8));
        assertEquals(3, valueAt(log.materialise(3), 8));
        assertTrue(log.materialise(4).contentEquals(inner), "the full log reproduces the device");
        assertThrows(IllegalArgumentException.class, () -> log.materialise(5));

        final MemoryDevice base = new MemoryDevice("base", 256);
        base.writeBytes(100, Completions.bytes(block(9)));
        final MemoryDevice onBase = log.materialise(base, 1);
        assertEquals(9, valueAt(onBase, 100));
        assertEquals(1, valueAt(onBase, 0));
        assertEquals(0, valueAt(base, 0), "base not modified");
    }

    @Test
    void flushedWritesAreInEveryCrashStateAndUnflushedOnesOnlyInSome()
    {
        final LogWritesDevice log = new LogWritesDevice("log", new MemoryDevice("inner", 256));
        SyncIo.write(log, 0, block(1));      // 0: made durable by the flush at 1
        SyncIo.flush(log);                   // 1
        SyncIo.write(log, 8, block(2));      // 2: never flushed
        SyncIo.write(log, 16, block(3));     // 3: never flushed
        final int crashAt = log.size();
        int withSecond = 0;
        int withThird = 0;
        for (int seed = 0; seed < SEEDS; seed++)
        {
            final MemoryDevice image = log.crashState(new Random(seed), crashAt);
            assertEquals(1, valueAt(image, 0), "seed " + seed);
            final int second = valueAt(image, 8);
            final int third = valueAt(image, 16);
            assertTrue(second == 0 || second == 2);
            assertTrue(third == 0 || third == 3);
            withSecond += second == 2 ? 1 : 0;
            withThird += third == 3 ? 1 : 0;
        }
        assertTrue(withSecond > 0 && withSecond < SEEDS, "unflushed write sometimes present: " + withSecond);
        assertTrue(withThird > 0 && withThird < SEEDS, "unflushed write sometimes present: " + withThird);
        // Crashing before the flush completed: even write 0 may be lost.
        int lost = 0;
        for (int seed = 0; seed < SEEDS; seed++)
        {
            lost += valueAt(log.crashState(new Random(seed), 1), 0) == 0 ? 1 : 0;
        }
        assertTrue(lost > 0 && lost < SEEDS, "write before an incomplete flush is not durable: " + lost);
    }

    @Test
    void aFlushOnlyCoversWritesCompletedBeforeItWasSubmitted()
    {
        final MemoryDevice inner = new MemoryDevice("inner", 256);
        final FlakeyDevice flakey = new FlakeyDevice("hold", inner);
        final LogWritesDevice log = new LogWritesDevice("log", flakey);
        final FlakeyDevice.Hold hold = flakey.hold(FlakeyDevice.Selector.ops(BioOp.FLUSH));
        final Completions c = new Completions();
        log.submit(c.bio(BioOp.FLUSH, 0, 0, null));      // submitted first, completes later
        SyncIo.write(log, 0, block(5));                  // completes while the flush is in flight
        hold.releaseAll();
        assertEquals(1, c.count());
        final List<LogWritesDevice.Entry> e = log.entries();
        assertEquals(LogWritesDevice.Kind.WRITE, e.get(0).kind());
        assertEquals(LogWritesDevice.Kind.FLUSH, e.get(1).kind());
        assertEquals(0, e.get(1).covers());
        int present = 0;
        for (int seed = 0; seed < SEEDS; seed++)
        {
            present += valueAt(log.crashState(new Random(seed), 2), 0) == 5 ? 1 : 0;
        }
        assertTrue(present > 0 && present < SEEDS, "the write is not durable: " + present);
    }

    @Test
    void fuaWritesAreDurableAndOverlappingUnflushedWritesMayReorder()
    {
        final LogWritesDevice log = new LogWritesDevice("log", new MemoryDevice("inner", 256));
        SyncIo.write(log, 0, block(1));                                       // 0
        SyncIo.write(log, 0, block(2));                                       // 1: overlaps 0
        SyncIo.io(log, BioOp.WRITE, 8, 8, block(7), Bio.REQ_FUA);             // 2: durable alone
        SyncIo.write(log, 16, block(4));                                      // 3
        SyncIo.io(log, BioOp.WRITE, 16, 8, block(6), Bio.REQ_FUA);            // 4: FUA over 3
        final boolean[] seen = new boolean[3];
        for (int seed = 0; seed < SEEDS; seed++)
        {
            final MemoryDevice image = log.crashState(new Random(seed), log.size());
            assertEquals(7, valueAt(image, 8));
            assertEquals(6, valueAt(image, 16), "an older write never lands on a FUA write");
            seen[valueAt(image, 0)] = true;
        }
        assertArrayEquals(new boolean[] {true, true, true}, seen,
            "lost, newest last, and reordered (older on top) all occur: " + Arrays.toString(seen));
    }
}
