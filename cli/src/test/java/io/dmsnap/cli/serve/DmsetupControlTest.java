package io.dmsnap.cli.serve;

import io.dmsnap.cli.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dmsnap dmsetup} against a running server: lvcreate's snapshot sequence under load, status, events. */
final class DmsetupControlTest
{
    private static final int BLOCKS = 4096;
    private static final int BLOCK = 4096;
    private static final long SECTORS = (long) BLOCKS * BLOCK / 512;

    @TempDir
    Path dir;

    private CliResult dmsetup(final ServeFixture f, final String... args)
    {
        final String[] all = new String[args.length + 3];
        all[0] = "dmsetup";
        all[1] = "--socket";
        all[2] = f.control.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return CliResult.run(all);
    }

    @Test
    void lvcreateSnapshotSequenceUnderWriteLoadGivesAConsistentPrefix() throws Exception
    {
        try (ServeFixture f = new ServeFixture(dir, "vol\n0 " + SECTORS + " linear base=memory:16m 0\n"))
        {
            final AtomicInteger written = new AtomicInteger();
            final CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeAll(f, written));
            while (written.get() < 100 && !writer.isDone())
            {
                Thread.sleep(1);
            }
            // lvcreate -s: a device for the snapshot, the origin suspended, both tables loaded, resumed
            assertEquals(0, dmsetup(f, "create", "snap", "--notable").exitCode);
            assertEquals(0, dmsetup(f, "suspend", "vol").exitCode);
            assertEquals(0, dmsetup(f, "load", "vol", "--table", "0 " + SECTORS + " snapshot-origin base").exitCode);
            final Path table = dir.resolve("snap.table");
            Files.writeString(table, "0 " + SECTORS + " snapshot base cow=memory:16m P 8\n");
            CliResult r = dmsetup(f, "load", "snap", table.toString());
            assertEquals(0, r.exitCode, r.toString());
            assertEquals(0, dmsetup(f, "resume", "snap").exitCode);
            assertEquals(0, dmsetup(f, "resume", "vol").exitCode);
            writer.get(120, TimeUnit.SECONDS);

            r = dmsetup(f, "table");
            assertEquals("snap: 0 " + SECTORS + " snapshot base cow P 8\nvol: 0 " + SECTORS
                + " snapshot-origin base\n", r.out);
            r = dmsetup(f, "status", "snap");
            assertTrue(r.out.matches("0 " + SECTORS + " snapshot \\d+/" + SECTORS + " \\d+\n"), r.out);
            assertEquals("snap\nvol\n", dmsetup(f, "ls").out);
            assertTrue(dmsetup(f, "info", "vol").out.contains("State: ACTIVE"));

            try (NbdTestClient snap = NbdTestClient.open(f.socket, "snap");
                 NbdTestClient vol = NbdTestClient.open(f.socket, "vol"))
            {
                int prefix = 0;
                while (prefix < BLOCKS && ByteBuffer.wrap(snap.read(1, (long) prefix * BLOCK, BLOCK)).getInt(0) == prefix + 1)
                {
                    prefix++;
                }
                assertTrue(prefix >= 100, "the snapshot holds the writes acknowledged before it: " + prefix);
                for (int i = prefix; i < BLOCKS; i += 97)
                {
                    assertEquals(0, ByteBuffer.wrap(snap.read(2, (long) i * BLOCK, BLOCK)).getInt(0),
                        "block " + i + " was written after the snapshot");
                }
                for (int i = 0; i < BLOCKS; i += 61)
                {
                    assertEquals(i + 1, ByteBuffer.wrap(vol.read(3, (long) i * BLOCK, BLOCK)).getInt(0));
                }
                r = dmsetup(f, "remove", "snap");
                assertEquals(1, r.exitCode, "a device with an NBD client is busy");
                assertTrue(r.err.contains("busy"), r.err);
            }
            // once the clients' connections wound down, the snapshot can go
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (f.session.server().openConnections("snap") > 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            r = dmsetup(f, "remove", "snap");
            assertEquals(0, r.exitCode, r.toString());
            assertEquals("vol\n", dmsetup(f, "ls").out);
        }
    }

    private static void writeAll(final ServeFixture f, final AtomicInteger written)
    {
        try (NbdTestClient c = NbdTestClient.open(f.socket, "vol"))
        {
            final byte[] block = new byte[BLOCK];
            for (int i = 0; i < BLOCKS; i++)
            {
                ByteBuffer.wrap(block).putInt(0, i + 1);
                c.write(i, (long) i * BLOCK, block);
                assertEquals(0, c.reply().error);
                written.incrementAndGet();
            }
        }
        catch (final IOException e)
        {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void waitReturnsWhenAnOverflowInvalidatesTheSnapshot() throws Exception
    {
        final String table = "origin\n0 8192 snapshot-origin base=memory:4m\n"
            + "small\n0 8192 snapshot base cow=memory:64k P 8\n";
        try (ServeFixture f = new ServeFixture(dir, table))
        {
            final CompletableFuture<CliResult> waiting = CompletableFuture.supplyAsync(() -> dmsetup(f, "wait", "small", "0"));
            try (NbdTestClient origin = NbdTestClient.open(f.socket, "origin"))
            {
                for (int i = 0; i < 64; i++)
                {
                    origin.write(i, (long) i * 4096, new byte[4096]);
                    assertEquals(0, origin.reply().error);
                }
            }
            final CliResult r = waiting.get(60, TimeUnit.SECONDS);
            assertEquals(0, r.exitCode, r.toString());
            assertEquals("1\n", r.out);
            assertEquals("0 8192 snapshot Invalid\n", dmsetup(f, "status", "small").out);
        }
    }

    @Test
    void badRequestsAreUsageErrorsAndFailedVerbsFail() throws Exception
    {
        try (ServeFixture f = ServeFixture.demo(dir, 4))
        {
            CliResult r = dmsetup(f, "frobnicate");
            assertEquals(2, r.exitCode);
            assertTrue(r.err.contains("unknown verb 'frobnicate'"), r.err);
            r = dmsetup(f, "create", "x", "--table", "0 8 nosuchtarget");
            assertEquals(1, r.exitCode);
            assertTrue(r.err.contains("unknown target type"), r.err);
            r = dmsetup(f, "create", "y", "--table", "0 8 linear memory:banana 0");
            assertEquals(2, r.exitCode);
            assertTrue(r.err.contains("not a size"), r.err);
            r = dmsetup(f, "suspend", "nosuch");
            assertEquals(1, r.exitCode);
            assertTrue(r.err.contains("no such device"), r.err);
            r = dmsetup(f, "message", "snapshot", "x", "hello");
            assertEquals(2, r.exitCode, r.toString());
            r = dmsetup(f, "create", "z", "--table", "0 8 linear memory:4k 0");
            assertEquals(0, r.exitCode, r.toString());
            assertEquals(0, dmsetup(f, "remove", "z").exitCode);
            assertFalse(r.errHasStackTrace());
        }
        final CliResult r = CliResult.run("dmsetup", "--socket", dir.resolve("none.sock").toString(), "ls");
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("no such socket"), r.err);
    }
}
