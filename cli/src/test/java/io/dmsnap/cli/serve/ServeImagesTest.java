package io.dmsnap.cli.serve;

import io.dmsnap.cli.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Image files behind the exports: a persistent COW outlives the server and reads back in a new one. */
final class ServeImagesTest
{
    @TempDir
    Path dir;

    @Test
    void aPersistentCowImageKeepsTheSnapshotAcrossRestarts() throws IOException
    {
        final Path base = dir.resolve("base.img");
        final Path cow = dir.resolve("snap.cow");
        try (RandomAccessFile f = new RandomAccessFile(base.toFile(), "rw"))
        {
            f.setLength(4 << 20);
        }
        try (RandomAccessFile f = new RandomAccessFile(cow.toFile(), "rw"))
        {
            f.setLength(4 << 20);
        }
        final String table = "origin\n0 8192 snapshot-origin base=" + base + "\n"
            + "snap\n0 8192 snapshot base cow=" + cow + " P 16\n";
        final byte[] mine = new byte[8192];
        for (int i = 0; i < mine.length; i++)
        {
            mine[i] = (byte) (i * 31);
        }
        final byte[] theirs = new byte[8192];
        java.util.Arrays.fill(theirs, (byte) 0x77);
        try (ServeFixture f = new ServeFixture(dir, table);
             NbdTestClient snap = NbdTestClient.open(f.socket, "snap");
             NbdTestClient origin = NbdTestClient.open(f.socket, "origin"))
        {
            snap.write(1, 65536, mine);
            assertEquals(0, snap.reply().error);
            origin.write(2, 0, theirs);
            assertEquals(0, origin.reply().error);
        }
        final CliResult inspect = CliResult.run("inspect", "--verify", cow.toString());
        assertEquals(0, inspect.exitCode, inspect.toString());
        assertTrue(inspect.out.contains("chunk size"), inspect.out);
        try (ServeFixture f = new ServeFixture(dir, table);
             NbdTestClient snap = NbdTestClient.open(f.socket, "snap");
             NbdTestClient origin = NbdTestClient.open(f.socket, "origin"))
        {
            assertArrayEquals(mine, snap.read(1, 65536, mine.length), "the snapshot's own write, from the COW image");
            assertArrayEquals(new byte[8192], snap.read(2, 0, 8192), "the origin's old data, copied out");
            assertArrayEquals(theirs, origin.read(3, 0, 8192));
        }
        final byte[] image = Files.readAllBytes(base);
        assertEquals(0x77, image[0], "the origin's write reached its image file");
    }
}
