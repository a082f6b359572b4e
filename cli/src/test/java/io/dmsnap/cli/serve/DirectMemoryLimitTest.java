package io.dmsnap.cli.serve;

import io.dmsnap.engine.dm.DmException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class DirectMemoryLimitTest
{
    @TempDir
    Path dir;

    @Test
    void theLimitIsTheJvmsDefaultOrItsSetting()
    {
        final long limit = DirectMemoryLimit.bytes();
        assertTrue(limit > 0 && limit <= Math.max(Runtime.getRuntime().maxMemory(), limit), "limit " + limit);
    }

    @Test
    void devicesThatFitGetNoWarningAndOthersANamedFix()
    {
        assertNull(DirectMemoryLimit.warning(4L << 30, 4L << 30));
        final String w = DirectMemoryLimit.warning((6L << 30) + 1, 4L << 30);
        assertTrue(w.contains("6442450945 bytes") && w.contains("limit of 4294967296 bytes"), w);
        assertTrue(w.contains("ENOMEM") && w.contains("-XX:MaxDirectMemorySize=7g"), w);
    }

    @Test
    void aTableWhoseMemoryDevicesExceedTheLimitIsServedWithOneWarningForTheirTotal() throws IOException, DmException
    {
        final long tib = 1L << 40;
        final String table = "big\n0 " + (tib >>> 9) + " linear a=memory:1t 0\n"
            + "bigger\n0 " + (tib >>> 9) + " linear b=memory:1t 0\n";
        try (ServeFixture server = new ServeFixture(dir, table))
        {
            final String log = server.log.toString();
            assertTrue(log.contains("warning: memory devices total " + 2 * tib + " bytes, above this JVM's direct-memory limit"), log);
            assertEquals(1, log.split("direct-memory limit", -1).length - 1, log);
            // A device created later (dmsetup create) warns with the new total at once.
            server.session.stack().create("late", "0 " + (tib >>> 9) + " linear c=memory:1t 0");
            assertTrue(server.log.toString().contains("warning: memory devices total " + 3 * tib + " bytes"), server.log.toString());
        }
    }
}
