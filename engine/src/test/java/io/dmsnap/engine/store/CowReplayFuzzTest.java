package io.dmsnap.engine.store;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.MemoryDevice;
import io.dmsnap.engine.block.SyncIo;
import io.dmsnap.engine.config.EngineConfig;
import io.dmsnap.engine.dm.DeviceMapper;
import io.dmsnap.engine.dm.DmException;
import io.dmsnap.engine.dm.MappedDevice;
import io.dmsnap.engine.lvm.LvmStack;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fuzz target: a fuzzed persistent COW image loaded through the table path (an {@link LvmStack}),
 * a few origin writes and snapshot reads and writes, then the removal of the stack. A finding is
 * any exception other than the load's DmException, a run that does not finish (a hang), a failed
 * removal, or a write that leaves the COW device or lands on the header without being a header
 * (the COW is wrapped in a device that checks every write). Without JAZZER_FUZZ it runs the
 * regression inputs under src/test/resources (docs/fuzzing.md).
 */
final class CowReplayFuzzTest
{
    private static final long ORIGIN_SECTORS = 2048;
    private static final long BOUND_SECONDS = 20;
    /** Bytes before the image: flags, COW size, 7 I/Os. */
    private static final int PREFIX = 3 + 7 * 3;
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r ->
    {
        final Thread t = new Thread(r, "cow-replay-fuzz");
        t.setDaemon(true);
        return t;
    });

    /**
     * Input layout (so that seeds are easy to write by hand): byte 0 the table's chunk size choice
     * (bits 0-1: 0, 8, the header's, 16) and the number of I/Os (bits 2-4); bytes 1-2 the COW size
     * in sectors minus 1 (u16 LE, at most 8192); 7 I/Os of 3 bytes (kind: origin write, snapshot
     * read, snapshot write; sector u16 LE modulo the origin's size); then the image: its first 16
     * bytes are the header (magic, valid, version, chunk size, u32 LE) and the rest is written at
     * area 0 of that chunk size (sector 8 when the header's is not a power of two up to 64).
     */
    @FuzzTest(maxDuration = "60s")
    void replay(final byte[] input) throws Exception
    {
        final ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(input, Math.max(input.length, PREFIX + 16)))
            .order(ByteOrder.LITTLE_ENDIAN);
        final int flags = in.get(0) & 0xFF;
        final long cowSectors = Math.min(8192, (in.getShort(1) & 0xFFFF) + 1);
        final int ops = (flags >>> 2) & 7;
        final long[] op = new long[ops * 2];
        for (int i = 0; i < ops; i++)
        {
            op[2 * i] = (in.get(3 + 3 * i) & 0xFF) % 3;
            op[2 * i + 1] = (in.getShort(4 + 3 * i) & 0xFFFF) % ORIGIN_SECTORS;
        }
        final int headerChunk = in.getInt(PREFIX + 12);
        final int tableChunk = new int[] {0, 8, headerChunk, 16}[flags & 3];
        final MemoryDevice media = new MemoryDevice("cow", cowSectors);
        final byte[] sector0 = new byte[Bio.SECTOR_SIZE];
        in.get(PREFIX, sector0, 0, 16);
        media.writeBytes(0, sector0);
        final long areaSector = headerChunk > 0 && Integer.bitCount(headerChunk) == 1 && headerChunk <= 64 ? headerChunk : 8;
        final int metadata = Math.max(0, input.length - PREFIX - 16);
        final long room = Math.max(0, Math.min(metadata, (cowSectors - areaSector) * Bio.SECTOR_SIZE));
        final int whole = (int) (room / Bio.SECTOR_SIZE * Bio.SECTOR_SIZE);
        if (whole > 0)
        {
            media.writeBytes(areaSector, Arrays.copyOfRange(input, PREFIX + 16, PREFIX + 16 + whole));
        }
        else if (room > 0)
        {
            final byte[] partial = new byte[Bio.SECTOR_SIZE];
            System.arraycopy(input, PREFIX + 16, partial, 0, (int) room);
            media.writeBytes(areaSector, partial);
        }

        final WriteChecker cow = new WriteChecker(media);
        final Future<?> run = RUNNER.submit(() -> scenario(cow, tableChunk, op));
        try
        {
            run.get(BOUND_SECONDS, TimeUnit.SECONDS);
        }
        catch (final TimeoutException e)
        {
            throw new AssertionError("load, I/O and removal did not finish in " + BOUND_SECONDS + " s (a hang)");
        }
        catch (final ExecutionException e)
        {
            throw new AssertionError("escaped: " + e.getCause(), e.getCause());
        }
        if (!cow.violations.isEmpty())
        {
            throw new AssertionError("writes outside the COW's chunks: " + cow.violations);
        }
    }

    private static Void scenario(final WriteChecker cow, final int tableChunk, final long[] op) throws DmException
    {
        final DeviceMapper dm = new DeviceMapper(EngineConfig.current());
        final LvmStack lvm = new LvmStack(dm, new MemoryDevice("base", ORIGIN_SECTORS));
        final MappedDevice snap;
        try
        {
            snap = lvm.addSnapshot("s", cow, "P " + Integer.toUnsignedString(tableChunk));
        }
        catch (final DmException refused)
        {
            lvm.removeAll();   // a refused image: the stack must still come apart
            return null;
        }
        cow.headerSectors = lvm.snapshot("s").chunkSize();
        final ByteBuffer buf = ByteBuffer.allocateDirect(Bio.SECTOR_SIZE);
        for (int i = 0; i < op.length; i += 2)
        {
            final long sector = op[i + 1];
            switch ((int) op[i])
            {
                case 0:
                    SyncIo.write(lvm.origin(), sector, buf);
                    break;
                case 1:
                    SyncIo.read(snap, sector, buf);
                    break;
                default:
                    SyncIo.write(snap, sector, buf);
                    break;
            }
        }
        lvm.removeAll();
        return null;
    }

    /**
     * The COW device: every write must lie on the device, and a write touching the header chunk
     * must be a header (start at sector 0 with the magic). The header's size is 1 sector until
     * the snapshot is loaded, then its chunk size.
     */
    private static final class WriteChecker implements BlockDevice
    {
        final List<String> violations = new CopyOnWriteArrayList<>();
        final MemoryDevice media;
        volatile long headerSectors = 1;

        WriteChecker(final MemoryDevice media)
        {
            this.media = media;
        }

        @Override
        public String name()
        {
            return media.name();
        }

        @Override
        public long sizeSectors()
        {
            return media.sizeSectors();
        }

        @Override
        public void submit(final Bio bio)
        {
            if (bio.op() == BioOp.WRITE || bio.op() == BioOp.DISCARD)
            {
                final long end = bio.sector() + bio.sectors();
                if (bio.sector() < 0 || end > media.sizeSectors())
                {
                    violations.add(bio.op() + " of sectors " + bio.sector() + "+" + bio.sectors() + " beyond the device");
                }
                else if (bio.sector() < headerSectors)
                {
                    final boolean header = bio.sector() == 0 && bio.op() == BioOp.WRITE && bio.data() != null
                        && bio.data().order(ByteOrder.LITTLE_ENDIAN).getInt(bio.dataOffset()) == CowImage.MAGIC;
                    if (!header)
                    {
                        violations.add(bio.op() + " of sectors " + bio.sector() + "+" + bio.sectors()
                                       + " on the header chunk (" + headerSectors + " sectors) without the magic");
                    }
                }
            }
            media.submit(bio);
        }
    }
}
