package io.dmsnap.engine.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class VolatileCacheDeviceTest
{
    private final VolatileCacheDevice dev = new VolatileCacheDevice("vc", 1024, 512);

    private static ByteBuffer block(final int value)
    {
        final ByteBuffer b = ByteBuffer.allocate(512);
        b.put(0, (byte) value);
        return b;
    }

    private int read(final long sector)
    {
        final ByteBuffer b = ByteBuffer.allocate(512);
        assertEquals(BlkStatus.OK, SyncIo.read(dev, sector, b));
        return b.get(0);
    }

    @Test
    void readsSeeTheNewestDataAndCrashDropsUnflushedWrites()
    {
        SyncIo.write(dev, 0, block(1));
        SyncIo.write(dev, 1, block(2));
        assertEquals(1, read(0));
        assertEquals(2, read(1));
        assertEquals(2, dev.dirtyWrites());
        assertEquals(0, dev.durableImage().readBytes(0, 1)[0]);
        dev.crash();
        assertEquals(0, read(0));
        assertEquals(0, read(1));
        assertEquals(0, dev.dirtyWrites());
    }

    @Test
    void flushMakesEverythingCompletedBeforeItDurable()
    {
        SyncIo.write(dev, 0, block(1));
        SyncIo.io(dev, BioOp.DISCARD, 8, 8, null, 0);
        assertEquals(BlkStatus.OK, SyncIo.flush(dev));
        SyncIo.write(dev, 1, block(2));
        final MemoryDevice image = dev.durableImage();
        assertEquals(1, image.readBytes(0, 1)[0]);
        assertEquals(0, image.readBytes(1, 1)[0]);
        dev.crash();
        assertEquals(1, read(0));
        assertEquals(0, read(1));
        assertEquals(1, dev.stats().flushes());
    }

    @Test
    void preflushWriteMakesOlderWritesDurableButNotItself()
    {
        SyncIo.write(dev, 0, block(1));
        SyncIo.io(dev, BioOp.WRITE, 1, 1, block(2), Bio.REQ_PREFLUSH);
        dev.crash();
        assertEquals(1, read(0));
        assertEquals(0, read(1));
    }

    @Test
    void fuaMakesOnlyThatWriteDurableAndAFlushKeepsItOnTop()
    {
        SyncIo.write(dev, 0, block(1));                               // dirty
        SyncIo.io(dev, BioOp.WRITE, 0, 1, block(2), Bio.REQ_FUA);     // durable, same sector
        SyncIo.write(dev, 1, block(3));                               // dirty
        MemoryDevice image = dev.durableImage();
        assertEquals(2, image.readBytes(0, 1)[0]);
        assertEquals(0, image.readBytes(1, 1)[0]);
        SyncIo.flush(dev);
        image = dev.durableImage();
        assertEquals(2, image.readBytes(0, 1)[0], "older dirty write written back before the FUA write");
        assertEquals(3, image.readBytes(1, 1)[0]);
    }

    @Test
    void randomCrashKeepsSomeDirtyWritesAndNeverBuriesAFuaWrite()
    {
        int kept = 0;
        final int rounds = 200;
        for (int seed = 0; seed < rounds; seed++)
        {
            final VolatileCacheDevice d = new VolatileCacheDevice("vc" + seed, 64, 512);
            SyncIo.write(d, 0, block(1));
            SyncIo.io(d, BioOp.WRITE, 0, 1, block(2), Bio.REQ_FUA);
            SyncIo.write(d, 1, block(3));
            d.crash(new Random(seed));
            final MemoryDevice image = d.durableImage();
            assertEquals(2, image.readBytes(0, 1)[0], "seed " + seed);
            final int second = image.readBytes(1, 1)[0];
            assertTrue(second == 0 || second == 3);
            kept += second == 3 ? 1 : 0;
        }
        assertTrue(kept > 0 && kept < rounds, "dirty write survives some crashes only: " + kept);
    }

    @Test
    void invalidIoCompletesWithIoError()
    {
        assertEquals(BlkStatus.IOERR, SyncIo.write(dev, 1024, block(1)));
        dev.close();
        assertEquals(BlkStatus.IOERR, SyncIo.write(dev, 0, block(1)));
        assertEquals(2, dev.stats().errors());
    }
}
