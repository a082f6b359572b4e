package io.dmsnap.cli.serve;

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
    void aTableWhoseMemoryDevicesExceedTheLimitIsServedWithOneWarning() throws IOException
    {
        final long tib = 1L << 40;
        try (ServeFixture server = new ServeFixture(dir, "big\n0 " + (tib >>> 9) + " linear memory:1t 0\n"))
        {
            final String log = server.log.toString();
            assertTrue(log.contains("warning: memory devices total " + tib + " bytes, above this JVM's direct-memory limit"), log);
            assertEquals(1, log.split("direct-memory limit", -1).length - 1, log);
        }
    }
}
