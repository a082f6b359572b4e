package io.dmsnap.cli.serve;

import io.dmsnap.engine.block.Bio;
import io.dmsnap.engine.block.BioOp;
import io.dmsnap.engine.block.BlockDevice;
import io.dmsnap.engine.block.MemoryDevice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request that fails inside the server with an exception (a bug, or the JVM out of memory) ends
 * its connection with one log line: the client sees the connection close instead of waiting
 * forever on a reader that stopped, and the server goes on serving other connections.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class NbdInternalErrorTest
{
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    /** A memory device whose writes throw while {@code failing} is set. */
    private static final class FaultyDevice implements BlockDevice
    {
        final MemoryDevice data = new MemoryDevice("data", MIB >>> Bio.SECTOR_SHIFT);
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public String name()
        {
            return "faulty";
        }

        @Override
        public long sizeSectors()
        {
            return data.sizeSectors();
        }

        @Override
        public int logicalBlockSize()
        {
            return data.logicalBlockSize();
        }

        @Override
        public void submit(final Bio bio)
        {
            if (bio.op() == BioOp.WRITE && failing.get())
            {
                throw new OutOfMemoryError("Cannot reserve 1048576 bytes of direct buffer memory");
            }
            data.submit(bio);
        }
    }

    @Test
    void aRequestThatThrowsClosesItsConnectionWithOneLogLineAndTheServerServesOn() throws IOException
    {
        final FaultyDevice device = new FaultyDevice();
        final ExportGeometry geometry = new ExportGeometry(MIB, NbdProtocol.TFLAG_HAS_FLAGS, 512, 4096, NbdProtocol.MAX_PAYLOAD);
        final Export export = new Export("faulty", device, geometry, "test");
        final ExportCatalog catalog = new OneExport(export);
        final StringWriter log = new StringWriter();
        final byte[] kept = new byte[4096];
        Arrays.fill(kept, (byte) 0x5a);
        try (NbdServer server = NbdServer.unix(dir.resolve("nbd.sock"), catalog, new ServeLog(new PrintWriter(log, true), true)))
        {
            server.start();
            try (NbdTestClient c = NbdTestClient.open(dir.resolve("nbd.sock"), "faulty"))
            {
                c.write(1, 0, kept);
                assertEquals(0, c.reply().error);
                device.failing.set(true);
                c.write(2, 4096, new byte[4096]);
                assertTrue(c.closedByServer(), "the connection ends; before, the reader waited for the failed request forever");
            }
            assertTrue(log.toString().contains("internal error: java.lang.OutOfMemoryError: Cannot reserve"), log.toString());
            device.failing.set(false);
            try (NbdTestClient c = NbdTestClient.open(dir.resolve("nbd.sock"), "faulty"))
            {
                assertArrayEquals(kept, c.read(3, 0, 4096), "a new connection is served");
            }
        }
    }
}
