package io.dmsnap.cli.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's kernel log reaches the server's log as it is written, as dmesg shows the kernel's. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class ServeKernelLogTest
{
    @TempDir
    Path dir;

    @Test
    void aSnapshotThatRunsOutOfCowSpaceIsInvalidatedWithTheKernelsLineInTheServerLog() throws IOException
    {
        // A 64 KiB COW: the header, one metadata area and 14 data chunks of 4 KiB.
        final String table = "origin\n0 16384 snapshot-origin base=memory:8m\n"
            + "snapshot\n0 16384 snapshot base cow=memory:64k P 8\n";
        try (ServeFixture server = new ServeFixture(dir, table))
        {
            assertFalse(server.log.toString().contains("device-mapper"), "start-up prints no kernel lines: " + server.log);
            int failedAt = -1;
            try (NbdTestClient c = NbdTestClient.open(server.socket, "snapshot"))
            {
                for (int block = 0; block < 32 && failedAt < 0; block++)
                {
                    c.write(block, block * 4096L, new byte[4096]);
                    if (c.reply().error != 0)
                    {
                        failedAt = block;
                    }
                }
            }
            assertEquals(14, failedAt, "the 15th chunk finds no room");
            assertTrue(server.log.toString().contains(
                "dmsnap serve: ERR device-mapper: snapshots: Invalidating snapshot: Unable to allocate exception."),
                server.log.toString());
        }
    }
}
